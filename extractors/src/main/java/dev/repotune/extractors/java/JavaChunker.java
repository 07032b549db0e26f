package dev.repotune.extractors.java;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Problem;
import com.github.javaparser.Range;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.AnnotationDeclaration;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.CompactConstructorDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.ast.comments.JavadocComment;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;
import com.github.javaparser.ast.nodeTypes.NodeWithModifiers;
import com.github.javaparser.ast.nodeTypes.NodeWithSimpleName;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.type.ArrayType;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.ReferenceType;
import com.github.javaparser.ast.type.Type;
import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.CodeFacts;
import dev.repotune.extractors.CodeFacts.CallSite;
import dev.repotune.extractors.CodeFacts.Param;
import dev.repotune.extractors.CodeFacts.Thrown;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.TokenCounter;
import dev.repotune.extractors.text.Chunks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Java files as TYPE and METHOD chunks with {@link CodeFacts}, from one JavaParser parse and no symbol
 * solver. Not thread-safe: it holds one configured parser.
 */
public final class JavaChunker {
  /** TYPE chunks show a type's shape; past this they are cut, since METHOD chunks hold the code. */
  public static final int TYPE_TOKEN_CAP = 2000;

  private static final int MAX_WILDCARD_IMPORTS = 20;
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
  private static final Set<String> TEST_ANNOTATIONS =
      Set.of("Test", "ParameterizedTest", "RepeatedTest", "TestFactory", "TestTemplate");
  private static final List<String> TEST_FRAMEWORKS =
      List.of("org.junit", "junit.", "org.testng", "org.assertj", "org.hamcrest", "org.mockito", "com.google.common.truth");

  /** Thrown when JavaParser cannot read a file; the message is one line. */
  public static final class ParseFailure extends RuntimeException {
    ParseFailure(String message) {
      super(message, null, false, false);
    }
  }

  private final JavaParser parser;

  public JavaChunker() {
    // JAVA_21 reads everything 17 does plus record patterns and pattern switch. Tokens must be stored:
    // in JavaParser 3.28 setStoreTokens(false) also drops every node's range and all comments.
    // Comments are attributed because Javadoc is the point.
    this.parser = new JavaParser(configuration());
  }

  /**
   * Whether a path is in a test folder ({@code src/test/...}, {@code tests/...}): the one rule every part of
   * repotune that tells tests from main code by path uses (the chunker, the history, the replay).
   */
  public static boolean isTestPath(String path) {
    String p = "/" + path.replace('\\', '/');
    return p.contains("/test/") || p.contains("/tests/");
  }

