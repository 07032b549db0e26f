package dev.repotune.extractors.java;

import com.github.javaparser.ast.comments.JavadocComment;
import com.github.javaparser.javadoc.Javadoc;
import com.github.javaparser.javadoc.JavadocBlockTag;
import com.github.javaparser.javadoc.description.JavadocDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Javadoc as plain text a model can quote: no comment markers, {@code {@code x}} as {@code `x`},
 * {@code {@link Foo#bar}} as {@code `Foo.bar`} (the label instead, when there is one), and HTML
 * reduced to line breaks, so answers read like prose rather than markup.
 */
final class JavadocText {
  private static final Pattern PRE = Pattern.compile("(?is)<pre\\b[^>]*>(.*?)</pre\\s*>");
  private static final Pattern BLOCK_TAG =
      Pattern.compile("(?i)<\\s*/?\\s*(p|pre|ul|ol|table|tr|h[1-6]|blockquote|dl|div)\\b[^>]*>");
  private static final Pattern BR = Pattern.compile("(?i)<\\s*br\\s*/?\\s*>");
  private static final Pattern LI = Pattern.compile("(?i)<\\s*(li|dt|dd)\\b[^>]*>");
  private static final Pattern CODE_ELEMENT =
      Pattern.compile("(?is)<(code|tt|samp|var)\\b[^>]*>(.*?)</\\1\\s*>");
  private static final Pattern MANY_BLANKS = Pattern.compile("\\n{3,}");

  /** The parts of one Javadoc comment that CodeFacts holds. */
  record Doc(
      String whole,
      String summary,
      Map<String, String> params,
      String returnDoc,
      Map<String, String> throwsDocs) {
    static final Doc NONE = new Doc("", "", Map.of(), "", Map.of());
  }

  private JavadocText() {}

  static Doc render(JavadocComment comment) {
    Javadoc jd = comment.parse();
    String summary = (description(jd.getDescription()));
    Map<String, String> params = new LinkedHashMap<>();
    Map<String, String> throwsDocs = new LinkedHashMap<>();
    String returnDoc = "";
    List<String> tagLines = new ArrayList<>();
    for (JavadocBlockTag tag : jd.getBlockTags()) {
      String content = (description(tag.getContent()));
      String name = tag.getName().orElse("");
      switch (tag.getType()) {
        case PARAM -> params.putIfAbsent(name, content);
        case RETURN -> returnDoc = content;
        case THROWS, EXCEPTION -> throwsDocs.putIfAbsent(name, content);
        default -> {}
      }
      StringBuilder line = new StringBuilder("@").append(tag.getTagName());
      if (!name.isEmpty()) {
        line.append(' ').append(name);
      }
      if (!content.isEmpty()) {
        line.append(' ').append(content);
      }
      tagLines.add(line.toString());
    }
    StringBuilder whole = new StringBuilder(summary);
    if (!tagLines.isEmpty()) {
      if (whole.length() > 0) {
        whole.append("\n\n");
      }
      whole.append(String.join("\n", tagLines));
    }
    return new Doc(whole.toString(), summary, params, returnDoc, throwsDocs);
  }

  /**
   * Renders code first into numbered placeholders ({@code <pre>} blocks, {@code {@code}},
   * {@code <code>}), so that HTML cleaning can neither eat their {@code <T>} nor decode their
   * entities, then puts them back. JavaParser's own split of inline tags ends a tag at its first
   * {@code '}'}; javadoc balances braces, so the description is read again from its text.
   */
  private static String description(JavadocDescription d) {
    return markdown(d.toText());
  }

  static String markdown(String javadoc) {
    List<String> kept = new ArrayList<>();
    String s = fencePre(javadoc.replace("\r", ""), kept);
    s = inlineTags(s, kept);
    s = codeTags(s, kept);
    // Held text can nest (a {@code} inside a <code>): restore repeats until none is left.
    return JavadocHtml.restore(clean(s), kept);
  }

  private static String keep(List<String> kept, String rendered) {
    return JavadocHtml.hold(kept, rendered);
  }

  /** Inline tags with balanced braces: code as a span, literal text escaped, links as labels. */
  private static String inlineTags(String s, List<String> kept) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      int start = s.indexOf("{@", i);
      int end = start < 0 ? -1 : JavadocHtml.inlineTagEnd(s, start);
      if (end < 0) {
        out.append(s, i, s.length());
        break;
      }
      out.append(s, i, start);
      String inner = s.substring(start + 2, end);
      int sp = 0;
      while (sp < inner.length() && !Character.isWhitespace(inner.charAt(sp))) {
        sp++;
      }
      String body = inner.substring(sp).strip();
      out.append(
          switch (inner.substring(0, sp)) {
            case "code" -> keep(kept, codeSpan(body));
            case "literal" -> keep(kept, JavadocHtml.escapeMarkup(body.replaceAll("\\s+", " ")));
            case "link", "linkplain" -> {
              String[] parts = JavadocHtml.linkParts(body);
              yield parts[1].isEmpty() ? keep(kept, codeSpan(parts[0])) : parts[1];
            }
            case "value" -> body.isEmpty() ? "" : keep(kept, codeSpan(JavadocHtml.linkParts(body)[0]));
            case "inheritDoc", "docRoot" -> "";
            default -> body;
          });
      i = end + 1;
    }
    return out.toString();
  }

  /** {@code <code>} and {@code <tt>} as spans of what javadoc shows in them. */
  private static String codeTags(String s, List<String> kept) {
    Matcher m = CODE_ELEMENT.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String code = JavadocHtml.plainText(m.group(2));
      m.appendReplacement(
          out, Matcher.quoteReplacement(code.isBlank() ? code : keep(kept, codeSpan(code))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** {@code code} as a Markdown span, its delimiter longer than any backtick run inside it. */
  private static String codeSpan(String code) {
    String t = code.strip().replaceAll("\\s+", " ");
    return t.contains("`") ? "`` " + t + " ``" : "`" + t + "`";
  }

  /**
   * {@code <pre>} blocks as Markdown code fences with their lines and indentation kept: code examples
   * are what a reader copies, and folding them into prose makes them unreadable. A block that is one
   * {@code {@code ...}} is verbatim (its {@code &lt;} stays), any other as javadoc shows it.
   */
  private static String fencePre(String s, List<String> kept) {
    Matcher m = PRE.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String body = m.group(1);
      String whole = JavadocHtml.wholeCodeTag(body);
      String code = dedent(whole != null ? whole : JavadocHtml.plainText(body));
      String fence = code.isBlank() ? "" : "\n\n" + keep(kept, "```\n" + code + "\n```") + "\n\n";
      m.appendReplacement(out, Matcher.quoteReplacement(fence));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String dedent(String code) {
    List<String> lines = new ArrayList<>(List.of(code.split("\n", -1)));
    while (!lines.isEmpty() && lines.get(0).isBlank()) lines.remove(0);
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) lines.remove(lines.size() - 1);
    int indent = Integer.MAX_VALUE;
    for (String l : lines) {
      if (!l.isBlank()) indent = Math.min(indent, l.length() - l.stripLeading().length());
    }
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(l.isBlank() ? "" : l.substring(Math.min(indent, l.length())).stripTrailing()).append('\n');
    }
    return sb.toString().stripTrailing();
  }

  /**
   * HTML to text: block tags become blank lines, list items dashes, other known tags vanish, then
   * entities are decoded (and what would read as markup again is escaped).
   */
  static String clean(String s) {
    String t = s.replace("\r", "");
    t = BR.matcher(t).replaceAll("\n");
    t = LI.matcher(t).replaceAll("\n- ");
    t = BLOCK_TAG.matcher(t).replaceAll("\n\n");
    t = JavadocHtml.escapeMarkup(JavadocHtml.decodeEntities(JavadocHtml.stripKnownTags(t)));
    StringBuilder sb = new StringBuilder();
    for (String line : t.split("\n", -1)) {
      sb.append(line.strip()).append('\n');
    }
    return MANY_BLANKS.matcher(sb.toString()).replaceAll("\n\n").strip();
  }
}
