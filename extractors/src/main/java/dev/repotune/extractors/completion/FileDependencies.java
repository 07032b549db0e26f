package dev.repotune.extractors.completion;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one file declares and what it refers to, for ordering a repository's files so that a file comes
 * after what it depends on. {@code declares}: the fully qualified names of its top-level and nested
 * types; {@code uses}: the fully qualified names it may refer to (its imports, and each simple type name
 * it mentions qualified by its own package and by each on-demand import), of which {@link
 * DependencyOrder} keeps those some file of the repository declares.
 *
 * <p>Candidates, not resolution: no symbol solver, one walk of the tree the caller already parsed (it
 * runs on every Java file of the JDK). A candidate no file declares ({@code java.util.List}, or {@code
 * org.jsoup.nodes.String} for a mention of {@code String}) costs one hash lookup and adds no edge.
 */
public record FileDependencies(String path, Set<String> declares, Set<String> uses) implements Serializable {
  public FileDependencies {
    declares = Set.copyOf(declares);
    uses = Set.copyOf(uses);
  }

  /** A file that declares and uses nothing (not Java, or did not parse). */
  public static FileDependencies none(String path) {
    return new FileDependencies(path, Set.of(), Set.of());
  }

  /** The declarations and references of a parsed Java file. */
  public static FileDependencies of(String path, CompilationUnit unit) {
    String pkg = unit.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
    Set<String> declares = new HashSet<>();
    for (TypeDeclaration<?> type : unit.getTypes()) {
      declare(qualify(pkg, type.getNameAsString()), type, declares);
    }

    Set<String> uses = new HashSet<>();
    // packages (or types, for "import a.B.*") whose members a simple name may be
    List<String> scopes = new ArrayList<>();
    scopes.add(pkg);
    // simple name -> the FQN a single-type import gives it, for nested forms (Outer.Inner)
    Map<String, String> imported = new HashMap<>();
    for (ImportDeclaration imp : unit.getImports()) {
      String name = imp.getNameAsString();
      if (imp.isAsterisk()) {
        uses.add(name); // "import static a.B.*" and "import a.B.*" may name a type
        if (!imp.isStatic()) {
          scopes.add(name);
        }
        continue;
      }
      uses.add(name); // a type, or a static member (or a member type) of one
      int dot = name.lastIndexOf('.');
      if (imp.isStatic()) {
        if (dot > 0) {
          uses.add(name.substring(0, dot)); // the type a static member belongs to
        }
      } else {
        imported.put(name.substring(dot + 1), name);
      }
    }

    Set<String> mentions = new HashSet<>();
    unit.walk(node -> mention(node, mentions));
    for (String m : mentions) {
      if (!Character.isUpperCase(m.charAt(0))) {
        addPrefixes(m, uses); // written out in full: org.jsoup.helper.Validate.notNull
        continue;
      }
      int dot = m.indexOf('.');
      String first = dot < 0 ? m : m.substring(0, dot);
      String viaImport = imported.get(first);
      if (viaImport != null) {
        uses.add(dot < 0 ? viaImport : viaImport + m.substring(dot));
      }
      for (String scope : scopes) {
        uses.add(qualify(scope, m));
      }
    }
    return new FileDependencies(path, declares, uses);
  }

  private static void declare(String fqn, TypeDeclaration<?> type, Set<String> declares) {
    declares.add(fqn);
    for (BodyDeclaration<?> member : type.getMembers()) {
      if (member instanceof TypeDeclaration<?> nested) {
        declare(fqn + "." + nested.getNameAsString(), nested, declares);
      }
    }
  }

  /**
   * Adds the type names {@code node} mentions: a type's name with its scope ({@code Map.Entry}), an
   * annotation's name, and the scope of a call or field access that looks like a type ({@code
   * Validate.notNull}, {@code Token.Type.EOF}: upper-case, or written out from its package).
   */
  private static void mention(Node node, Set<String> mentions) {
    if (node instanceof ClassOrInterfaceType t) {
      mentions.add(t.getNameWithScope());
    } else if (node instanceof AnnotationExpr a) {
      mentions.add(a.getNameAsString());
    } else if (node instanceof MethodCallExpr call) {
      call.getScope().ifPresent(s -> scopeName(s, mentions));
    } else if (node instanceof FieldAccessExpr access) {
      scopeName(access.getScope(), mentions);
    }
  }

  private static void scopeName(Expression scope, Set<String> mentions) {
    String name = nameChain(scope);
    if (name != null && !name.isEmpty()) {
      if (Character.isUpperCase(name.charAt(0)) || name.indexOf('.') > 0) {
        mentions.add(name);
      }
    }
  }

  /** {@code a.b.C} for a chain of plain names, null for anything else (a call, {@code this}, ...). */
  private static String nameChain(Expression e) {
    if (e instanceof NameExpr n) {
      return n.getNameAsString();
    }
    if (e instanceof FieldAccessExpr f) {
      String scope = nameChain(f.getScope());
      return scope == null ? null : scope + "." + f.getNameAsString();
    }
    return null;
  }

  /** {@code a.b.C.D} and each shorter prefix with a dot: whichever of them a file declares. */
  private static void addPrefixes(String name, Set<String> uses) {
    for (int end = name.length(); end > 0; end = name.lastIndexOf('.', end - 1)) {
      uses.add(name.substring(0, end));
    }
  }

  private static String qualify(String scope, String name) {
    return scope.isEmpty() ? name : scope + "." + name;
  }
}
