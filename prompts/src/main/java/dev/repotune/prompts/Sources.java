package dev.repotune.prompts;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small, tolerant readings of chunk text: Markdown quoting, Javadoc stripping, declarations. */
public final class Sources {
  private static final String TYPE_MODIFIERS =
      "(?:(?:public|protected|private|static|final|abstract|sealed|non-sealed|strictfp)\\s+)*";
  private static final Pattern TRAILING_CLAUSE =
      Pattern.compile("(\\s+(extends|implements|permits)|\\s*,)\\s*$");

  private Sources() {}

  /** {@code s} as a Markdown code span, safe when it holds backticks. */
  static String code(String s) {
    String t = s.replaceAll("\\s+", " ").strip();
    return t.contains("`") ? "`` " + t + " ``" : "`" + t + "`";
  }

  /**
   * {@code text} (final newlines dropped) in a fence of {@code language} (none when null) longer than any
   * backtick run inside it, so a Markdown reader never ends the block early.
   */
  public static String fence(String language, String text) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      run = text.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String f = "`".repeat(Math.max(3, longest + 1));
    return f + (language == null ? "" : language) + "\n" + text.replaceFirst("\n+$", "") + "\n" + f;
  }

  /** {@code code} in a ```java fence longer than any backtick run inside it. */
  static String fence(String code) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < code.length(); i++) {
      run = code.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String f = "`".repeat(Math.max(3, longest + 1));
    return f + "java\n" + stripBlankEnds(code) + "\n" + f;
  }

  /** The text after a leading Javadoc comment (chunk text starts with it when the member has one). */
  static String stripLeadingJavadoc(String text) {
    int start = 0;
    while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    if (!text.startsWith("/**", start)) {
      return text;
    }
    int end = text.indexOf("*/", start + 3);
    if (end < 0) {
      return text;
    }
    int after = end + 2;
    while (after < text.length() && (text.charAt(after) == ' ' || text.charAt(after) == '\t')) {
      after++;
    }
    if (after < text.length() && text.charAt(after) == '\r') {
      after++;
    }
    if (after < text.length() && text.charAt(after) == '\n') {
      after++;
    }
    return text.substring(after);
  }

  /**
   * The leading Javadoc comment of a chunk's text as written, shifted left by the column of its
   * {@code /**}; null when there is none. When a line starts left of that column (jsoup's
   * {@code <pre>} bodies start at column 0) the lines after the first stay exactly as written, so the
   * example keeps its indentation and the comment is never taken for a missing one.
   */
  static String leadingJavadoc(String text) {
    String rest = stripLeadingJavadoc(text);
    if (rest.length() == text.length()) {
      return null;
    }
    List<String> lines = new ArrayList<>();
    for (String l : stripBlankEnds(text.substring(0, text.length() - rest.length())).split("\\R", -1)) {
      lines.add(l.stripTrailing());
    }
    int column = lines.isEmpty() ? 0 : indent(lines.get(0));
    boolean leftOfIt = lines.stream().skip(1).anyMatch(l -> !l.isBlank() && indent(l) < column);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String l = column == 0 ? dedentLines(lines).get(i) : lines.get(i);
      int cut = i == 0 || !leftOfIt ? Math.min(column, indent(l)) : 0;
      b.append(i == 0 ? "" : "\n").append(l.substring(cut));
    }
    String comment = b.toString();
    return comment.startsWith("/**") && comment.endsWith("*/") ? comment : null;
  }

  /**
   * Non-blank lines of a method's body, its braces and signature lines excluded: 0 for
   * {@code int x() { return x; }}, 1 for the three-line getter.
   */
  static int innerBodyLines(String codeWithoutJavadoc) {
    List<String> lines = nonBlank(codeWithoutJavadoc);
    int i = 0;
    while (i < lines.size() && !stripLineComment(lines.get(i)).endsWith("{")) {
      i++;
    }
    if (i >= lines.size()) {
      return 0;
    }
    int end = lines.size();
    if (end - 1 > i && lines.get(end - 1).strip().equals("}")) {
      end--;
    }
    return Math.max(0, end - i - 1);
  }

  /**
   * The statement lines of a method's body, stripped, line comments cut: those ending in ';' or '{'
   * (a statement, or one that opens a block), the signature and the closing brace excluded.
   */
  static List<String> bodyStatementLines(String codeWithoutJavadoc) {
    List<String> lines = nonBlank(codeWithoutJavadoc);
    int i = 0;
    while (i < lines.size() && !stripLineComment(lines.get(i)).endsWith("{")) {
      i++;
    }
    List<String> out = new ArrayList<>();
    for (int j = i + 1; j < lines.size() - 1; j++) {
      String l = stripLineComment(lines.get(j));
      if (l.endsWith(";") || l.endsWith("{")) {
        out.add(l);
      }
    }
    return out;
  }

  /**
   * The declaration line of type {@code simpleName} as found in a chunk's context, without its body
   * brace: {@code public final class Gson}; null when the context does not hold it.
   */
  static String typeDeclaration(String context, String simpleName) {
    if (context == null || simpleName.isEmpty()) {
      return null;
    }
    Pattern p =
        Pattern.compile(
            "(?m)(?<![\\w.])("
                + TYPE_MODIFIERS
                + "(?:class|interface|enum|record|@interface)\\s+"
                + Pattern.quote(simpleName)
                + "\\b[^{\\n;]*)");
    Matcher m = p.matcher(context);
    String found = null;
    while (m.find()) {
      found = m.group(1);
    }
    if (found == null) {
      return null;
    }
    String d = found.replaceAll("\\s+", " ").strip();
    for (Matcher t = TRAILING_CLAUSE.matcher(d); t.find(); t = TRAILING_CLAUSE.matcher(d)) {
      d = d.substring(0, t.start()).strip();
    }
    return d;
  }

  /**
   * A symbol as a developer reads it in a list: the package dropped from
   * {@code com.google.gson.internal.bind.TreeTypeAdapter}, methods kept as they are.
   */
  static String shortRef(String symbol) {
    int paren = symbol.indexOf('(');
    String head = paren < 0 ? symbol : symbol.substring(0, paren);
    String tail = paren < 0 ? "" : symbol.substring(paren);
    String[] parts = head.split("\\.");
    int first = 0;
    while (first < parts.length - 1
        && !(parts[first].length() > 0 && Character.isUpperCase(parts[first].charAt(0)))) {
      first++;
    }
    return String.join(".", java.util.Arrays.asList(parts).subList(first, parts.length)) + tail;
  }

  /** Removes the common indentation; a first line cut at its declaration (no indent) is tolerated. */
  static String dedent(String text) {
    List<String> lines = new ArrayList<>();
    for (String l : text.split("\\R", -1)) {
      lines.add(l.stripTrailing());
    }
    return stripBlankEnds(String.join("\n", dedentLines(lines)));
  }

  static List<String> dedentLines(List<String> lines) {
    int minAll = Integer.MAX_VALUE;
    int minRest = Integer.MAX_VALUE;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.isBlank()) {
        continue;
      }
      int indent = indent(l);
      minAll = Math.min(minAll, indent);
      if (i > 0) {
        minRest = Math.min(minRest, indent);
      }
    }
    if (minAll == Integer.MAX_VALUE) {
      return lines;
    }
    boolean cutFirst =
        !lines.isEmpty() && !lines.get(0).isBlank() && indent(lines.get(0)) == 0
            && minRest != Integer.MAX_VALUE && minRest > 0;
    List<String> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      int n = cutFirst ? (i == 0 ? 0 : minRest) : minAll;
      out.add(l.isBlank() ? "" : l.substring(Math.min(n, indent(l))));
    }
    return out;
  }

  static String stripBlankEnds(String text) {
    String[] lines = text.split("\\R", -1);
    int a = 0;
    int b = lines.length;
    while (a < b && lines[a].isBlank()) {
      a++;
    }
    while (b > a && lines[b - 1].isBlank()) {
      b--;
    }
    StringBuilder out = new StringBuilder();
    for (int i = a; i < b; i++) {
      if (i > a) {
        out.append('\n');
      }
      out.append(lines[i].stripTrailing());
    }
    return out.toString();
  }

  private static int indent(String l) {
    int i = 0;
    while (i < l.length() && Character.isWhitespace(l.charAt(i))) {
      i++;
    }
    return i;
  }

  private static List<String> nonBlank(String text) {
    List<String> out = new ArrayList<>();
    for (String l : text.split("\\R")) {
      if (!l.isBlank()) {
        out.add(l);
      }
    }
    return out;
  }

  private static String stripLineComment(String line) {
    int c = line.indexOf("//");
    return (c >= 0 ? line.substring(0, c) : line).strip();
  }
}
