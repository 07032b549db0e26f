package dev.repotune.prompts;

import dev.repotune.extractors.java.JavadocHtml;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Javadoc text to Markdown, for answers read in a chat: inline tags become code spans or plain text,
 * HTML becomes paragraphs, lists and fences. Rendered code goes into numbered slots first so that the
 * HTML stripping and whitespace folding never touch it ({@code List<String>} is not a tag).
 */
final class Javadocs {
  private static final Pattern PRE = Pattern.compile("(?is)<pre\\b[^>]*>(.*?)</pre\\s*>");
  private static final Pattern CODE_TAG = Pattern.compile("(?is)<(code|tt|samp|var)\\b[^>]*>(.*?)</\\1\\s*>");
  private static final Set<String> FILLER =
      Set.of(
          "the", "a", "an", "this", "that", "of", "to", "for", "returns", "return", "gets", "get", "sets",
          "set", "is", "it", "its", "value", "given", "specified", "new", "instance", "creates", "create",
          "constructs", "construct", "method", "default", "constructor", "object", "todo", "fixme");

  private Javadocs() {}

  /** A Javadoc fragment as Markdown paragraphs (code fences and list items are paragraphs of their own). */
  static List<String> paragraphs(String javadoc) {
    List<String> slots = new ArrayList<>();
    String s = unstar(javadoc);
    s = replacePre(s, slots);
    s = replaceInlineTags(s, slots);
    s = replaceCodeTags(s, slots);
    // Text the extractor already rendered holds fences and `code` spans (maybe with generics): keep
    // them whole, fences first so their backticks are not read as a span.
    s = replaceFences(s, slots);
    s = replaceBacktickSpans(s, slots);
    s = s.replaceAll("(?i)</?a\\b[^>]*>", "");
    s = s.replaceAll("(?i)<li\\b[^>]*>", "\n\n- ");
    s = s.replaceAll("(?i)</?(p|ul|ol|li|h[1-6]|blockquote|dl|dt|dd|table|tr|td|th|div)\\b[^>]*>", "\n\n");
    s = s.replaceAll("(?i)<br\\s*/?>", " ");
    // Only known HTML: a bare List<T> or <Collection<Foo>> in prose is text, as javadoc shows it.
    s = JavadocHtml.decodeEntities(JavadocHtml.stripKnownTags(s));
    s = s.replaceAll("\n[ \t]*- ", "\n\n- ");
    List<String> out = new ArrayList<>();
    for (String para : s.split("\\n\\s*\\n")) {
      String folded = para.replaceAll("\\s+", " ").strip();
      if (!folded.isEmpty() && !folded.equals("-")) {
        out.add(restore(folded, slots));
      }
    }
    return out;
  }

  /**
   * The Markdown of a description, its paragraphs kept while they fit in about {@code maxChars}
   * (the first always). Ends with a sentence, not a dangling "for example:".
   */
  static String description(String javadoc, int maxChars) {
    List<String> paras = paragraphs(javadoc);
    List<String> kept = new ArrayList<>();
    int size = 0;
    for (String p : paras) {
      if (!kept.isEmpty() && size + p.length() > maxChars) {
        break;
      }
      kept.add(p);
      size += p.length();
    }
    while (kept.size() > 1 && kept.get(kept.size() - 1).endsWith(":")) {
      kept.remove(kept.size() - 1);
    }
    if (kept.isEmpty()) {
      return "";
    }
    int last = kept.size() - 1;
    if (!kept.get(last).startsWith("```")) {
      kept.set(last, sentence(kept.get(last)));
    }
    return joinParagraphs(kept);
  }

