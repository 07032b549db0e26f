package dev.repotune.extractors.java;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTML rules javadoc renders a comment by, shared by the extractor and the prompts: only known
 * tags are markup ({@code List<String>} and {@code <Collection<Foo>>} are text), entities are decoded
 * outside {@code {@code}} and {@code {@literal}}, and their bodies are verbatim.
 */
public final class JavadocHtml {
  private static final Set<String> KNOWN_TAGS =
      Set.of(
          "a", "abbr", "address", "article", "aside", "b", "big", "blockquote", "body", "br",
          "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn",
          "div", "dl", "dt", "em", "figcaption", "figure", "font", "footer", "h1", "h2", "h3", "h4",
          "h5", "h6", "header", "hr", "i", "img", "ins", "kbd", "li", "main", "mark", "nav", "nobr",
          "ol", "p", "pre", "samp", "section", "small", "span", "strike", "strong", "sub", "summary",
          "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul", "var",
          "wbr");
  /** A tag: attributes need a value, so {@code a<b and c>d} stays text. */
  private static final Pattern TAG =
      Pattern.compile(
          "<!--.*?-->|</?([A-Za-z][A-Za-z0-9]*)"
              + "(?:\\s+[A-Za-z_:][-A-Za-z0-9_:.]*\\s*=\\s*(?:\"[^\"]*\"|'[^']*'|[^\\s\"'=<>`]+))*"
              + "\\s*/?>",
          Pattern.DOTALL);
  private static final Pattern ENTITY = Pattern.compile("&(#\\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+\\d*);");
  private static final Map<String, String> NAMED =
      Map.ofEntries(
          Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("amp", "&"), Map.entry("quot", "\""),
          Map.entry("apos", "'"), Map.entry("nbsp", " "), Map.entry("mdash", "—"),
          Map.entry("ndash", "–"), Map.entry("hellip", "…"), Map.entry("copy", "©"),
          Map.entry("reg", "®"), Map.entry("trade", "™"), Map.entry("laquo", "«"),
          Map.entry("raquo", "»"), Map.entry("lsquo", "‘"), Map.entry("rsquo", "’"),
          Map.entry("ldquo", "“"), Map.entry("rdquo", "”"), Map.entry("middot", "·"),
          Map.entry("times", "×"), Map.entry("divide", "÷"), Map.entry("deg", "°"),
          Map.entry("plusmn", "±"), Map.entry("micro", "µ"), Map.entry("para", "¶"),
          Map.entry("sect", "§"), Map.entry("bull", "•"), Map.entry("euro", "€"),
          Map.entry("pound", "£"), Map.entry("yen", "¥"), Map.entry("cent", "¢"),
          Map.entry("le", "≤"), Map.entry("ge", "≥"), Map.entry("ne", "≠"), Map.entry("rarr", "→"),
          Map.entry("larr", "←"), Map.entry("shy", ""), Map.entry("szlig", "ß"),
          Map.entry("auml", "ä"), Map.entry("ouml", "ö"), Map.entry("uuml", "ü"),
          Map.entry("eacute", "é"));

  private JavadocHtml() {}

  /** Whether the tag {@code m} matched at is markup javadoc removes, not text such as a type argument. */
  private static boolean isMarkup(Matcher m, String s) {
    if (m.group(1) == null) {
      return true; // an HTML comment
    }
    String name = m.group(1);
    if (!KNOWN_TAGS.contains(name.toLowerCase(Locale.ROOT))) {
      return false;
    }
    // Class<U>, Function<P>: a one-letter capital right after a name is a type argument.
    boolean opening = s.charAt(m.start() + 1) != '/';
    return !(opening
        && name.length() == 1
        && Character.isUpperCase(name.charAt(0))
        && m.end() - m.start() == 3
        && m.start() > 0
        && (Character.isLetterOrDigit(s.charAt(m.start() - 1)) || s.charAt(m.start() - 1) == '_'));
  }

