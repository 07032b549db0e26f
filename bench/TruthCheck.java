import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Holds every SFT answer of a dataset against the repository's source at the dataset's commit, written
 * apart from repotune's own code (its own tokenizer, Javadoc reading and lookups) so that a bug in
 * repotune's rendering or index is not checked by the same bug:
 *
 * <ul>
 *   <li>code blocks (prompt and answer) are the source: their tokens follow the file's tokens in order,
 *       skipping only annotations, comments and a method body (a signature is a declaration without its
 *       body); a block drawn from a Javadoc comment matches the comment's lines as written or as
 *       javadoc shows them (tags out and entities decoded outside {@code {@code}}, verbatim inside);
 *   <li>every backticked path exists; every backticked identifier occurs in the repository's text;
 *       "package `p`" is the file's package;
 *   <li>list bullets name a declaration of that file; a test is an annotated test method (JUnit 4/5,
 *       TestNG) or a JUnit 3 {@code test*} method of a {@code TestCase} subclass; a caller's or test's
 *       body names the subject; an implementer extends or implements the subject (through the
 *       repository's own types);
 *   <li>no question or answer states a line number.
 * </ul>
 *
 * Run: java -Xss8m -cp pipeline/target/repotune.jar bench/TruthCheck.java DATASET_DIR BARE_GIT_DIR
 * [EXAMPLES]. Prints the task mix, the share of rows stating a line, and each false row found (up to
 * EXAMPLES per check, default 5) and the share of rows that repeat another row's answer word for word;
 * exits 1 when any row is false or states a line.
 */
public class TruthCheck {
  static final Pattern FENCE = Pattern.compile("```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL);
  static final Pattern SPAN = Pattern.compile("`([^`\\n]+)`");
  static final Pattern LINE_NUMBER =
      Pattern.compile("\\b(?:line|lines|Line|Lines) \\d+|`:\\d+|\\.java:\\d+|\\(line \\d+\\)");
  static final Pattern BULLET = Pattern.compile("(?m)^- `([^`]+)` \\(`([^`]+)`\\)");
  static final Pattern PACKAGE = Pattern.compile("package `([\\w.]+)`");
  static final Pattern PATHLIKE = Pattern.compile("[\\w.-]+(?:/[\\w.$-]+)+\\.[A-Za-z]\\w*");
  static final Pattern IDENT = Pattern.compile("[A-Za-z_$][\\w$]*");
  static final Pattern TOKEN =
      Pattern.compile(
          "/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|[A-Za-z_$][\\w$]*|\\d[\\w.]*|\\S",
          Pattern.DOTALL);
  static final Set<String> TEST_ANNOTATIONS =
      Set.of("Test", "ParameterizedTest", "RepeatedTest", "TestFactory", "TestTemplate");
  static final Set<String> HTML_TAGS =
      Set.of("a", "b", "blockquote", "br", "caption", "cite", "code", "dd", "div", "dl", "dt", "em",
          "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s",
          "samp", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
          "tr", "tt", "u", "ul", "var");

  final Map<String, String> files = new TreeMap<>();
  final Map<String, CompilationUnit> parsed = new HashMap<>();
  final Map<String, List<String>> tokens = new HashMap<>();
  final Set<String> words = new HashSet<>();
  /** Simple type name → the simple names it extends or implements, over the repository's types. */
  final Map<String, Set<String>> supertypes = new HashMap<>();
  /** Simple type name → the files that declare a type of that name. */
  final Map<String, Set<String>> typeFiles = new HashMap<>();
  final JavaParser parser =
      new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
  final Map<String, List<String>> falseRows = new TreeMap<>();
  final Map<String, Integer> falseCounts = new TreeMap<>();
  int examples;

  public static void main(String[] args) throws Exception {
    Path dataset = Path.of(args[0]);
    TruthCheck check = new TruthCheck();
    check.examples = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    ObjectMapper json = new ObjectMapper();
    String commit = json.readTree(dataset.resolve("manifest.json").toFile()).path("repos").path(0).path("commit").asText(null);
    List<JsonNode> rows = new ArrayList<>();
    try (Stream<Path> s = Files.list(dataset.resolve("sft"))) {
      for (Path p : s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
          for (String line; (line = r.readLine()) != null; ) rows.add(json.readTree(line));
        }
      }
    }
    if (commit == null && !rows.isEmpty()) commit = rows.get(0).path("meta").path("commit").asText();
    check.load(Path.of(args[1]), commit);
    Map<String, int[]> mix = new TreeMap<>();
    Map<String, Integer> answers = new HashMap<>();
    int withLine = 0;
    for (JsonNode row : rows) {
      JsonNode ms = row.path("messages");
      answers.merge(ms.path(ms.size() - 1).path("content").asText(), 1, Integer::sum);
      String task = row.path("meta").path("task").asText();
      int[] m = mix.computeIfAbsent(task, k -> new int[2]);
      m["test".equals(row.path("meta").path("split").asText()) ? 1 : 0]++;
      if (check.row(row)) withLine++;
    }
    System.out.printf("%s at %s: %,d SFT rows, %,d files in the tree%n", dataset, commit, rows.size(), check.files.size());
    System.out.println("task mix (train / test, share of all rows):");
    for (Map.Entry<String, int[]> e : mix.entrySet()) {
      int all = e.getValue()[0] + e.getValue()[1];
      System.out.printf("  %-14s %7d / %6d  %5.1f%%  (test %4.1f%% of the kind)%n", e.getKey(), e.getValue()[0],
          e.getValue()[1], 100.0 * all / Math.max(1, rows.size()), 100.0 * e.getValue()[1] / Math.max(1, all));
    }
    System.out.printf("rows stating a line number: %d (%.1f%%)%n", withLine, 100.0 * withLine / Math.max(1, rows.size()));
    int shared = answers.values().stream().filter(n -> n > 1).mapToInt(Integer::intValue).sum();
    System.out.printf("rows whose answer is another row's answer word for word: %d (%.1f%%)%n", shared,
        100.0 * shared / Math.max(1, rows.size()));
    int total = check.falseCounts.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("false findings: %d%n", total);
    for (Map.Entry<String, Integer> e : check.falseCounts.entrySet()) {
      System.out.printf("  %-24s %d%n", e.getKey(), e.getValue());
      for (String ex : check.falseRows.get(e.getKey())) System.out.println("      " + ex);
    }
    System.exit(total == 0 && withLine == 0 ? 0 : 1);
  }

  void load(Path gitDir, String commit) throws Exception {
    try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).build();
        RevWalk walk = new RevWalk(repo);
        TreeWalk tree = new TreeWalk(repo)) {
      tree.addTree(walk.parseCommit(ObjectId.fromString(commit)).getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        byte[] bytes = repo.open(tree.getObjectId(0)).getCachedBytes(Integer.MAX_VALUE);
        String text = new String(bytes, StandardCharsets.UTF_8);
        files.put(tree.getPathString(), text);
        if (bytes.length < 2_000_000) {
          Matcher m = IDENT.matcher(text);
          while (m.find()) words.add(m.group());
        }
      }
    }
    for (String path : files.keySet()) {
      if (!path.endsWith(".java")) continue;
      CompilationUnit cu = unit(path);
      if (cu == null) continue;
      for (TypeDeclaration<?> t : cu.findAll(TypeDeclaration.class)) {
        typeFiles.computeIfAbsent(t.getNameAsString(), k -> new java.util.TreeSet<>()).add(path);
      }
      for (ClassOrInterfaceDeclaration t : cu.findAll(ClassOrInterfaceDeclaration.class)) {
        Set<String> sup = supertypes.computeIfAbsent(t.getNameAsString(), k -> new HashSet<>());
        for (ClassOrInterfaceType x : t.getExtendedTypes()) sup.add(x.getNameAsString());
        for (ClassOrInterfaceType x : t.getImplementedTypes()) sup.add(x.getNameAsString());
      }
      cu.findAll(com.github.javaparser.ast.body.EnumDeclaration.class).forEach(t -> supertypes
          .computeIfAbsent(t.getNameAsString(), k -> new HashSet<>())
          .addAll(t.getImplementedTypes().stream().map(ClassOrInterfaceType::getNameAsString).toList()));
      cu.findAll(com.github.javaparser.ast.body.RecordDeclaration.class).forEach(t -> supertypes
          .computeIfAbsent(t.getNameAsString(), k -> new HashSet<>())
          .addAll(t.getImplementedTypes().stream().map(ClassOrInterfaceType::getNameAsString).toList()));
    }
  }

  CompilationUnit unit(String path) {
    if (!path.endsWith(".java") || !files.containsKey(path)) return null;
    return parsed.computeIfAbsent(path, p -> parser.parse(files.get(p)).getResult().orElse(null));
  }

  List<String> tokensOf(String path) {
    return tokens.computeIfAbsent(path, p -> tokenize(files.get(p)));
  }

  static List<String> tokenize(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      String t = m.group();
      // A comment's lines compare without their indentation: blocks are shown de-indented.
      out.add(t.startsWith("/*") ? t.lines().map(String::strip).reduce((a, b) -> a + "\n" + b).orElse("") : t);
    }
    return out;
  }

  void fail(String check, JsonNode row, String detail) {
    falseCounts.merge(check, 1, Integer::sum);
    List<String> ex = falseRows.computeIfAbsent(check, k -> new ArrayList<>());
    if (ex.size() < examples) {
      String d = detail.replace("\n", "\\n");
      ex.add(row.path("meta").path("task").asText() + " " + row.path("meta").path("symbol").asText() + ": "
          + (d.length() > 220 ? d.substring(0, 220) + "…" : d));
    }
  }

  /** Checks one row; answers whether it states a line number. */
  boolean row(JsonNode row) {
    JsonNode meta = row.path("meta");
    String task = meta.path("task").asText();
    String path = meta.path("path").asText();
    String question = "";
    String answer = "";
    for (JsonNode m : row.path("messages")) {
      if ("user".equals(m.path("role").asText())) question = m.path("content").asText();
      if ("assistant".equals(m.path("role").asText())) answer = m.path("content").asText();
    }
    boolean line = LINE_NUMBER.matcher(stripFences(question)).find() || LINE_NUMBER.matcher(stripFences(answer)).find();
    if (!files.containsKey(path)) {
      fail("row path missing", row, path);
      return line;
    }
    List<String> cited = new ArrayList<>();
    cited.add(path);
    for (String text : List.of(question, answer)) {
      Matcher s = SPAN.matcher(stripFences(text));
      while (s.find()) {
        String span = s.group(1);
        if (span.contains("<REDACTED:")) continue; // redacted on purpose
        if (files.containsKey(span)) {
          cited.add(span);
        } else if (PATHLIKE.matcher(span).matches() && span.contains("/") && !span.contains("://")) {
          if (files.containsKey(span)) cited.add(span);
          else if (!isWebish(span)) fail("path does not exist", row, span);
        } else {
          for (Matcher id = IDENT.matcher(span); id.find(); ) {
            if (!words.contains(id.group())) {
              fail("identifier not in repo", row, "`" + span + "` (" + id.group() + ")");
              break;
            }
          }
        }
      }
    }
    Matcher pkg = PACKAGE.matcher(answer);
    if (pkg.find() && path.endsWith(".java")) {
      CompilationUnit cu = unit(path);
      String actual = cu == null ? null : cu.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
      if (cu != null && !pkg.group(1).equals(actual)) fail("wrong package", row, pkg.group(1) + " vs " + actual);
    }
    for (String text : List.of(question, answer)) {
      Matcher f = FENCE.matcher(text);
      while (f.find()) {
        String block = f.group(1);
        if (!codeMatches(block, cited, question + "\n" + answer)) fail("code block not in source", row, block);
      }
    }
    String subjectName = simpleName(meta.path("symbol").asText());
    Matcher b = BULLET.matcher(answer);
    while (b.find()) bullet(row, task, b.group(1), b.group(2), subjectName);
    if (task.equals("write-test")) {
      Matcher s = SPAN.matcher(stripFences(answer));
      String symbol = s.find() ? s.group(1) : null;
      String testPath = cited.size() > 1 ? cited.get(1) : null;
      if (symbol != null && testPath != null) bullet(row, "tests", symbol, testPath, subjectName);
    }
    return line;
  }

  static boolean isWebish(String span) {
    return span.startsWith("www.") || span.contains("<") || span.contains("=");
  }

  static String stripFences(String text) {
    return FENCE.matcher(text).replaceAll("");
  }

  /** "A.B.m(int, String)" → "m"; "a.b.C" → "C". */
  static String simpleName(String symbol) {
    String s = symbol;
    int paren = s.indexOf('(');
    if (paren >= 0) s = s.substring(0, paren);
    return s.substring(s.lastIndexOf('.') + 1);
  }

  void bullet(JsonNode row, String task, String symbol, String path, String subject) {
    if (!files.containsKey(path)) {
      fail("bullet path missing", row, path);
      return;
    }
    CompilationUnit cu = unit(path);
    if (cu == null) return;
    String name = simpleName(symbol);
    boolean isType = !symbol.contains("(");
    List<Node> decls = new ArrayList<>();
    for (BodyDeclaration<?> d : cu.findAll(BodyDeclaration.class)) {
      if (isType && d instanceof TypeDeclaration<?> t && t.getNameAsString().equals(name)) decls.add(d);
      if (!isType && d instanceof CallableDeclaration<?> c && c.getNameAsString().equals(name)) decls.add(d);
    }
    if (decls.isEmpty()) {
      fail("bullet not declared there", row, symbol + " in " + path);
      return;
    }
    if (task.equals("tests")) {
      if (decls.stream().noneMatch(d -> d instanceof MethodDeclaration m && isTest(m))) {
        fail("cited test is not a test", row, symbol + " in " + path);
      }
    }
    if (task.equals("tests") || task.equals("callers")) {
      if (decls.stream().noneMatch(d -> names(d, subject))) {
        fail("caller does not name subject", row, symbol + " never names " + subject);
      }
    }
    if (task.equals("implementers") && !inherits(name, subject, new HashSet<>())) {
      fail("not an implementer", row, symbol + " of " + subject);
    }
  }

  boolean names(Node decl, String subject) {
    String text = decl.toString();
    return Pattern.compile("\\b" + Pattern.quote(subject) + "\\b").matcher(text).find();
  }

  boolean inherits(String type, String subject, Set<String> seen) {
    if (!seen.add(type)) return false;
    for (String sup : supertypes.getOrDefault(type, Set.of())) {
      if (sup.equals(subject) || inherits(sup, subject, seen)) return true;
    }
    return false;
  }

  boolean isTest(MethodDeclaration m) {
    if (m.getAnnotations().stream().anyMatch(a -> TEST_ANNOTATIONS.contains(simpleName(a.getNameAsString())))) {
      return true;
    }
    if (!m.getNameAsString().startsWith("test") || !m.getParameters().isEmpty()) return false;
    Optional<ClassOrInterfaceDeclaration> owner = m.findAncestor(ClassOrInterfaceDeclaration.class);
    return owner.isPresent() && extendsTestCase(owner.get().getNameAsString(), new HashSet<>());
  }

  boolean extendsTestCase(String type, Set<String> seen) {
    if (!seen.add(type)) return false;
    for (String sup : supertypes.getOrDefault(type, Set.of())) {
      if (sup.equals("TestCase") || extendsTestCase(sup, seen)) return true;
    }
    return false;
  }

  /** Whether a code block is the source of one of the cited files (or the source's Javadoc as shown). */
  boolean codeMatches(String block, List<String> cited, String rowText) {
    List<String> want = tokenize(block);
    for (String path : cited) {
      if (!files.containsKey(path)) continue;
      if (path.endsWith(".java") && followsTokens(want, tokensOf(path))) return true;
      if (linesMatch(block, files.get(path))) return true;
    }
    // A listing drawn from several files (an implement question's "methods it calls", one "// Type" header
    // and one declaration + ';' per line; a use line of a caller): each line is the source of a file of
    // the row or of a type the row names.
    Set<String> candidates = new java.util.LinkedHashSet<>(cited);
    for (Matcher id = IDENT.matcher(rowText); id.find(); ) {
      if (Character.isUpperCase(id.group().charAt(0))) candidates.addAll(typeFiles.getOrDefault(id.group(), Set.of()));
    }
    for (String line : block.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.contains("<REDACTED:")) continue;
      if (l.startsWith("// ") && typeFiles.containsKey(simpleName(l.substring(3).strip()))) continue;
      List<String> whole = tokenize(l);
      // a field's long initializer shown as "= ...;": the declaration before it is the source's
      String cut = l.endsWith(" = ...;") ? l.substring(0, l.length() - " = ...;".length())
          : l.endsWith(";") ? l.substring(0, l.length() - 1) : l;
      List<String> decl = tokenize(cut);
      boolean found = false;
      for (String path : candidates) {
        if (!path.endsWith(".java") || !files.containsKey(path)) continue;
        List<String> have = tokensOf(path);
        if (followsTokens(whole, have) || followsTokens(decl, have)) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }

  /**
   * The block's tokens occur in order in the file, where the file may also have annotations, comments
   * and, after a declaration's closing parenthesis, a body the block leaves out.
   */
  static boolean followsTokens(List<String> want, List<String> have) {
    if (want.isEmpty()) return true;
    for (int start = 0; start < have.size(); start++) {
      if (!have.get(start).equals(want.get(0))) continue;
      int i = 0;
      int j = start;
      while (i < want.size() && j < have.size()) {
        String h = have.get(j);
        if (h.equals(want.get(i))) {
          i++;
          j++;
        } else if (h.startsWith("//") || h.startsWith("/*")) {
          j++;
        } else if (h.equals("@") && j + 1 < have.size() && Character.isJavaIdentifierStart(have.get(j + 1).charAt(0))) {
          j = skipAnnotation(have, j);
        } else {
          break;
        }
      }
      if (i == want.size()) return true;
    }
    return false;
  }

  static int skipAnnotation(List<String> have, int j) {
    j += 2;
    while (j + 1 < have.size() && have.get(j).equals(".") && Character.isJavaIdentifierStart(have.get(j + 1).charAt(0))) {
      j += 2;
    }
    if (j < have.size() && have.get(j).equals("(")) {
      int depth = 0;
      for (; j < have.size(); j++) {
        if (have.get(j).equals("(")) depth++;
        if (have.get(j).equals(")") && --depth == 0) return j + 1;
      }
    }
    return j;
  }

  /**
   * Each non-blank line of the block, in order, is a line of the file as written, or a line of one of
   * its comments as written or as javadoc shows it.
   */
  static boolean linesMatch(String block, String source) {
    String[] src = source.split("\n", -1);
    List<Set<String>> forms = new ArrayList<>();
    boolean inCode = false;
    int depth = 0;
    for (String raw : src) {
      Set<String> f = new HashSet<>();
      String line = raw.strip();
      f.add(line);
      String body = line.startsWith("*") && !line.startsWith("*/") ? line.substring(1).strip() : line;
      if (body.startsWith("/**")) body = body.substring(3).strip();
      f.add(body);
      if (inCode) {
        f.add(body);
      } else {
        String shown = decode(stripTags(body));
        f.add(shown.strip());
        f.add(decode(stripTags(body.replaceAll("\\{@(?:code|literal) ([^}]*)}", "$1"))).strip());
        f.add(decode(stripTags(links(body.replaceAll("\\{@(?:code|literal) ([^}]*)}", "$1")))).strip());
      }
      int open = body.indexOf("{@code");
      if (!inCode && open >= 0) {
        depth = 0;
        for (int k = open; k < body.length(); k++) {
          if (body.charAt(k) == '{') depth++;
          if (body.charAt(k) == '}') depth--;
        }
        inCode = depth > 0;
        if (inCode) f.add(body.substring(open + "{@code".length()).strip());
      } else if (inCode) {
        for (int k = 0; k < body.length(); k++) {
          if (body.charAt(k) == '{') depth++;
          if (body.charAt(k) == '}' && --depth == 0) {
            f.add(body.substring(0, k).strip()); // the code before the brace that closes {@code
            inCode = false;
            break;
          }
        }
      }
      forms.add(f);
    }
    int at = 0;
    for (String want : block.split("\n")) {
      String w = want.strip();
      if (w.isEmpty() || w.equals("```") || w.contains("<REDACTED:")) continue;
      boolean found = false;
      for (; at < forms.size(); at++) {
        if (forms.get(at).contains(w)) {
          found = true;
          at++;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }

  /** {@code {@link A#b() label}} as javadoc shows it: the label, else the reference with '#' as '.'. */
  static String links(String s) {
    Matcher m = Pattern.compile("\\{@link(?:plain)?\\s+([^\\s}]+)(?:\\s+([^}]*))?}").matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String ref = m.group(1);
      String shown = m.group(2) != null && !m.group(2).isBlank() ? m.group(2).strip()
          : (ref.startsWith("#") ? ref.substring(1) : ref.replace('#', '.'));
      m.appendReplacement(out, Matcher.quoteReplacement(shown));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String stripTags(String s) {
    Matcher m = Pattern.compile("</?([a-zA-Z][a-zA-Z0-9]*)\\b[^>]*>").matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, HTML_TAGS.contains(m.group(1).toLowerCase(Locale.ROOT)) ? "" : Matcher.quoteReplacement(m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String decode(String s) {
    Matcher m = Pattern.compile("&(#x?[0-9a-fA-F]+|[a-zA-Z]+);").matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String e = m.group(1);
      String r =
          switch (e) {
            case "lt" -> "<";
            case "gt" -> ">";
            case "amp" -> "&";
            case "quot" -> "\"";
            case "apos" -> "'";
            case "nbsp" -> " ";
            case "copy" -> "\u00a9";
            case "reg" -> "\u00ae";
            case "trade" -> "\u2122";
            case "hellip" -> "\u2026";
            case "mdash" -> "\u2014";
            case "ndash" -> "\u2013";
            case "laquo" -> "\u00ab";
            case "raquo" -> "\u00bb";
            case "middot" -> "\u00b7";
            case "times" -> "\u00d7";
            case "deg" -> "\u00b0";
            case "sect" -> "\u00a7";
            case "euro" -> "\u20ac";
            case "pound" -> "\u00a3";
            case "le" -> "\u2264";
            case "ge" -> "\u2265";
            case "ne" -> "\u2260";
            case "rarr" -> "\u2192";
            case "larr" -> "\u2190";
            case "lsquo" -> "\u2018";
            case "rsquo" -> "\u2019";
            case "ldquo" -> "\u201c";
            case "rdquo" -> "\u201d";
            case "bull" -> "\u2022";
            case "micro" -> "\u00b5";
            default -> !e.startsWith("#") ? "&" + e + ";" : e.startsWith("#x") || e.startsWith("#X")
                ? new String(Character.toChars(Integer.parseInt(e.substring(2), 16)))
                : new String(Character.toChars(Integer.parseInt(e.substring(1))));
          };
      m.appendReplacement(out, Matcher.quoteReplacement(r));
    }
    m.appendTail(out);
    return out.toString();
  }
}
