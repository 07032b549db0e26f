package dev.repotune.extractors;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Token counts with o200k_base, the encoding current OpenAI models (and repomix) use, so budgets here
 * match what a teacher or a trainer will see. One shared, thread-safe encoding: building it is expensive.
 */
public final class TokenCounter {
  private static final Encoding ENCODING =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  /** JTokkit's copy of the vocabulary: base64 token, space, rank, a line each. */
  private static final String VOCABULARY = "/com/knuddels/jtokkit/o200k_base.tiktoken";
  /** The longest token of the vocabulary, in UTF-8 bytes: n bytes are at least n / this many tokens. */
  static final int MAX_TOKEN_BYTES = longestToken();

  private TokenCounter() {}

  /**
   * Counts tokens treating special-token text such as {@code <|endoftext|>} as ordinary text, so source
   * that happens to contain one never throws.
   */
  public static int count(String text) {
    return text.isEmpty() ? 0 : ENCODING.countTokensOrdinary(text);
  }

  /**
   * {@link #count}, with the parts between code fences counted once each through {@code memo}: a row's
   * code block recurs in every question variant and task about its chunk. Exact, not an estimate: the
   * encoder first splits text into pieces and never merges across them, and a newline followed by a
   * non-space character always ends a piece, so counts add up across such a split.
   */
  public static int countByFences(String text, java.util.Map<String, Integer> memo) {
    int total = 0;
    int from = 0;
    for (int fence = text.indexOf("\n```"); fence >= 0; fence = text.indexOf("\n```", fence + 1)) {
      int cut = fence + 1;
      if (cut > from) {
        total += memo.computeIfAbsent(text.substring(from, cut), TokenCounter::count);
        from = cut;
      }
    }
    return total + memo.computeIfAbsent(text.substring(from), TokenCounter::count);
  }

  /**
   * A text's pieces for counting any span of it fast. The encoder first splits a text into pieces and
   * never merges across them; it always ends one after a newline that spaces or tabs and then a
   * character that is no white space follow (its whitespace pattern ends at a run's last newline, and
   * its punctuation pattern takes newlines and slashes after a symbol, so {@code "}\n//"} is one piece
   * and the slash must be indented). The text is cut at every such place, each piece counted once, and
   * a span's count is its whole pieces' sum plus the two partial pieces at its ends: equal to counting
   * it alone, for every span. Indented lines must be places too: cut only at unindented lines, a Java
   * class body was one piece, and every FIM example and repository-level piece counted it again (a
   * fifth of the JDK's cold run).
   *
   * <p>{@link #cuts} are the coarser places a file is cut into documents: after a newline that a
   * character other than white space and {@code /} follows.
   */
  public static final class Pieces {
    private final String text;
    private final int[] lineStarts;
    private final int[] starts;
    private final long[] sums;

    private Pieces(String text) {
      this.text = text;
      java.util.List<Integer> lines = new java.util.ArrayList<>();
      java.util.List<Integer> places = new java.util.ArrayList<>();
      lines.add(0);
      places.add(0);
      for (int i = text.indexOf('\n'); i >= 0 && i + 1 < text.length(); i = text.indexOf('\n', i + 1)) {
        char next = text.charAt(i + 1);
        if (!Character.isWhitespace(next) && next != '/') {
          lines.add(i + 1);
        }
        int j = i + 1;
        while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
          j++;
        }
        if (j < text.length() && surelyNotSpace(text.charAt(j)) && (j > i + 1 || text.charAt(j) != '/')) {
          places.add(i + 1);
        }
      }
      lineStarts = lines.stream().mapToInt(Integer::intValue).toArray();
      starts = places.stream().mapToInt(Integer::intValue).toArray();
      sums = new long[starts.length + 1];
      for (int k = 0; k < starts.length; k++) {
        int end = k + 1 < starts.length ? starts[k + 1] : text.length();
        sums[k + 1] = sums[k] + TokenCounter.count(text.substring(starts[k], end));
      }
    }

    /** Not white space by Java's rules nor Unicode's (the encoder's {@code \s} may be either). */
    private static boolean surelyNotSpace(char c) {
      return c > ' ' && c != '\u0085' && !Character.isWhitespace(c) && !Character.isSpaceChar(c);
    }

    public static Pieces of(String text) {
      return new Pieces(text);
    }

    /**
     * The offsets where lines start that neither white space nor {@code /} begins (the first is 0),
     * ascending: the places a file is cut into documents, where each piece's count is exact.
     */
    public int[] cuts() {
      return lineStarts.clone();
    }

    /** The tokens of the whole text. */
    public int total() {
      return (int) sums[starts.length];
    }

    /** The tokens of {@code text[from, to)}. */
    public int count(int from, int to) {
      if (from >= to) {
        return 0;
      }
      int first = firstPlaceAtOrAfter(from);
      int last = lastPlaceAtOrBefore(to);
      if (first > last || starts[first] >= to || (last < starts.length && starts[last] <= from && first == last)) {
        return TokenCounter.count(text.substring(from, to));
      }
      int head = TokenCounter.count(text.substring(from, starts[first]));
      int tail = TokenCounter.count(text.substring(starts[last], to));
      return head + (int) (sums[last] - sums[first]) + tail;
    }

    /** The index of the first place at or after {@code pos} (starts.length when none). */
    private int firstPlaceAtOrAfter(int pos) {
      int i = java.util.Arrays.binarySearch(starts, pos);
      return i >= 0 ? i : -i - 1;
    }

    /** The index of the last place at or before {@code pos}. */
    private int lastPlaceAtOrBefore(int pos) {
      int i = java.util.Arrays.binarySearch(starts, pos);
      return i >= 0 ? i : -i - 2;
    }
  }

  /**
   * Whether {@code text} has between {@code min} and {@code max} tokens, counting only when the lengths
   * cannot tell: every token is at least one byte and at most {@link #MAX_TOKEN_BYTES}, and there are at
   * least {@code atLeast} of them (the number of runs of letters and digits, which o200k's pre-tokenizer
   * never joins into one token). Most texts are decided without running the encoder, which cost the
   * filter step of a JDK-sized run minutes.
   */
  public static boolean within(String text, int atLeast, int min, int max) {
    int bytes = utf8Length(text);
    if (bytes >= 0 && bytes <= max && Math.max(atLeast, ceilDiv(bytes, MAX_TOKEN_BYTES)) >= min) {
      return true;
    }
    if (bytes >= 0 && bytes < min) {
      return false;
    }
    int n = count(text);
    return n >= min && n <= max;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /** The UTF-8 length, or -1 for text with a lone surrogate (whose encoding is the encoder's choice). */
  static int utf8Length(CharSequence s) {
    int n = 0;
    for (int i = 0, len = s.length(); i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (!Character.isSurrogate(c)) {
        n += 3;
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        return -1;
      }
    }
    return n;
  }

  private static int longestToken() {
    try (InputStream in = Encodings.class.getResourceAsStream(VOCABULARY)) {
      if (in == null) {
        throw new IllegalStateException("JTokkit has no " + VOCABULARY);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      Base64.Decoder base64 = Base64.getDecoder();
      int longest = 1;
      for (String line; (line = r.readLine()) != null; ) {
        int space = line.indexOf(' ');
        if (space > 0) {
          longest = Math.max(longest, base64.decode(line.substring(0, space)).length);
        }
      }
      return longest;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
