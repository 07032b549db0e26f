package dev.repotune.extractors.history;

import com.github.javaparser.JavaParser;
import com.github.javaparser.JavaToken;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.CompactConstructorDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.ast.type.ArrayType;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import dev.repotune.extractors.java.JavaChunker;
import dev.repotune.extractors.java.SourceText;
import dev.repotune.extractors.text.Lines;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Java declarations one file change touches: methods, constructors and type headers whose text
 * differs between the two sides, or that exist on one side only. A commit's diff says which lines moved;
 * this says which declarations, so a history example can be "this method, before and after".
 *
 * <p>Symbols are written as the chunker writes them ({@code Outer.Inner.method(Map.Entry, int[])}: the
 * enclosing types without the package, parameter types erased), so a change can be joined to the
 * chunks and index rows of the same code. A type's header is its Javadoc, annotations and declaration
 * up to its '{' (record components included), under the type's own name.
 *
 * <p>A change of whitespace only (reindenting, rewrapped Javadoc) is no change: the sides are compared
 * token by token, whitespace dropped, so a changed string literal still counts. A side that does not
 * parse gives no members at all rather than a guess.
 */
public final class ChangedMembers {
  private static final List<String> TEST_FRAMEWORKS =
      List.of(
          "org.junit", "junit.", "org.testng", "org.assertj", "org.hamcrest", "org.mockito",
          "com.google.common.truth");

  private ChangedMembers() {}

  /** The declarations of a {@code .java} file change that differ, after side's file order first. */
  public static List<MemberChange> of(FileChange f) {
    if (f.binary() || !f.path().endsWith(".java") || (f.before() == null && f.after() == null)) {
      return List.of();
    }
    JavaParser parser = new JavaParser(JavaChunker.configuration());
    Optional<Map<String, Member>> before = f.before() == null ? Optional.of(Map.of()) : members(parser, f.before());
    Optional<Map<String, Member>> after = f.after() == null ? Optional.of(Map.of()) : members(parser, f.after());
    if (before.isEmpty() || after.isEmpty()) {
      return List.of();
    }
    boolean test = isTest(f, f.after() != null ? after.get() : before.get());
    List<MemberChange> out = new ArrayList<>();
    for (Member a : after.get().values()) {
      Member b = before.get().get(a.symbol());
      if (b == null) {
        out.add(new MemberChange(f.path(), a.symbol(), a.kind(), null, a.text(), test));
      } else if (!b.tokens().equals(a.tokens())) {
        out.add(new MemberChange(f.path(), a.symbol(), a.kind(), b.text(), a.text(), test));
      }
    }
    for (Member b : before.get().values()) {
      if (!after.get().containsKey(b.symbol())) {
        out.add(new MemberChange(f.path(), b.symbol(), b.kind(), b.text(), null, test));
      }
    }
    return out;
  }

  /**
   * One declaration of one side: its symbol and kind, its text as written, and its tokens without
   * whitespace (comments with their inner whitespace dropped), what two sides are compared by.
   */
  private record Member(String symbol, String kind, String text, String tokens, boolean testFramework) {}

  /** The declarations of a file in source order by symbol, or empty when it does not parse. */
  private static Optional<Map<String, Member>> members(JavaParser parser, String text) {
    ParseResult<CompilationUnit> r;
    try {
      r = parser.parse(text);
    } catch (RuntimeException e) {
      return Optional.empty(); // JavaParser throws on some inputs instead of reporting a problem
    }
    if (!r.isSuccessful() || r.getResult().isEmpty()) {
      return Optional.empty();
    }
    CompilationUnit cu = r.getResult().get();
    boolean testFramework =
        cu.getImports().stream()
            .map(i -> i.getNameAsString())
            .anyMatch(n -> TEST_FRAMEWORKS.stream().anyMatch(n::startsWith));
    Collector c = new Collector(text, testFramework);
    try {
      for (TypeDeclaration<?> t : cu.getTypes()) {
        c.visitType(t, "");
      }
    } catch (RuntimeException e) {
      return Optional.empty(); // a node without a range: nothing trustworthy to cut out
    }
    return Optional.of(c.out);
  }

  /**
   * Test code as the chunker decides it: a path under a {@code test/} or {@code tests/} folder, or a
   * class named {@code *Test}, {@code *Tests}, {@code *IT} or {@code *TestCase} in a file that imports a
   * test framework.
   */
  private static boolean isTest(FileChange f, Map<String, Member> side) {
    if (JavaChunker.isTestPath(f.path())) {
      return true;
    }
    String p = "/" + f.path().replace('\\', '/');
    String name = p.substring(p.lastIndexOf('/') + 1).replaceFirst("\\.java$", "");
    boolean framework = side.values().stream().anyMatch(Member::testFramework);
    return framework
        && (name.endsWith("Test") || name.endsWith("Tests") || name.endsWith("IT") || name.endsWith("TestCase"));
  }

  /**
   * A comment's text without whitespace and without the {@code *} that starts each line of a block
   * comment: a rewrapped Javadoc reads the same.
   */
  static String commentWords(String comment) {
    StringBuilder sb = new StringBuilder();
    for (String line : Lines.split(comment)) {
      String s = line.strip();
      while (s.startsWith("*") && !s.startsWith("*/")) {
        s = s.substring(1);
      }
      sb.append(CommitDiffs.squeeze(s));
    }
    return sb.toString();
  }

