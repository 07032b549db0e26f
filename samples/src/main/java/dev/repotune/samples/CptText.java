package dev.repotune.samples;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What of a file a CPT document keeps. Two parts of a repository teach a model nothing about it: the
 * licence comment every file repeats (5–6% of gson's and commons-lang3's CPT characters), and large data
 * files (jsoup's {@code large.html} test input alone is 73k tokens). The rest is kept byte for byte.
 */
public final class CptText {
  /**
   * A document that is not code or Markdown (HTML, XML, JSON, YAML, properties, plain text and anything
   * unknown) keeps at most this many characters, cut at a line end: a pom.xml (gson 12k, commons-lang3
   * 31k characters) stays whole, a test fixture of 280k is cut to its first 32k.
   */
  public static final int MAX_NON_CODE_CHARS = 32 * 1024;

  private static final Set<String> NON_CODE = Set.of("html", "xml", "json", "yaml", "properties", "text");

  private static final Pattern LICENCE_WORDS = Pattern.compile("Licen[cs]ed|Licen[cs]e|Copyright|SPDX-License");

  private static final Set<String> HASH_COMMENTS = Set.of("properties", "yaml", "shell", "python");
  private static final Set<String> MARKUP_COMMENTS = Set.of("xml", "html");

  private CptText() {}

  /** The document body of a file: its licence header stripped unless kept, a non-code file capped. */
  public static String body(String language, String text, boolean keepLicenceHeader) {
    String body = keepLicenceHeader ? text : withoutLicenceHeader(language, text);
    return capped(language, body);
  }

  /**
   * {@code text} without its leading licence comment: the first comment of the file (a {@code /* *}{@code /}
   * block in C-like languages, {@code <!-- -->} in markup after the XML declaration, a run of {@code #}
   * lines after a shebang) when it contains "Licensed", "License", "Copyright" or "SPDX-License", with the
   * blank lines after it. Everything else is kept as it is; a file without such a comment is returned
   * unchanged.
   */
  public static String withoutLicenceHeader(String language, String text) {
    String lang = language.toLowerCase(Locale.ROOT);
    if (lang.equals("markdown")) {
      return text; // prose: a licence section in a README is content
    }
    int start = 0;
    int end;
    if (MARKUP_COMMENTS.contains(lang)) {
      start = skipBlank(text, 0);
      if (text.startsWith("<?xml", start)) {
        int decl = text.indexOf("?>", start);
        if (decl < 0) {
          return text;
        }
        start = skipBlank(text, decl + 2);
      }
      if (!text.startsWith("<!--", start)) {
        return text;
      }
      int close = text.indexOf("-->", start + 4);
      end = close < 0 ? -1 : close + 3;
    } else if (HASH_COMMENTS.contains(lang)) {
      if (text.startsWith("#!")) {
        int nl = text.indexOf('\n');
        start = nl < 0 ? text.length() : nl + 1;
      }
      start = skipBlank(text, start);
      end = start;
      while (text.startsWith("#", end)) {
        int nl = text.indexOf('\n', end);
        end = nl < 0 ? text.length() : nl + 1;
      }
      end = end == start ? -1 : end;
    } else if (NON_CODE.contains(lang) && !lang.equals("text")) {
      return text; // JSON has no comments; a "text" file may be code of a language without a name here (.proto)
    } else {
      start = skipBlank(text, 0);
      if (!text.startsWith("/*", start)) {
        return text;
      }
      int close = text.indexOf("*/", start + 2);
      end = close < 0 ? -1 : close + 2;
    }
    if (end < 0 || !LICENCE_WORDS.matcher(text.substring(start, end)).find()) {
      return text;
    }
    // the rest of the comment's last line must be blank: "*/ package a;" keeps its code
    int lineEnd = text.indexOf('\n', end);
    String rest = text.substring(end, lineEnd < 0 ? text.length() : lineEnd);
    if (!rest.isBlank()) {
      return text;
    }
    int after = lineEnd < 0 ? text.length() : lineEnd + 1;
    for (int nl = text.indexOf('\n', after); nl >= 0 && text.substring(after, nl).isBlank(); ) {
      after = nl + 1;
      nl = text.indexOf('\n', after);
    }
    return text.substring(0, start) + text.substring(after);
  }

  /** A non-code document's first {@link #MAX_NON_CODE_CHARS} characters, cut after a line end. */
  public static String capped(String language, String text) {
    if (!NON_CODE.contains(language.toLowerCase(Locale.ROOT)) || text.length() <= MAX_NON_CODE_CHARS) {
      return text;
    }
    int cut = text.lastIndexOf('\n', MAX_NON_CODE_CHARS - 1);
    return text.substring(0, cut < 0 ? MAX_NON_CODE_CHARS : cut + 1);
  }

  /** Whether a document of {@code language} is capped: not code, not Markdown. */
  public static boolean isCapped(String language) {
    return NON_CODE.contains(language.toLowerCase(Locale.ROOT));
  }

  private static int skipBlank(String text, int from) {
    int i = from;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }
}
