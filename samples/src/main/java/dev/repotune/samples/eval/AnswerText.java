package dev.repotune.samples.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the metrics read an answer written in the dataset's Markdown: fenced code blocks (```java, a fence
 * longer than any backtick run inside it), inline code spans ({@code `x`}, or {@code `` x ``} when the
 * text holds a backtick), list items ({@code - `Type.m()` (`path`)}), and the normalisations the metrics
 * compare under.
 */
public final class AnswerText {
  /**
   * Above this many characters (the longer of two texts) {@link #codeSimilarity} compares lines instead
   * of characters: a character matrix of two 4,000-character bodies is 16 M cells (milliseconds), of two
   * 100 kB diffs 10 G cells (minutes).
   */
  public static final int MAX_CHARS_FOR_CHARACTER_DISTANCE = 4_000;

  /** The line-level fallback compares at most this many (non-blank) lines of each text. */
  public static final int MAX_LINES_FOR_LINE_DISTANCE = 4_000;

  private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,}|~{3,})");
  private static final Pattern SPAN = Pattern.compile("(`+)([^`\\n](?:.*?[^`\\n])?)\\1(?!`)");
  private static final Pattern LIST_ITEM = Pattern.compile("^\\s*(?:[-*+•]|\\d+[.)])\\s+.*");
  private static final Pattern ARTICLES = Pattern.compile("\\b(?:a|an|the)\\b");
  private static final Pattern PUNCTUATION = Pattern.compile("[\\p{P}\\p{S}]");

  private AnswerText() {}

  /** The contents of the fenced code blocks, in order; a fence left open at the end runs to the end. */
  public static List<String> codeBlocks(String text) {
    List<String> blocks = new ArrayList<>();
    String fence = null;
    List<String> block = new ArrayList<>();
    for (String line : lines(text)) {
      Matcher m = FENCE.matcher(line);
      if (fence == null) {
        if (m.find()) {
          fence = m.group(1);
          block.clear();
        }
      } else if (closes(fence, line, m)) {
        blocks.add(String.join("\n", block));
        fence = null;
      } else {
        block.add(line);
      }
    }
    if (fence != null) {
      blocks.add(String.join("\n", block));
    }
    return blocks;
  }

  /** A fence closes on a line of the same character, at least as long, and nothing else (CommonMark). */
  private static boolean closes(String fence, String line, Matcher m) {
    return m.find() && m.group(1).charAt(0) == fence.charAt(0) && m.group(1).length() >= fence.length()
        && line.strip().length() == m.group(1).length();
  }

  /** The text without its fenced code blocks (fence lines included), so prose spans are read alone. */
  public static String withoutCodeBlocks(String text) {
    StringBuilder out = new StringBuilder();
    String fence = null;
    for (String line : lines(text)) {
      Matcher m = FENCE.matcher(line);
      if (fence == null && m.find()) {
        fence = m.group(1);
      } else if (fence != null) {
        if (closes(fence, line, m)) {
          fence = null;
        }
      } else {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * The code a code answer gives: its last fenced block (a lead-in, a signature, then the answer's code:
   * the last block is the one asked for), or the whole text, stripped, when it has none (a FIM middle, a
   * completion model's raw text).
   */
  public static String answerCode(String text) {
    List<String> blocks = codeBlocks(text);
    return blocks.isEmpty() ? nullToEmpty(text).strip() : blocks.get(blocks.size() - 1);
  }

  /** The inline code spans outside code blocks, stripped, in order (duplicates kept). */
  public static List<String> codeSpans(String text) {
    List<String> spans = new ArrayList<>();
    Matcher m = SPAN.matcher(withoutCodeBlocks(text));
    while (m.find()) {
      String s = m.group(2).strip();
      if (!s.isEmpty()) {
        spans.add(s);
      }
    }
    return spans;
  }

  /** The code spans with the 40 characters before each ({@code "in package "}), for the locate parser. */
  static List<String[]> codeSpansWithLeadIn(String text) {
    List<String[]> spans = new ArrayList<>();
    String prose = withoutCodeBlocks(text);
    Matcher m = SPAN.matcher(prose);
    while (m.find()) {
      String s = m.group(2).strip();
      if (!s.isEmpty()) {
        spans.add(new String[] {s, prose.substring(Math.max(0, m.start() - 40), m.start())});
      }
    }
    return spans;
  }

  /**
   * The lines of a list answer that are list items ({@code -}, {@code *}, {@code 1.}), outside code
   * blocks; all non-blank lines when none is. A lead-in ("`Foo.bar()` is called from:") names the question's own
   * subject, which is no item of the answer.
   */
  public static List<String> listLines(String text) {
    List<String> all = lines(withoutCodeBlocks(text)).stream().filter(l -> !l.isBlank()).toList();
    List<String> items = all.stream().filter(l -> LIST_ITEM.matcher(l).matches()).toList();
    return items.isEmpty() ? all : items;
  }

  /** Runs of whitespace as one space, stripped: indentation and line breaks do not change code. */
  public static String collapseWhitespace(String text) {
    return nullToEmpty(text).replaceAll("\\s+", " ").strip();
  }

  /**
   * SQuAD's answer normalisation, as tokens: lower-case, punctuation and symbols deleted (not replaced by
   * a space, as SQuAD does, so {@code Gson.toJson()} stays one token {@code gsontojson}), the articles
   * a/an/the dropped, split on whitespace.
   */
  public static List<String> squadTokens(String text) {
    String s = nullToEmpty(text).toLowerCase(Locale.ROOT);
    s = PUNCTUATION.matcher(s).replaceAll("");
    s = ARTICLES.matcher(s).replaceAll(" ");
    List<String> out = new ArrayList<>();
    for (String t : s.strip().split("\\s+")) {
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  /** Token F1 of two token lists as multisets (SQuAD): 1 when both are empty, 0 when one is. */
  public static double tokenF1(List<String> reference, List<String> answer) {
    if (reference.isEmpty() || answer.isEmpty()) {
      return reference.isEmpty() && answer.isEmpty() ? 1.0 : 0.0;
    }
    Map<String, Integer> counts = new HashMap<>();
    reference.forEach(t -> counts.merge(t, 1, Integer::sum));
    int common = 0;
    for (String t : answer) {
      Integer c = counts.get(t);
      if (c != null && c > 0) {
        common++;
        counts.put(t, c - 1);
      }
    }
    if (common == 0) {
      return 0.0;
    }
    double p = (double) common / answer.size();
    double r = (double) common / reference.size();
    return 2 * p * r / (p + r);
  }

  /**
   * How alike two pieces of code are: 1 − Levenshtein distance / the longer length, on the characters of
   * the texts with whitespace collapsed ({@link #collapseWhitespace}), so re-indenting costs nothing. When
   * the longer collapsed text is past {@link #MAX_CHARS_FOR_CHARACTER_DISTANCE} characters it is {@link
   * #lineSimilarity} of the texts as given instead, so the cost stays bounded; {@link #usesLineDistance}
   * says which one a pair gets. 1 for two empty texts.
   */
  public static double codeSimilarity(String a, String b) {
    if (usesLineDistance(a, b)) {
      return lineSimilarity(a, b);
    }
    return editSimilarity(collapseWhitespace(a), collapseWhitespace(b));
  }

  /** Whether {@link #codeSimilarity} of these texts compares lines rather than characters. */
  public static boolean usesLineDistance(String a, String b) {
    return Math.max(collapseWhitespace(a).length(), collapseWhitespace(b).length()) > MAX_CHARS_FOR_CHARACTER_DISTANCE;
  }

  /** 1 − Levenshtein distance / the longer length, on the characters as given; 1 for two empty texts. */
  static double editSimilarity(String a, String b) {
    int max = Math.max(a.length(), b.length());
    return max == 0 ? 1.0 : 1.0 - (double) levenshtein(a, b) / max;
  }

  /**
   * 1 − Levenshtein distance / the longer length, on lines (each whitespace-collapsed, blank lines
   * dropped, at most {@link #MAX_LINES_FOR_LINE_DISTANCE} of each text): one changed character costs its
   * whole line, which is how a reviewer reads a long diff anyway.
   */
  public static double lineSimilarity(String a, String b) {
    List<String> la = codeLines(a);
    List<String> lb = codeLines(b);
    int max = Math.max(la.size(), lb.size());
    if (max == 0) {
      return 1.0;
    }
    return 1.0 - (double) levenshtein(la, lb) / max;
  }

  private static List<String> codeLines(String text) {
    List<String> out = new ArrayList<>();
    for (String line : lines(text)) {
      String c = collapseWhitespace(line);
      if (!c.isEmpty() && out.size() < MAX_LINES_FOR_LINE_DISTANCE) {
        out.add(c);
      }
    }
    return out;
  }

  static int levenshtein(CharSequence a, CharSequence b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      char ca = a.charAt(i - 1);
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (ca == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  static int levenshtein(List<String> a, List<String> b) {
    int[] prev = new int[b.size() + 1];
    int[] cur = new int[b.size() + 1];
    for (int j = 0; j <= b.size(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.size(); i++) {
      cur[0] = i;
      String ea = a.get(i - 1);
      for (int j = 1; j <= b.size(); j++) {
        int sub = prev[j - 1] + (ea.equals(b.get(j - 1)) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.size()];
  }

  static List<String> lines(String text) {
    return List.of(nullToEmpty(text).replace("\r\n", "\n").split("\n", -1));
  }

  static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
