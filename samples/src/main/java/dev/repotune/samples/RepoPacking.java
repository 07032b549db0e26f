package dev.repotune.samples;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Packs a repository's files, in dependency order, into repository-level documents of at most {@code
 * contextTokens} tokens, and renders a document in the profile's repository format. Two steps because a
 * pipeline plans where it has only counts (the plan is small: paths, offsets and counts, no text, so it
 * travels as a side input) and renders where it has the texts.
 *
 * <p>Budget. A piece's tokens are its text wrapped alone as the profile writes a file ({@link
 * ModelProfile#repoFile}), counted by {@link ModelProfile#tokens}; a document's are the header's plus
 * its pieces'. o200k's pre-tokenizer never merges across a join after a newline except where the next
 * file's marker continues a run of punctuation or newlines ({@code "}\n"} + {@code "// File:"} becomes
 * one piece {@code "}\n//"}), and there the joined text counts fewer tokens, not more; a special token
 * is counted apart by the profile. So the sum bounds the document, and {@link #renderFitted} counts the
 * rendered text exactly. A FIM example adds the profile's FIM tokens and splits the file at two more
 * places: a document chosen for FIM is packed to {@code reserve} tokens less ({@link #fimReserve}), and
 * {@link #renderFitted} still renders it without FIM when the exact count is over.
 *
 * <p>A file larger than a document is cut at line ends ({@link #pieces}; inside a line only for a line
 * that alone is too large, never inside a surrogate pair), each piece wrapped with the file's path
 * again. Each piece of a cut file starts a new document: it was cut to fill one, and the piece before it
 * is the end of the previous document, so the file reads on across the boundary; files after its last
 * piece join that piece's document. Otherwise greedy in order: files that depend on each other are near
 * each other in the order and so share a document.
 */
public final class RepoPacking {
  /**
   * Tokens a FIM example may add beyond the profile's FIM markers: the two cuts of the file into prefix,
   * middle and suffix each split at most one pre-tokenizer piece, which then counts a token or two more.
   */
  static final int CUT_ALLOWANCE = 4;

  private RepoPacking() {}

  /**
   * Characters {@code [start, end)} of the file {@code path}'s content: part {@code index} of {@code
   * parts}; {@code tokens} of the piece wrapped as the profile writes a file.
   */
  public record Piece(String path, int index, int parts, int start, int end, int tokens) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A whole file of {@code length} characters. */
    public static Piece whole(String path, int length, int tokens) {
      return new Piece(path, 0, 1, 0, length, tokens);
    }

    /** This piece's text, out of the file's whole {@code content}. */
    public String text(String content) {
      return content.substring(start, end);
    }
  }

  /**
   * One document: its pieces in order and its tokens (header included, the planned sum); {@code fimMode}
   * the mode of the FIM example its last piece carries, or null for a document without one.
   */
  public record Document(List<Piece> pieces, int tokens, ModelProfile.Mode fimMode) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Document {
      pieces = List.copyOf(pieces);
    }

    public boolean hasFim() {
      return fimMode != null;
    }

    /** The piece that carries the FIM example: the last, with the rest of the document as its context. */
    public Piece fimPiece() {
      return pieces.get(pieces.size() - 1);
    }
  }

  /**
   * Whether and how documents get a FIM example: document {@code i} does when a hash of ({@code seed},
   * i) falls under {@code rate}, in SPM mode when a second hash falls under {@code spmShare}; a FIM
   * document is packed {@code reserve} tokens short of the context. {@link #NONE}: none does.
   */
  public record FimChoice(long seed, double rate, double spmShare, int reserve) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final FimChoice NONE = new FimChoice(0, 0, 0, 0);

    /** The choice at the profile's own rate and SPM share. */
    public static FimChoice of(ModelProfile profile, long seed, ToIntFunction<String> counter) {
      return new FimChoice(seed, profile.fimRate(), profile.spmShare(), fimReserve(profile, counter));
    }

    /** Document {@code document}'s FIM mode, or null for none. */
    public ModelProfile.Mode modeOf(int document) {
      if (unit(seed, document, 0) >= rate) {
        return null;
      }
      return unit(seed, document, 1) < spmShare ? ModelProfile.Mode.SPM : ModelProfile.Mode.PSM;
    }
  }

  /** The packed documents. */
  public record Plan(List<Document> documents) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Plan {
      documents = List.copyOf(documents);
    }
  }

  /** A span of a piece's text: the FIM middle is {@code [start, end)}. */
  public record Span(int start, int end) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** A rendered document: its text, its exact tokens, and whether it carries its FIM example. */
  public record Rendered(String text, int tokens, boolean fim) {}

  /**
   * Tokens a FIM example can add to a file: the profile's FIM markers (the most of the modes it has) and {@link
   * #CUT_ALLOWANCE}.
   */
  public static int fimReserve(ModelProfile profile, ToIntFunction<String> counter) {
    int plain = profile.tokens(profile.repoFile("x", ""), counter);
    int most = 0;
    for (ModelProfile.Mode mode : ModelProfile.Mode.values()) {
      if (!profile.supports(mode)) {
        continue;
      }
      most = Math.max(most, profile.tokens(profile.repoFimFile("x", "", "", "", mode), counter) - plain);
    }
    return most + CUT_ALLOWANCE;
  }

  /** The most tokens one piece may have: what a document holds besides its header and a FIM reserve. */
  public static int maxPieceTokens(int contextTokens, int headerTokens, FimChoice fim) {
    int max = contextTokens - headerTokens - fim.reserve();
    if (max < 1) {
      throw new IllegalArgumentException(
          "context of " + contextTokens + " tokens holds no file after a header of " + headerTokens);
    }
    return max;
  }

  /**
   * The file as one piece when it fits {@code maxTokens}, else cut into pieces that each do, at line ends
   * ({@code wrapped}: the tokens of a piece's text wrapped as the profile writes a file); the pieces'
   * texts concatenate to {@code content}.
   */
  public static List<Piece> pieces(String path, String content, int maxTokens, ToIntFunction<String> wrapped) {
    int whole = wrapped.applyAsInt(content);
    if (whole <= maxTokens) {
      return List.of(Piece.whole(path, content.length(), whole));
    }
    int empty = wrapped.applyAsInt("");
    if (empty >= maxTokens) {
      throw new IllegalArgumentException("the path header of " + path + " alone is over " + maxTokens + " tokens");
    }
    List<int[]> cuts = new ArrayList<>(); // start, end, tokens
    int start = 0;
    while (start < content.length()) {
      int end = start;
      int estimate = empty;
      // whole lines while their counts, each alone, add up within the budget
      while (end < content.length()) {
        int nl = content.indexOf('\n', end);
        int lineEnd = nl < 0 ? content.length() : nl + 1;
        int line = wrapped.applyAsInt(content.substring(end, lineEnd)) - empty;
        if (estimate + line > maxTokens && end > start) {
          break;
        }
        estimate += line;
        end = lineEnd;
      }
      int tokens = wrapped.applyAsInt(content.substring(start, end));
      while (tokens > maxTokens) { // rare: lines that count more together than apart, or one long line
        int back = content.lastIndexOf('\n', end - 2);
        if (back >= start) {
          end = back + 1;
        } else {
          end = cutInsideLine(content, start, end, maxTokens, wrapped);
        }
        tokens = wrapped.applyAsInt(content.substring(start, end));
      }
      cuts.add(new int[] {start, end, tokens});
      start = end;
    }
    List<Piece> out = new ArrayList<>(cuts.size());
    for (int i = 0; i < cuts.size(); i++) {
      int[] c = cuts.get(i);
      out.add(new Piece(path, i, cuts.size(), c[0], c[1], c[2]));
    }
    return out;
  }

  /**
   * The longest prefix of {@code [start, end)} that fits (bisection; {@code [start, end)} does not), cut
   * at a code point boundary, at least one code point long.
   */
  private static int cutInsideLine(String content, int start, int end, int maxTokens, ToIntFunction<String> wrapped) {
    int lo = start;
    int hi = end;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (wrapped.applyAsInt(content.substring(start, mid)) <= maxTokens) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    int cut = codePointBoundary(content, lo);
    if (cut > start) {
      return cut;
    }
    int one = content.offsetByCodePoints(start, 1);
    if (one < end && wrapped.applyAsInt(content.substring(start, one)) <= maxTokens) {
      return one;
    }
    throw new IllegalArgumentException("not one character of the file fits in " + maxTokens + " tokens");
  }

  private static int codePointBoundary(String s, int i) {
    boolean inPair =
        i > 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i)) && Character.isHighSurrogate(s.charAt(i - 1));
    return inPair ? i - 1 : i;
  }

  /**
   * Packs {@code ordered} pieces (every file's, from {@link #pieces}, in dependency order) greedily into
   * documents of at most {@code contextTokens}, {@code headerTokens} of which each document's header
   * takes; document i gets a FIM example as {@code fim} chooses, and is then packed {@code fim.reserve()}
   * short.
   */
  public static Plan plan(List<Piece> ordered, int headerTokens, int contextTokens, FimChoice fim) {
    int maxPiece = maxPieceTokens(contextTokens, headerTokens, fim);
    List<Document> documents = new ArrayList<>();
    List<Piece> current = new ArrayList<>();
    int tokens = 0;
    int budget = 0;
    ModelProfile.Mode mode = null;
    for (Piece p : ordered) {
      if (p.tokens() > maxPiece) {
        throw new IllegalArgumentException(
            p.path() + " piece " + p.index() + " has " + p.tokens() + " tokens, over " + maxPiece + ": cut it first");
      }
      boolean fresh = p.parts() > 1 || current.isEmpty();
      if (!fresh && tokens + p.tokens() <= budget) {
        current.add(p);
        tokens += p.tokens();
        continue;
      }
      if (!current.isEmpty()) {
        documents.add(new Document(current, tokens, mode));
        current = new ArrayList<>();
      }
      mode = fim.modeOf(documents.size());
      budget = contextTokens - (mode == null ? 0 : fim.reserve());
      current.add(p);
      tokens = headerTokens + p.tokens();
    }
    if (!current.isEmpty()) {
      documents.add(new Document(current, tokens, mode));
    }
    return new Plan(documents);
  }

  /**
   * A document's text: the profile's header for {@code repo}, then each piece's text ({@code texts}, in
   * the document's order) as a file, the last as the FIM file with {@code span} as its middle when {@code
   * span} is not null (in the document's FIM mode, PSM for a document planned without one).
   */
  public static String render(ModelProfile profile, String repo, Document document, List<String> texts, Span span) {
    if (texts.size() != document.pieces().size()) {
      throw new IllegalArgumentException(texts.size() + " texts for " + document.pieces().size() + " pieces");
    }
    StringBuilder out = new StringBuilder(profile.repoHeader(repo));
    int last = texts.size() - 1;
    for (int i = 0; i <= last; i++) {
      String path = document.pieces().get(i).path();
      String text = texts.get(i);
      if (i == last && span != null) {
        ModelProfile.Mode mode = document.hasFim() ? document.fimMode() : ModelProfile.Mode.PSM;
        out.append(profile.repoFimFile(
            path, text.substring(0, span.start()), text.substring(span.start(), span.end()), text.substring(span.end()),
            mode));
      } else {
        out.append(profile.repoFile(path, text));
      }
    }
    return out.toString();
  }

  /**
   * {@link #render}, counted exactly: the document with its FIM example when it has one and {@code span}
   * is given and the text fits {@code contextTokens}, else the document without it.
   */
  public static Rendered renderFitted(
      ModelProfile profile,
      String repo,
      Document document,
      List<String> texts,
      Span span,
      ToIntFunction<String> counter,
      int contextTokens) {
    if (document.hasFim() && span != null) {
      String text = render(profile, repo, document, texts, span);
      int tokens = profile.tokens(text, counter);
      if (tokens <= contextTokens) {
        return new Rendered(text, tokens, true);
      }
    }
    String text = render(profile, repo, document, texts, null);
    return new Rendered(text, profile.tokens(text, counter), false);
  }

  /** A number in [0, 1) from ({@code seed}, {@code document}, {@code salt}): SplitMix64's finaliser. */
  static double unit(long seed, int document, int salt) {
    long z = seed + 0x9E3779B97F4A7C15L * (((long) document << 1) + salt + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-53;
  }
}
