package dev.repotune.extractors.java;

import com.github.javaparser.ast.comments.JavadocComment;
import com.github.javaparser.javadoc.Javadoc;
import com.github.javaparser.javadoc.JavadocBlockTag;
import com.github.javaparser.javadoc.description.JavadocDescription;
import com.github.javaparser.javadoc.description.JavadocDescriptionElement;
import com.github.javaparser.javadoc.description.JavadocInlineTag;
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
  private static final Pattern CODE = Pattern.compile("(?i)<\\s*/?\\s*(code|tt)\\s*>");
  private static final Pattern ANY_TAG = Pattern.compile("</?[a-zA-Z][^>]*>");
  private static final Pattern MANY_BLANKS = Pattern.compile("\\n{3,}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\x00(\\d+)\\x00");

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
   * Renders inline tags as placeholders first, so HTML cleaning cannot eat the {@code <T>} of
   * {@code {@code List<T>}}, then puts them back.
   */
  private static String description(JavadocDescription d) {
    StringBuilder sb = new StringBuilder();
    List<String> inlines = new ArrayList<>();
    List<String> raw = new ArrayList<>();
    for (JavadocDescriptionElement e : d.getElements()) {
      if (e instanceof JavadocInlineTag tag) {
        sb.append('\0').append(inlines.size()).append('\0');
        inlines.add(inline(tag));
        raw.add("{@" + tag.getName() + tag.getContent() + "}");
      } else {
        sb.append(e.toText());
      }
    }
    String cleaned = clean(fencePre(sb.toString(), raw));
    Matcher m = PLACEHOLDER.matcher(cleaned);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(inlines.get(Integer.parseInt(m.group(1)))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String inline(JavadocInlineTag tag) {
    String content = tag.getContent().strip().replaceAll("\\s+", " ");
    return switch (tag.getType()) {
      case CODE -> "`" + content + "`";
      case LITERAL -> content;
      case LINK, LINKPLAIN -> link(content);
      case VALUE -> content.isEmpty() ? "" : "`" + target(content) + "`";
      case INHERIT_DOC -> "";
      default -> content;
    };
  }

  /** "Foo#bar(String) the label" → "the label"; "Foo#bar(String)" → "`Foo.bar(String)`". */
  private static String link(String content) {
    int depth = 0;
    int split = -1;
    for (int i = 0; i < content.length() && split < 0; i++) {
      char c = content.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (Character.isWhitespace(c) && depth == 0) {
        split = i;
      }
    }
    if (split > 0 && !content.substring(split).isBlank()) {
      return content.substring(split).strip();
    }
    return "`" + target(content) + "`";
  }

  private static String target(String ref) {
    String r = ref.strip();
    if (r.startsWith("#")) {
      r = r.substring(1);
    }
    return r.replace('#', '.');
  }

  /**
   * {@code <pre>} blocks as Markdown code fences with their lines and indentation kept: code examples
   * are what a reader copies, and folding them into prose makes them unreadable. Inline tags inside a
   * block ({@code <pre>{@code ...}</pre>}) are put back as written, not as {@code `x`}.
   */
  private static String fencePre(String s, List<String> rawInlines) {
    Matcher m = PRE.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Matcher p = PLACEHOLDER.matcher(m.group(1));
      StringBuilder body = new StringBuilder();
      while (p.find()) {
        p.appendReplacement(
            body, Matcher.quoteReplacement(rawInlines.get(Integer.parseInt(p.group(1)))));
      }
      p.appendTail(body);
      // JavaParser ends {@code at the first '}', so a block with braces comes back in pieces; put
      // back as written, the whole block is "{@code ...}" and its braces balance again.
      String text = body.toString().replace("\r", "");
      String t = text.strip();
      if (t.startsWith("{@code") && t.endsWith("}")) {
        text = t.substring("{@code".length(), t.length() - 1);
      } else {
        text = decode(ANY_TAG.matcher(text).replaceAll(""));
      }
      String code = dedent(text);
      String fence = code.isBlank() ? "" : "\n\n```\n" + code + "\n```\n\n";
      // Fence lines must survive clean(): encode them so its per-line strip cannot touch them.
      m.appendReplacement(out, Matcher.quoteReplacement(fence.replace("\n", "\u0001").replace(" ", "\u0002")));
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

  private static String decode(String t) {
    return t.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&nbsp;", " ").replace("&#64;", "@").replace("&amp;", "&");
  }

  /** HTML to text: block tags become blank lines, list items dashes, other tags vanish. */
  static String clean(String s) {
    String t = s.replace("\r", "");
    t = BR.matcher(t).replaceAll("\n");
    t = LI.matcher(t).replaceAll("\n- ");
    t = BLOCK_TAG.matcher(t).replaceAll("\n\n");
    t = CODE.matcher(t).replaceAll("`");
    t = ANY_TAG.matcher(t).replaceAll("");
    t = decode(t);
    StringBuilder sb = new StringBuilder();
    for (String line : t.split("\n", -1)) {
      sb.append(line.strip()).append('\n');
    }
    String text = MANY_BLANKS.matcher(sb.toString()).replaceAll("\n\n").strip();
    return text.replace('\u0001', '\n').replace('\u0002', ' ').replaceAll("\n{3,}", "\n\n").strip();
  }
}