  /** Removes known HTML tags and comments; anything else in angle brackets stays. */
  public static String stripKnownTags(String s) {
    if (s.indexOf('<') < 0) {
      return s;
    }
    Matcher m = TAG.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, isMarkup(m, s) ? "" : Matcher.quoteReplacement(m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Decodes character references: numeric ones and the named ones javadoc comments use. */
  public static String decodeEntities(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    Matcher m = ENTITY.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String r = entity(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(r == null ? m.group() : r));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String entity(String e) {
    try {
      if (e.startsWith("#x") || e.startsWith("#X")) {
        return new String(Character.toChars(Integer.parseInt(e.substring(2), 16)));
      }
      if (e.startsWith("#")) {
        return new String(Character.toChars(Integer.parseInt(e.substring(1))));
      }
    } catch (IllegalArgumentException notACodePoint) {
      return null;
    }
    return NAMED.get(e);
  }

  /**
   * Text that must read the same when it is rendered again: a known tag's {@code <}, a decodable
   * entity's {@code &} and an inline tag's {@code {@} are escaped. The extractor's prose goes through
   * the prompts' rendering a second time, where {@code &lt;br&gt;} decoded once must stay text.
   */
  public static String escapeMarkup(String s) {
    String t = s;
    if (t.indexOf('&') >= 0) {
      Matcher m = ENTITY.matcher(t);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String e = entity(m.group(1)) == null ? m.group() : "&amp;" + m.group().substring(1);
        m.appendReplacement(out, Matcher.quoteReplacement(e));
      }
      m.appendTail(out);
      t = out.toString();
    }
    if (t.indexOf('<') >= 0) {
      Matcher m = TAG.matcher(t);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String g = m.group();
        m.appendReplacement(out, Matcher.quoteReplacement(isMarkup(m, t) ? "&lt;" + g.substring(1) : g));
      }
      m.appendTail(out);
      t = out.toString();
    }
    return t.replace("{@", "{&#64;");
  }

  private static final Pattern HELD = Pattern.compile("\u0000(\\d+)\u0000");

  /**
   * Holds rendered text aside while the markup around it is cleaned: the marker returned ('\0', the
   * index in {@code held}, '\0') survives the clean-up, and {@link #restore} puts the text back.
   */
  public static String hold(List<String> held, String rendered) {
    held.add(rendered);
    return "\0" + (held.size() - 1) + "\0";
  }

  /** {@code s} with every {@link #hold} marker replaced by its text; held text can nest, so repeated. */
  public static String restore(String s, List<String> held) {
    String r = s;
    for (int pass = 0; pass < 4 && r.indexOf('\0') >= 0; pass++) {
      Matcher m = HELD.matcher(r);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(out, Matcher.quoteReplacement(held.get(Integer.parseInt(m.group(1)))));
      }
      m.appendTail(out);
      r = out.toString();
    }
    return r;
  }

  /** The index of the {@code }} closing the inline tag opened at {@code open}, braces balanced; -1. */
  public static int inlineTagEnd(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The body of {@code <pre>{@code ...}</pre>} when the whole block is one {@code {@code}} tag, as
   * written; null otherwise.
   */
  public static String wholeCodeTag(String preBody) {
    int start = preBody.indexOf("{@code");
    if (start < 0 || !preBody.substring(0, start).isBlank()) {
      return null;
    }
    int end = inlineTagEnd(preBody, start);
    if (end < 0 || !preBody.substring(end + 1).isBlank()) {
      return null;
    }
    String body = preBody.substring(start + "{@code".length(), end);
    return body.startsWith(" ") ? body.substring(1) : body;
  }

  /**
   * A fragment as javadoc shows it inside {@code <pre>} or {@code <code>}: inline tags as their text
   * ({@code {@code x}} and {@code {@literal x}} verbatim, a link as its label or reference), and
   * around them known tags removed, then entities decoded.
   */
  public static String plainText(String s) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      int start = s.indexOf("{@", i);
      int end = start < 0 ? -1 : inlineTagEnd(s, start);
      if (end < 0) {
        out.append(decodeEntities(stripKnownTags(s.substring(i))));
        break;
      }
      out.append(decodeEntities(stripKnownTags(s.substring(i, start))));
      String inner = s.substring(start + 2, end);
      int sp = 0;
      while (sp < inner.length() && !Character.isWhitespace(inner.charAt(sp))) {
        sp++;
      }
      String tag = inner.substring(0, sp);
      String body = inner.substring(Math.min(inner.length(), sp + 1));
      switch (tag) {
        case "code", "literal" -> out.append(body);
        case "link", "linkplain" -> {
          String[] refAndLabel = linkParts(body);
          out.append(refAndLabel[1].isEmpty() ? refAndLabel[0] : plainText(refAndLabel[1]));
        }
        case "value" -> out.append(linkParts(body)[0]);
        case "inheritDoc", "docRoot" -> {}
        default -> out.append(plainText(body));
      }
      i = end + 1;
    }
    return out.toString();
  }

  /**
   * A {@code {@link}} body as its reference, shown as {@code Foo.bar(int)}, and its label (empty when
   * there is none); the reference ends at the first whitespace outside parentheses.
   */
  public static String[] linkParts(String body) {
    String b = body.strip();
    int depth = 0;
    int split = b.length();
    for (int i = 0; i < b.length(); i++) {
      char c = b.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (depth <= 0 && Character.isWhitespace(c)) {
        split = i;
        break;
      }
    }
    String ref = b.substring(0, split);
    String shown = ref.startsWith("#") ? ref.substring(1) : ref.replace('#', '.');
    return new String[] {shown, b.substring(split).strip()};
  }
}