  /** How repotune parses Java (the chunker and the FIM middles alike): see the constructor's note. */
  public static ParserConfiguration configuration() {
    return new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21)
        .setStoreTokens(true)
        .setAttributeComments(true)
        .setLexicalPreservationEnabled(false);
  }

  /** The chunks of one Java file in source order; throws {@link ParseFailure} when it does not parse. */
  public List<Chunk> chunk(SourceFile f) {
    ParseResult<CompilationUnit> r = parser.parse(f.text());
    if (!r.isSuccessful() || r.getResult().isEmpty()) {
      throw new ParseFailure(describe(r.getProblems()));
    }
    return new FileRun(f, r.getResult().get()).run();
  }

  private static String describe(List<Problem> problems) {
    if (problems.isEmpty()) {
      return "JavaParser returned no compilation unit";
    }
    Problem p = problems.get(0);
    String where =
        p.getLocation()
            .flatMap(l -> l.toRange())
            .map(r -> "line " + r.begin.line + ", column " + r.begin.column + ": ")
            .orElse("");
    String msg = p.getMessage().strip();
    int nl = msg.indexOf('\n');
    if (nl >= 0) {
      msg = msg.substring(0, nl).strip();
    }
    if (msg.length() > 200) {
      msg = msg.substring(0, 200) + "...";
    }
    return where + msg + (problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : "");
  }

  /** The state of one file's extraction. */
  private static final class FileRun {
    private final SourceFile f;
    private final CompilationUnit cu;
    private final SourceText src;
    private final AsWritten written;
    private final String pkg;
    private final boolean testPath;
    /** Imports JUnit, TestNG or an assertion library: a class named *Test is then a test. */
    private final boolean testFramework;
    private final List<Chunk> out = new ArrayList<>();

    FileRun(SourceFile f, CompilationUnit cu) {
      this.f = f;
      this.cu = cu;
      this.src = new SourceText(f.text());
      this.written = new AsWritten(src);
      this.pkg = cu.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
      this.testPath = isTestPath(f.path());
      this.testFramework =
          cu.getImports().stream()
              .map(i -> i.getNameAsString())
              .anyMatch(n -> TEST_FRAMEWORKS.stream().anyMatch(n::startsWith));
    }

    List<Chunk> run() {
      for (TypeDeclaration<?> t : cu.getTypes()) {
        visitType(t, List.of());
      }
      out.sort(
          Comparator.comparingInt(Chunk::startLine)
              .thenComparing(Chunk::endLine, Comparator.reverseOrder())
              .thenComparing(Chunk::kind));
      return out;
    }

    private void visitType(TypeDeclaration<?> t, List<TypeDeclaration<?>> outer) {
      List<TypeDeclaration<?>> chain = new ArrayList<>(outer);
      chain.add(t);
      typeChunk(t, outer);
      for (BodyDeclaration<?> m : t.getMembers()) {
        if (m instanceof TypeDeclaration<?> nested) {
          visitType(nested, chain);
        } else if (m instanceof CallableDeclaration<?> || m instanceof CompactConstructorDeclaration) {
          methodChunk(m, chain);
        }
      }
    }

    // ---------------------------------------------------------------- types

    private void typeChunk(TypeDeclaration<?> t, List<TypeDeclaration<?>> outer) {
      int start = startLine(t);
      int end = t.getEnd().orElseThrow().line;
      int braceOffset = braceOffset(t);
      int braceLine = src.lineOf(braceOffset);
      String text = capped(typeText(t, start, end), end);
      String symbol = qualified(t, outer);
      JavadocText.Doc doc = doc(t);
      List<Param> params = new ArrayList<>();
      if (t instanceof RecordDeclaration r) {
        for (Parameter p : r.getParameters()) {
          params.add(param(p, doc));
        }
      }
      List<TypeDeclaration<?>> chain = new ArrayList<>(outer);
      chain.add(t);
      CodeFacts facts =
          new CodeFacts(
              pkg,
              joinNames(outer),
              t.getNameAsString(),
              kindOf(t),
              signature(t, written.leading(t, t.getAnnotations()), braceOffset),
              doc.whole(),
              doc.summary(),
              params,
              "",
              "",
              List.of(),
              annotationNames(t.getAnnotations()),
              modifiers(t),
              supertypes(t),
              List.of(),
              false,
              testPath || testClass(chain),
              false, // a type is not a test method
              end - braceLine + 1,
              t.getName().getBegin().orElseThrow().line);
      out.add(
          Chunks.make(f, ChunkKind.TYPE, symbol, start, end, context(text, outer, null), text, facts));
    }

    /** The type's lines with member bodies and member Javadoc folded to one line each. */
    private String typeText(TypeDeclaration<?> t, int start, int end) {
      TreeMap<Integer, int[]> folds = new TreeMap<>(); // first line -> {last line}
      Map<Integer, String> replacement = new LinkedHashMap<>();
      for (BodyDeclaration<?> m : t.getMembers()) {
        m.getComment()
            .filter(JavadocComment.class::isInstance)
            .ifPresent(c -> foldJavadoc((JavadocComment) c, folds, replacement));
        int open = -1;
        int close = -1;
        Optional<BlockStmt> body = bodyOf(m);
        if (body.isPresent()) {
          open = body.get().getBegin().orElseThrow().line;
          close = body.get().getEnd().orElseThrow().line;
        } else if (m instanceof TypeDeclaration<?> nested) {
          open = src.lineOf(braceOffset(nested));
          close = nested.getEnd().orElseThrow().line;
        }
        int n = close - open - 1;
        if (open > 0 && n >= 2) {
          String first = src.line(open + 1);
          for (int i = open + 1; i < close && first.isBlank(); i++) {
            first = src.line(i);
          }
          folds.put(open + 1, new int[] {close - 1});
          replacement.put(open + 1, indent(first) + "// ... " + n + " lines");
        }
      }
      StringBuilder sb = new StringBuilder();
      for (int line = start; line <= end; line++) {
        int[] fold = folds.get(line);
        if (sb.length() > 0 || line > start) {
          sb.append('\n');
        }
        if (fold != null) {
          sb.append(replacement.get(line));
          line = fold[0];
        } else {
          sb.append(src.line(line));
        }
      }
      return sb.toString();
    }

    private void foldJavadoc(
        JavadocComment c, TreeMap<Integer, int[]> folds, Map<Integer, String> replacement) {
      int a = c.getBegin().orElseThrow().line;
      int b = c.getEnd().orElseThrow().line;
      String first = src.line(a);
      String last = src.line(b);
      // Fold only a comment that owns its lines, so no code is hidden with it.
      if (b - a < 2 || !first.strip().startsWith("/**") || !last.strip().endsWith("*/")) {
        return;
      }
      String summary = JavadocText.render(c).summary().replaceAll("\\s+", " ");
      Matcher m = Pattern.compile("^(.+?[.!?])(\\s|$)").matcher(summary);
      String sentence = m.find() ? m.group(1) : summary;
      if (sentence.length() > 100) {
        sentence = sentence.substring(0, 97) + "...";
      }
      folds.put(a, new int[] {b});
      replacement.put(a, indent(first) + "/** " + (sentence.isEmpty() ? "..." : sentence) + " */");
    }

    /** Cuts a TYPE text to about {@link #TYPE_TOKEN_CAP} tokens, keeping the closing line. */
    private String capped(String text, int endLine) {
      if (text.length() <= TYPE_TOKEN_CAP * 2 || TokenCounter.count(text) <= TYPE_TOKEN_CAP) {
        return text;
      }
      String[] lines = text.split("\n", -1);
      int budget = TYPE_TOKEN_CAP - 30;
      int sum = 0;
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < lines.length - 1; i++) {
        String l = lines[i];
        int t = l.length() > budget * 8 ? budget + 1 : TokenCounter.count(l) + 1;
        if (sum + t > budget) {
          break;
        }
        sum += t;
        sb.append(l).append('\n');
      }
      String last = src.line(endLine);
      return sb.append(indent(last)).append("  // ... truncated\n").append(last).toString();
    }

    private List<String> supertypes(TypeDeclaration<?> t) {
      List<String> out = new ArrayList<>();
      if (t instanceof ClassOrInterfaceDeclaration c) {
        c.getExtendedTypes().forEach(x -> out.add(x.getNameWithScope()));
        c.getImplementedTypes().forEach(x -> out.add(x.getNameWithScope()));
      } else if (t instanceof EnumDeclaration e) {
        e.getImplementedTypes().forEach(x -> out.add(x.getNameWithScope()));
      } else if (t instanceof RecordDeclaration r) {
        r.getImplementedTypes().forEach(x -> out.add(x.getNameWithScope()));
      }
      return out;
    }

    private static String kindOf(TypeDeclaration<?> t) {
      if (t instanceof ClassOrInterfaceDeclaration c) {
        return c.isInterface() ? "interface" : "class";
      }
      if (t instanceof EnumDeclaration) {
        return "enum";
      }
      if (t instanceof RecordDeclaration) {
        return "record";
      }
      if (t instanceof AnnotationDeclaration) {
        return "annotation";
      }
      return "class";
    }

    private String qualified(TypeDeclaration<?> t, List<TypeDeclaration<?>> outer) {
      StringBuilder sb = new StringBuilder(pkg);
      for (TypeDeclaration<?> o : outer) {
        sb.append(sb.length() > 0 ? "." : "").append(o.getNameAsString());
      }
      return sb.append(sb.length() > 0 ? "." : "").append(t.getNameAsString()).toString();
    }

    private int braceOffset(TypeDeclaration<?> t) {
      int from = src.offset(t.getName().getEnd().orElseThrow()) + 1;
      int brace = src.openBrace(from);
      return brace < 0 ? src.offset(t.getEnd().orElseThrow()) : brace;
    }

    // ---------------------------------------------------------------- methods

    private void methodChunk(BodyDeclaration<?> m, List<TypeDeclaration<?>> chain) {
      TypeDeclaration<?> owner = chain.get(chain.size() - 1);
      int start = startLine(m);
      int end = m.getEnd().orElseThrow().line;
      String text = src.lines(start, end);
      JavadocText.Doc doc = doc(m);

      String name;
      String kind;
      String returnType = "";
      List<Parameter> parameters;
      NodeList<ReferenceType> thrownTypes;
      if (m instanceof MethodDeclaration md) {
        name = md.getNameAsString();
        kind = "method";
        returnType = written.returnType(md);
        parameters = md.getParameters();
        thrownTypes = md.getThrownExceptions();
      } else if (m instanceof ConstructorDeclaration cd) {
        name = cd.getNameAsString();
        kind = "constructor";
        parameters = cd.getParameters();
        thrownTypes = cd.getThrownExceptions();
      } else {
        CompactConstructorDeclaration cc = (CompactConstructorDeclaration) m;
        name = cc.getNameAsString();
        kind = "constructor";
        parameters = owner instanceof RecordDeclaration r ? r.getParameters() : new NodeList<>();
        thrownTypes = cc.getThrownExceptions();
      }
      List<Param> params = new ArrayList<>();
      List<String> erased = new ArrayList<>();
      for (Parameter p : parameters) {
        params.add(param(p, doc));
        erased.add(erase(p.getType()) + (p.isVarArgs() ? "..." : ""));
      }
      String enclosing = joinNames(chain);
      String symbol = enclosing + "." + name + "(" + String.join(", ", erased) + ")";

      Optional<BlockStmt> body = bodyOf(m);
      int sigEnd =
          body.map(b -> src.offset(b.getBegin().orElseThrow()))
              .orElseGet(() -> src.offset(m.getEnd().orElseThrow()) + 1);
      NodeList<AnnotationExpr> annotations = ((NodeWithAnnotations<?>) m).getAnnotations();
      List<String> annotationNames = annotationNames(annotations);
      boolean isOverride =
          annotationNames.stream().anyMatch(a -> a.equals("Override") || a.equals("java.lang.Override"));
      boolean isTestMethod = m instanceof MethodDeclaration md && testMethod(md, annotationNames, chain);
      boolean isTest = testPath || testClass(chain) || isTestMethod;
      List<CallSite> calls =
          body.isPresent() ? new CallScopes(chain, m).calls(body.get()) : List.of();
      int bodyLines =
          body.map(b -> b.getEnd().orElseThrow().line - b.getBegin().orElseThrow().line + 1).orElse(0);

      CodeFacts facts =
          new CodeFacts(
              pkg,
              enclosing,
              name,
              kind,
              signature(m, written.leading(m, annotations), sigEnd),
              doc.whole(),
              doc.summary(),
              params,
              returnType,
              doc.returnDoc(),
              thrown(thrownTypes, doc),
              annotationNames,
              modifiers((NodeWithModifiers<?>) m),
              List.of(),
              calls,
              isOverride,
              isTest,
              isTestMethod,
              bodyLines,
              ((NodeWithSimpleName<?>) m).getName().getBegin().orElseThrow().line);
      out.add(
          Chunks.make(
              f, ChunkKind.METHOD, symbol, start, end, context(text, chain, paramNames(parameters)), text, facts));
    }

    private static Optional<BlockStmt> bodyOf(BodyDeclaration<?> m) {
      if (m instanceof MethodDeclaration md) {
        return md.getBody();
      }
      if (m instanceof ConstructorDeclaration cd) {
        return Optional.of(cd.getBody());
      }
      if (m instanceof CompactConstructorDeclaration cc) {
        return Optional.of(cc.getBody());
      }
      if (m instanceof InitializerDeclaration id) {
        return Optional.of(id.getBody());
      }
      return Optional.empty();
    }

    private Param param(Parameter p, JavadocText.Doc doc) {
      String name = p.getNameAsString();
      return new Param(written.paramType(p), name, doc.params().getOrDefault(name, ""));
    }

    private static List<Thrown> thrown(NodeList<ReferenceType> declared, JavadocText.Doc doc) {
      Map<String, Thrown> out = new LinkedHashMap<>();
      Map<String, String> docsBySimple = new LinkedHashMap<>();
      doc.throwsDocs().forEach((k, v) -> docsBySimple.putIfAbsent(lastSegment(k), v));
      for (ReferenceType t : declared) {
        String type = t.asString();
        String simple = lastSegment(type);
        out.putIfAbsent(simple, new Thrown(type, docsBySimple.getOrDefault(simple, "")));
      }
      doc.throwsDocs().forEach((k, v) -> out.putIfAbsent(lastSegment(k), new Thrown(k, v)));
      return List.copyOf(out.values());
    }

    /** A parameter type as written, without generics or annotations: {@code Map.Entry}, {@code int[]}. */
    static String erase(Type t) {
      if (t instanceof ClassOrInterfaceType c) {
        return c.getScope().map(s -> erase(s) + ".").orElse("") + c.getNameAsString();
      }
      if (t instanceof ArrayType a) {
        return erase(a.getComponentType()) + "[]";
      }
      return t.asString();
    }

    // ---------------------------------------------------------------- shared

    /** The first line of a declaration's comment, annotations or declaration. */
    private int startLine(Node n) {
      int line = n.getBegin().orElseThrow().line;
      Optional<Comment> c = n.getComment();
      if (c.isPresent() && c.get().getBegin().isPresent()) {
        line = Math.min(line, c.get().getBegin().get().line);
      }
      return line;
    }

    private JavadocText.Doc doc(Node n) {
      return n.getComment()
          .filter(JavadocComment.class::isInstance)
          .map(c -> JavadocText.render((JavadocComment) c))
          .orElse(JavadocText.Doc.NONE);
    }

    /**
     * The declaration from its first modifier to its body, as written but without comments and the
     * annotations written before it ({@link AsWritten#leading}).
     */
    private String signature(Node decl, List<AnnotationExpr> annotations, int endExclusive) {
      List<Range> cuts = new ArrayList<>();
      annotations.forEach(a -> a.getRange().ifPresent(cuts::add));
      for (Comment c : decl.getAllContainedComments()) {
        c.getRange().filter(r -> src.offset(r.begin) < endExclusive).ifPresent(cuts::add);
      }
      int from = src.offset(decl.getBegin().orElseThrow());
      String s = src.sliceWithout(from, Math.max(from, endExclusive), cuts).replaceAll("\\s+", " ").strip();
      if (s.endsWith(";")) {
        s = s.substring(0, s.length() - 1).strip();
      }
      return s.replace("( ", "(").replace(" )", ")").replace(" ,", ",");
    }

    /**
     * File, package, the imports the text uses, and the enclosing types' declaration lines; for a member
     * (its parameter names given), then the fields of its own type that the text names, as written
     * ({@link #fieldLine}), a field a parameter shadows only when named as {@code this.name}: what a
     * developer sees of the class while writing the method.
     */
    private String context(String text, List<TypeDeclaration<?>> enclosing, Set<String> params) {
      StringBuilder sb = new StringBuilder("// File: ").append(dev.repotune.extractors.PathText.escape(f.path()));
      if (!pkg.isEmpty()) {
        sb.append("\npackage ").append(pkg).append(';');
      }
      Set<String> ids = new HashSet<>();
      Matcher m = IDENTIFIER.matcher(text);
      while (m.find()) {
        ids.add(m.group());
      }
      int wildcards = 0;
      for (ImportDeclaration imp : cu.getImports()) {
        String name = imp.getNameAsString();
        boolean use;
        if (imp.isAsterisk()) {
          use = wildcards++ < MAX_WILDCARD_IMPORTS;
        } else {
          use = ids.contains(lastSegment(name));
        }
        if (use) {
          sb.append("\nimport ")
              .append(imp.isStatic() ? "static " : "")
              .append(name)
              .append(imp.isAsterisk() ? ".*" : "")
              .append(';');
        }
      }
      for (TypeDeclaration<?> t : enclosing) {
        sb.append('\n').append(header(t));
      }
      if (params != null && !enclosing.isEmpty()) {
        for (BodyDeclaration<?> member : enclosing.get(enclosing.size() - 1).getMembers()) {
          if (member instanceof FieldDeclaration fd
              && fd.getVariables().stream().map(v -> v.getNameAsString()).anyMatch(
                  n -> params.contains(n) ? text.contains("this." + n) : ids.contains(n))) {
            sb.append('\n').append(fieldLine(fd));
          }
        }
      }
      return sb.toString();
    }

    private static Set<String> paramNames(List<Parameter> parameters) {
      Set<String> out = new HashSet<>();
      parameters.forEach(p -> out.add(p.getNameAsString()));
      return out;
    }

    /**
     * A field declaration as written, annotations included, its comment not; one that spans lines (a
     * long initializer) as its first line's declaration up to the initializer and {@code = ...;}. Always
     * one line, never ending in '{', so a reader of the context can tell the fields from the headers.
     */
    private String fieldLine(FieldDeclaration fd) {
      // from the line of its type: annotations on lines of their own are left out
      int from = fd.getElementType().getBegin().orElse(fd.getBegin().orElseThrow()).line;
      int to = fd.getEnd().orElseThrow().line;
      String first = src.line(from).stripTrailing();
      if (from == to) {
        return first;
      }
      String decl = first;
      int eq = decl.indexOf('=');
      if (eq >= 0) {
        decl = decl.substring(0, eq).stripTrailing();
      } else if (decl.endsWith(";")) {
        decl = decl.substring(0, decl.length() - 1);
      }
      return decl + (fd.getVariables().stream().anyMatch(v -> v.getInitializer().isPresent()) ? " = ...;" : ";");
    }

    /** A type's declaration lines as written, from its first modifier line to its '{'. */
    private String header(TypeDeclaration<?> t) {
      int nameLine = t.getName().getBegin().orElseThrow().line;
      int from = t.getBegin().orElseThrow().line;
      for (AnnotationExpr a : t.getAnnotations()) {
        int aEnd = a.getEnd().orElseThrow().line;
        if (aEnd < nameLine) {
          from = Math.max(from, aEnd + 1);
        }
      }
      int to = Math.max(from, src.lineOf(braceOffset(t)));
      return src.lines(from, to);
    }

    /**
     * A test class by name, in a file that imports a test framework: the JDK names XPath node tests
     * ({@code PredicatedNodeTest}) and JFR's {@code <test>} element ({@code XmlTest}) this way, and took
     * them for the tests of what they call.
     */
    private boolean testClass(List<TypeDeclaration<?>> chain) {
      if (!testFramework) {
        return false;
      }
      for (TypeDeclaration<?> t : chain) {
        String n = t.getNameAsString();
        if (n.endsWith("Test") || n.endsWith("Tests") || n.endsWith("IT") || n.endsWith("TestCase")) {
          return true;
        }
      }
      return false;
    }

    /**
     * A method a test runner runs: annotated as a test (JUnit 4 and 5, TestNG), or JUnit 3's {@code
     * public void test*()} in a {@link #junit3Case TestCase subclass}.
     */
    private boolean testMethod(
        MethodDeclaration md, List<String> annotationNames, List<TypeDeclaration<?>> chain) {
      if (annotationNames.stream().map(JavaChunker::lastSegment).anyMatch(TEST_ANNOTATIONS::contains)) {
        return true;
      }
      return md.getNameAsString().startsWith("test")
          && md.isPublic()
          && !md.isStatic()
          && !md.isAbstract()
          && md.getType().isVoidType()
          && md.getParameters().isEmpty()
          && junit3Case(chain.get(chain.size() - 1), new HashSet<>());
    }

    /**
     * A class that extends JUnit 3's {@code TestCase}: by name ({@code TestCase}, {@code
     * junit.framework.TestCase}, or a base named {@code *TestCase} such as {@code AbstractTestCase}), or
     * through a class of this file that does. A base in another file is not followed: the chunker reads
     * one file.
     */
    private boolean junit3Case(TypeDeclaration<?> t, Set<String> seen) {
      if (!(t instanceof ClassOrInterfaceDeclaration c) || c.isInterface() || !seen.add(c.getNameAsString())) {
        return false;
      }
      for (ClassOrInterfaceType sup : c.getExtendedTypes()) {
        if (sup.getNameAsString().endsWith("TestCase")) {
          return true;
        }
        for (ClassOrInterfaceDeclaration local : cu.findAll(ClassOrInterfaceDeclaration.class)) {
          if (local.getNameAsString().equals(sup.getNameAsString()) && junit3Case(local, seen)) {
            return true;
          }
        }
      }
      return false;
    }

    private static String joinNames(List<TypeDeclaration<?>> chain) {
      StringBuilder sb = new StringBuilder();
      for (TypeDeclaration<?> t : chain) {
        sb.append(sb.length() > 0 ? "." : "").append(t.getNameAsString());
      }
      return sb.toString();
    }

    private static List<String> annotationNames(NodeList<AnnotationExpr> annotations) {
      List<String> out = new ArrayList<>();
      annotations.forEach(a -> out.add(a.getNameAsString()));
      return out;
    }

    private static List<String> modifiers(NodeWithModifiers<?> n) {
      List<String> out = new ArrayList<>();
      for (Modifier m : n.getModifiers()) {
        out.add(m.getKeyword().asString());
      }
      return out;
    }

    private static String indent(String line) {
      int i = 0;
      while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
        i++;
      }
      return line.substring(0, i);
    }
  }

  static String lastSegment(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }
}