  /**
   * A tag's text ({@code @param}, {@code @return}, {@code @throws}) as one Markdown sentence, for a
   * list item: a code block in it starts on its own line, indented to stay inside the item.
   */
  static String tagText(String doc) {
    if (doc == null || doc.isBlank()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    String prose = "";
    for (String p : paragraphs(doc)) {
      if (p.startsWith("```")) {
        b.append(sentenceOrEmpty(prose)).append("\n\n  ").append(p.replace("\n", "\n  ")).append("\n\n");
        prose = "";
      } else {
        prose = prose.isEmpty() ? p : prose + " " + p;
      }
    }
    return b.append(sentenceOrEmpty(prose)).toString().stripTrailing();
  }

  private static String sentenceOrEmpty(String prose) {
    return prose.isEmpty() ? "" : (prose.endsWith(":") ? prose : sentence(prose));
  }

  /** Adds a final period to prose that ends without punctuation. */
  static String sentence(String s) {
    String t = s.strip();
    if (t.isEmpty()) {
      return t;
    }
    char c = t.charAt(t.length() - 1);
    return Character.isLetterOrDigit(c) || c == '`' || c == ')' || c == '"' || c == '\'' ? t + "." : t;
  }

  /**
   * Whether a summary says nothing the name does not: "Returns the name." on {@code getName}, "Creates a
   * new Gson instance." on {@code Gson()}, an {@code {@inheritDoc}}, a TODO.
   */
  static boolean isTrivial(String summaryMarkdown, String name) {
    String plain = summaryMarkdown.replace("`", "").toLowerCase(Locale.ROOT);
    if (plain.startsWith("todo") || plain.startsWith("fixme")) {
      return true;
    }
    List<String> words = new ArrayList<>();
    for (String w : plain.split("[^a-z0-9]+")) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    if (words.size() < 3) {
      return true;
    }
    Set<String> nameWords = new HashSet<>();
    for (String w : name.split("(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+")) {
      nameWords.add(w.toLowerCase(Locale.ROOT));
    }
    nameWords.add(name.toLowerCase(Locale.ROOT));
    for (String w : words) {
      if (!FILLER.contains(w) && !nameWords.contains(w)) {
        return false;
      }
    }
    return true;
  }

  /** The Javadoc text (without comment markers) as a {@code /** ... *}{@code /} comment. */
  static String asComment(String javadoc) {
    List<String> lines = new ArrayList<>();
    for (String line : unstar(javadoc).split("\\R", -1)) {
      lines.add(line.stripTrailing());
    }
    lines = Sources.dedentLines(lines);
    StringBuilder b = new StringBuilder("/**\n");
    boolean blank = false;
    boolean started = false;
    for (String line : lines) {
      if (line.isEmpty()) {
        blank = started;
        continue;
      }
      if (blank) {
        b.append(" *\n");
      }
      b.append(" * ").append(line.replace("*/", "*&#47;")).append('\n');
      blank = false;
      started = true;
    }
    return b.append(" */").toString();
  }

  static String joinParagraphs(List<String> paras) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < paras.size(); i++) {
      if (i > 0) {
        boolean list = paras.get(i).startsWith("- ") && paras.get(i - 1).startsWith("- ");
        b.append(list ? "\n" : "\n\n");
      }
      b.append(paras.get(i));
    }
    return b.toString();
  }

  /** Strips leading {@code *} gutters in case the text still carries them. */
  private static String unstar(String javadoc) {
    String s = javadoc == null ? "" : javadoc.replace("\r\n", "\n");
    String[] lines = s.split("\n", -1);
    for (String line : lines) {
      if (!line.isBlank() && !line.stripLeading().startsWith("*")) {
        return s;
      }
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        b.append('\n');
      }
      b.append(lines[i].replaceFirst("^\\s*\\* ?", ""));
    }
    return b.toString();
  }

  private static String replacePre(String s, List<String> slots) {
    Matcher m = PRE.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      // One {@code ...} is verbatim (its &lt; stays); any other block as javadoc shows it.
      String whole = JavadocHtml.wholeCodeTag(m.group(1));
      String code = Sources.dedent(whole != null ? whole : JavadocHtml.plainText(m.group(1)));
      String slot = code.isBlank() ? "" : "\n\n" + slot(slots, Sources.fence(code)) + "\n\n";
      m.appendReplacement(out, Matcher.quoteReplacement(slot));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String replaceCodeTags(String s, List<String> slots) {
    Matcher m = CODE_TAG.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String code = JavadocHtml.plainText(m.group(2));
      m.appendReplacement(out, Matcher.quoteReplacement(slot(slots, Sources.code(code))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String replaceFences(String s, List<String> slots) {
    Matcher m = Pattern.compile("(?s)```[^\\n`]*\\n(.*?)\\n?```").matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String code = Sources.dedent(m.group(1));
      String slot = code.isBlank() ? "" : "\n\n" + slot(slots, Sources.fence(code)) + "\n\n";
      m.appendReplacement(out, Matcher.quoteReplacement(slot));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String replaceBacktickSpans(String s, List<String> slots) {
    Matcher m = Pattern.compile("(`+)([^`]+?)\\1").matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(slot(slots, Sources.code(m.group(2)))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String replaceInlineTags(String s, List<String> slots) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      int start = s.indexOf("{@", i);
      if (start < 0) {
        out.append(s, i, s.length());
        break;
      }
      out.append(s, i, start);
      int end = JavadocHtml.inlineTagEnd(s, start);
      if (end < 0) {
        out.append(s, start, s.length());
        break;
      }
      String inner = s.substring(start + 2, end);
      int sp = 0;
      while (sp < inner.length() && !Character.isWhitespace(inner.charAt(sp))) {
        sp++;
      }
      out.append(inlineTag(inner.substring(0, sp), inner.substring(sp).strip(), slots));
      i = end + 1;
    }
    return out.toString();
  }

  private static String inlineTag(String tag, String body, List<String> slots) {
    switch (tag) {
      case "code":
        return slot(slots, Sources.code(body));
      case "literal":
        return slot(slots, body.replaceAll("\\s+", " "));
      case "link":
      case "linkplain":
      case "value":
        {
          String[] refAndLabel = JavadocHtml.linkParts(body);
          if (!refAndLabel[1].isEmpty()) {
            return refAndLabel[1];
          }
          return refAndLabel[0].isEmpty() ? "" : slot(slots, Sources.code(refAndLabel[0]));
        }
      case "inheritDoc":
      case "docRoot":
        return "";
      default:
        return body;
    }
  }

  private static String slot(List<String> slots, String rendered) {
    return JavadocHtml.hold(slots, rendered);
  }

  /** Slots can nest (a {@code} inside a <pre> is rendered before the pre is slotted). */
  private static String restore(String s, List<String> slots) {
    return JavadocHtml.restore(s, slots);
  }

}
