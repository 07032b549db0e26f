package dev.repotune.extractors.java;

import com.github.javaparser.Position;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.TypePatternExpr;
import com.github.javaparser.ast.type.ArrayType;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.PrimitiveType;
import com.github.javaparser.ast.type.Type;
import dev.repotune.extractors.CodeFacts.CallSite;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Guesses the type a call is made on from declarations in the same file only: a symbol solver would be
 * exact but costs far more than parsing. The type is given as written; the index resolves it the way
 * Java would, through imports, enclosing types and the package ({@code IndexEdges}).
 */
final class CallScopes {
  static final String UNKNOWN = "?";
  /** Opens the scope of a call made on another call's result: {@code "?(name/arity)" + that call's scope}. */
  static final String RESULT = "?(";

  private record Local(Position at, String type) {}

  private final Map<String, String> fields = new HashMap<>();
  private final Map<String, List<Local>> locals = new HashMap<>();
  private final String superClass;

  /** {@code chain}: the enclosing types, outermost first. */
  CallScopes(List<TypeDeclaration<?>> chain, Node member) {
    for (int i = chain.size() - 1; i >= 0; i--) {
      TypeDeclaration<?> t = chain.get(i);
      for (BodyDeclaration<?> m : t.getMembers()) {
        if (m instanceof FieldDeclaration fd) {
          for (VariableDeclarator v : fd.getVariables()) {
            fields.putIfAbsent(v.getNameAsString(), declaredType(v));
          }
        }
      }
      if (t instanceof RecordDeclaration r) {
        for (Parameter p : r.getParameters()) {
          fields.putIfAbsent(p.getNameAsString(), written(p.getType()));
        }
      }
      if (t instanceof EnumDeclaration e) {
        for (EnumConstantDeclaration c : e.getEntries()) {
          fields.putIfAbsent(c.getNameAsString(), e.getNameAsString());
        }
      }
    }
    TypeDeclaration<?> own = chain.get(chain.size() - 1);
    superClass =
        own instanceof ClassOrInterfaceDeclaration c && !c.isInterface() && c.getExtendedTypes().size() == 1
            ? c.getExtendedTypes().get(0).getNameWithScope()
            : UNKNOWN;
    for (Parameter p : member.findAll(Parameter.class)) {
      String type = p.isVarArgs() ? UNKNOWN : written(p.getType());
      addLocal(p.getNameAsString(), p.getBegin().orElse(Position.HOME), type);
    }
    for (TypePatternExpr tp : member.findAll(TypePatternExpr.class)) {
      addLocal(tp.getNameAsString(), tp.getBegin().orElse(Position.HOME), written(tp.getType()));
    }
    for (VariableDeclarator v : member.findAll(VariableDeclarator.class)) {
      addLocal(v.getNameAsString(), v.getBegin().orElse(Position.HOME), declaredType(v));
    }
    for (List<Local> l : locals.values()) {
      l.sort(Comparator.comparing(Local::at));
    }
  }

  private void addLocal(String name, Position at, String type) {
    locals.computeIfAbsent(name, k -> new ArrayList<>()).add(new Local(at, type));
  }

  /** The calls under {@code body} in source order, de-duplicated. */
  List<CallSite> calls(Node body) {
    List<MethodCallExpr> found = new ArrayList<>(body.findAll(MethodCallExpr.class));
    found.sort(Comparator.comparing(c -> c.getName().getBegin().orElse(Position.HOME)));
    Set<CallSite> out = new LinkedHashSet<>();
    for (MethodCallExpr c : found) {
      Position at = c.getBegin().orElse(Position.HOME);
      List<String> args = new ArrayList<>(c.getArguments().size());
      for (Expression a : c.getArguments()) {
        args.add(argumentType(a, at));
      }
      out.add(new CallSite(c.getNameAsString(), args.size(), scopeOf(c), args));
    }
    return List.copyOf(out);
  }

  /** An argument's type where the expression shows it, without a symbol solver; "?" otherwise. */
  private String argumentType(Expression e, Position at) {
    while (e instanceof EnclosedExpr en) {
      e = en.getInner();
    }
    if (e instanceof StringLiteralExpr || e instanceof TextBlockLiteralExpr) {
      return "String";
    }
    if (e instanceof IntegerLiteralExpr) {
      return "int";
    }
    if (e instanceof LongLiteralExpr) {
      return "long";
    }
    if (e instanceof CharLiteralExpr) {
      return "char";
    }
    if (e instanceof BooleanLiteralExpr) {
      return "boolean";
    }
    if (e instanceof DoubleLiteralExpr d) {
      String v = d.getValue();
      return v.endsWith("f") || v.endsWith("F") ? "float" : "double";
    }
    if (e instanceof NameExpr n) {
      String t = variable(n.getNameAsString(), at); // a bare capitalised name here is a constant, not a type
      return t == null ? UNKNOWN : t;
    }
    return e instanceof ObjectCreationExpr || e instanceof CastExpr ? typeOf(e, at) : UNKNOWN;
  }