  private static final class Collector {
    private final String text;
    private final SourceText source;
    private final boolean testFramework;
    private final Map<String, Member> out = new LinkedHashMap<>();

    Collector(String text, boolean testFramework) {
      this.text = text;
      this.source = new SourceText(text);
      this.testFramework = testFramework;
    }

    void visitType(TypeDeclaration<?> t, String outer) {
      String name = outer.isEmpty() ? t.getNameAsString() : outer + "." + t.getNameAsString();
      header(t, name);
      for (BodyDeclaration<?> m : t.getMembers()) {
        if (m instanceof TypeDeclaration<?> nested) {
          visitType(nested, name);
        } else if (m instanceof CallableDeclaration<?> || m instanceof CompactConstructorDeclaration) {
          callable(m, t, name);
        }
      }
    }

    private void header(TypeDeclaration<?> t, String symbol) {
      int from = start(t);
      int brace = source.openBrace(source.offset(t.getName().getEnd().orElseThrow()) + 1);
      int to = brace < 0 ? source.offset(t.getEnd().orElseThrow()) + 1 : brace + 1;
      String tokens = comment(t) + "\u0001" + tokens(t, to);
      add(new Member(symbol, "type", slice(from, to), tokens, testFramework));
    }

    private void callable(BodyDeclaration<?> m, TypeDeclaration<?> owner, String enclosing) {
      String name;
      String kind;
      NodeList<Parameter> parameters;
      if (m instanceof MethodDeclaration md) {
        name = md.getNameAsString();
        kind = "method";
        parameters = md.getParameters();
      } else if (m instanceof ConstructorDeclaration cd) {
        name = cd.getNameAsString();
        kind = "constructor";
        parameters = cd.getParameters();
      } else {
        name = ((CompactConstructorDeclaration) m).getNameAsString();
        kind = "constructor";
        parameters = owner instanceof RecordDeclaration r ? r.getParameters() : new NodeList<>();
      }
      List<String> erased = new ArrayList<>();
      for (Parameter p : parameters) {
        erased.add(erase(p.getType()) + (p.isVarArgs() ? "..." : ""));
      }
      String symbol = enclosing + "." + name + "(" + String.join(", ", erased) + ")";
      int to = source.offset(m.getEnd().orElseThrow()) + 1;
      String tokens = comment(m) + "\u0001" + tokens(m, to);
      add(new Member(symbol, kind, slice(start(m), to), tokens, testFramework));
    }

    private void add(Member m) {
      out.putIfAbsent(m.symbol(), m); // a duplicate symbol would not compile; keep the first
    }

    /** A parameter type as the chunker writes it: no generics or annotations ({@code Map.Entry}, {@code int[]}). */
    static String erase(Type t) {
      if (t instanceof ClassOrInterfaceType c) {
        return c.getScope().map(s -> erase(s) + ".").orElse("") + c.getNameAsString();
      }
      if (t instanceof ArrayType a) {
        return erase(a.getComponentType()) + "[]";
      }
      return t.asString();
    }

    /** The declaration's comment (its Javadoc) as {@link #commentWords}, or "" when it has none. */
    private static String comment(Node n) {
      return n.getComment().map(Comment::getContent).map(ChangedMembers::commentWords).orElse("");
    }

    /**
     * The declaration's tokens up to offset {@code to}, whitespace tokens dropped and the whitespace inside
     * comments removed, each followed by a separator so "a b" and "ab" stay apart.
     */
    private String tokens(Node n, int to) {
      StringBuilder sb = new StringBuilder();
      for (JavaToken tok : n.getTokenRange().orElseThrow()) {
        if (tok.getRange().isPresent() && source.offset(tok.getRange().get().begin) >= to) {
          break;
        }
        if (tok.getCategory().isWhitespace()) {
          continue;
        }
        String s = tok.getCategory().isComment() ? commentWords(tok.getText()) : tok.getText();
        sb.append(s).append('\u0000');
      }
      return sb.toString();
    }

    /** Where a declaration's text begins: its comment if it has one, else its first annotation or modifier. */
    private int start(Node n) {
      int from = source.offset(n.getBegin().orElseThrow());
      Optional<Comment> c = n.getComment();
      if (c.isPresent() && c.get().getBegin().isPresent()) {
        from = Math.min(from, source.offset(c.get().getBegin().get()));
      }
      return from;
    }

    /**
     * The text from {@code from} to {@code to}, with the first line's indentation when only whitespace
     * precedes the declaration on it, so the text reads as the file shows it.
     */
    private String slice(int from, int to) {
      int lineStart = from;
      while (lineStart > 0 && (text.charAt(lineStart - 1) == ' ' || text.charAt(lineStart - 1) == '\t')) {
        lineStart--;
      }
      if (lineStart == 0 || text.charAt(lineStart - 1) == '\n' || text.charAt(lineStart - 1) == '\r') {
        from = lineStart;
      }
      return text.substring(from, Math.min(to, text.length()));
    }

    /** A JavaParser position (tab size 1: a column is a char index + 1) as an offset into the text. */
  }
}