  String scopeOf(MethodCallExpr call) {
    if (call.getScope().isEmpty()) {
      return "";
    }
    return typeOf(call.getScope().get(), call.getBegin().orElse(Position.HOME));
  }

  private String typeOf(Expression e, Position at) {
    while (e instanceof EnclosedExpr en) {
      e = en.getInner();
    }
    if (e instanceof ThisExpr th) {
      return th.getTypeName().map(n -> n.getIdentifier()).orElse("");
    }
    if (e instanceof SuperExpr) {
      return superClass;
    }
    if (e instanceof NameExpr n) {
      String name = n.getNameAsString();
      String t = variable(name, at);
      if (t != null) {
        return t;
      }
      return Character.isUpperCase(name.charAt(0)) ? name : UNKNOWN;
    }
    if (e instanceof FieldAccessExpr fa) {
      if (fa.getScope() instanceof ThisExpr) {
        return fields.getOrDefault(fa.getNameAsString(), UNKNOWN);
      }
      String name = fa.getNameAsString();
      if (Character.isUpperCase(name.charAt(0)) && isTypeName(fa.getScope(), at)) {
        return dotted(fa); // java.util.Objects.equals(..), Map.Entry.comparingByKey()
      }
      return UNKNOWN;
    }
    if (e instanceof ObjectCreationExpr oc) {
      return oc.getType().getNameWithScope();
    }
    if (e instanceof CastExpr c) {
      return written(c.getType());
    }
    if (e instanceof MethodCallExpr inner) {
      // The result's type is the called method's return type, which only the repository-wide index knows.
      return RESULT + inner.getNameAsString() + "/" + inner.getArguments().size() + ")" + scopeOf(inner);
    }
    return UNKNOWN;
  }

  /** A chain of names as written: {@code Map.Entry}, {@code java.util.Objects}. */
  private static String dotted(Expression e) {
    if (e instanceof FieldAccessExpr fa) {
      return dotted(fa.getScope()) + "." + fa.getNameAsString();
    }
    return e instanceof NameExpr n ? n.getNameAsString() : UNKNOWN;
  }

  /** Whether a qualifier is a package or type name rather than an expression on a variable. */
  private boolean isTypeName(Expression e, Position at) {
    if (e instanceof NameExpr n) {
      return variable(n.getNameAsString(), at) == null;
    }
    if (e instanceof FieldAccessExpr fa) {
      return isTypeName(fa.getScope(), at);
    }
    return false;
  }

  /** The declared type of a local, parameter or field in scope, or null when the name is none. */
  private String variable(String name, Position at) {
    List<Local> l = locals.get(name);
    if (l != null) {
      Local best = l.get(0);
      for (Local x : l) {
        if (x.at().compareTo(at) <= 0) {
          best = x;
        }
      }
      return best.type();
    }
    return fields.get(name);
  }

  private static String declaredType(VariableDeclarator v) {
    if (v.getType().isVarType()) {
      return v.getInitializer()
          .filter(ObjectCreationExpr.class::isInstance)
          .map(i -> ((ObjectCreationExpr) i).getType().getNameWithScope())
          .orElse(UNKNOWN);
    }
    return written(v.getType());
  }

  /**
   * A declared type's name as written, qualifier kept and type arguments dropped ({@code
   * ImmutableList.Builder}): the qualifier is what tells {@code ImmutableList.Builder} from the dozens
   * of other {@code Builder}s of a large repository. Arrays as {@code int[]}; "?" for inferred types.
   */
  static String written(Type t) {
    if (t instanceof ClassOrInterfaceType c) {
      return c.getNameWithScope();
    }
    if (t instanceof ArrayType a) {
      String component = written(a.getComponentType());
      return component.equals(UNKNOWN) ? UNKNOWN : component + "[]";
    }
    if (t instanceof PrimitiveType) {
      return t.asString();
    }
    return UNKNOWN;
  }
}
