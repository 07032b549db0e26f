package dev.repotune.samples;

import dev.repotune.extractors.completion.MiddleKind;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code validate} rules and {@code inspect} views of the completion kinds ({@link OutputKind#FIM},
 * {@link OutputKind#REPO}), apart from the catalogue so that it stays a list of what each kind does.
 */
final class CompletionViews {
  /** The middle's marks in {@code inspect}: brackets no Java source uses. */
  static final String OPEN = "⟦";

  static final String CLOSE = "⟧";

  /** Lines of context shown around a marked middle, and lines of the middle itself. */
  static final int CONTEXT_LINES = 3;

  static final int MIDDLE_LINES = 8;

  static final Set<String> MODES =
      Stream.of(ModelProfile.Mode.values()).map(ModelProfile.Mode::wireName).collect(Collectors.toUnmodifiableSet());

  static final Set<String> KINDS =
      Stream.of(MiddleKind.values()).map(MiddleKind::wireName).collect(Collectors.toUnmodifiableSet());

  private CompletionViews() {}

  /**
   * A FIM row's rules: its split is its shard's, the middle is not empty, mode and kind are known names,
   * the text holds the middle, and no file has examples in both train and test (the test files are
   * held out of every training output).
   */
  static RowRules<FimRecord> fimRules() {
    Map<String, String> splitOfFile = new HashMap<>();
    return (where, group, r, v) -> {
      String split = r.meta().split();
      if (!split.equals(group)) {
        v.add(where + ": row " + r.id() + " says split \"" + split + "\" but is in the " + group + " shard");
      }
      if (r.middle().isEmpty()) {
        v.add(where + ": row " + r.id() + " has an empty middle");
      } else if (!r.text().contains(r.middle())) {
        v.add(where + ": row " + r.id() + ": text does not contain the middle");
      }
      if (!MODES.contains(r.mode())) {
        v.add(where + ": row " + r.id() + ": mode \"" + r.mode() + "\" is not one of " + new java.util.TreeSet<>(MODES));
      }
      if (!KINDS.contains(r.kind())) {
        v.add(where + ": row " + r.id() + ": kind \"" + r.kind() + "\" is not one of " + new java.util.TreeSet<>(KINDS));
      }
      if (r.meta().tokens() <= 0) {
        v.add(where + ": row " + r.id() + " has " + r.meta().tokens() + " tokens");
      }
      String file = r.meta().repo() + ":" + r.path();
      String other = splitOfFile.putIfAbsent(file, split);
      if (other != null && !other.equals(split) && !other.equals("both")) {
        v.add("file " + r.path() + " has FIM examples in both train and test");
        splitOfFile.put(file, "both");
      }
    };
  }

  /**
   * A repository document's rules: in train, not empty, its FIM file one of its files, and at most
   * {@code contextTokens} tokens (the manifest's {@code --context-tokens}; 0 when it does not say).
   */
  static RowRules<RepoDocument> repoRules(long contextTokens) {
    return (where, group, r, v) -> {
      RepoDocument.Meta m = r.meta();
      if (!m.split().equals(group)) {
        v.add(where + ": row " + r.id() + " says split \"" + m.split() + "\" but is in the " + group + " shard");
      }
      if (r.text().isEmpty() || m.paths().isEmpty()) {
        v.add(where + ": row " + r.id() + " is an empty document");
      }
      if (!m.fimPath().isEmpty() && !m.paths().contains(m.fimPath())) {
        v.add(where + ": row " + r.id() + ": fim_path " + m.fimPath() + " is not one of its paths");
      }
      if (m.tokens() <= 0) {
        v.add(where + ": row " + r.id() + " has " + m.tokens() + " tokens");
      } else if (contextTokens > 0 && m.tokens() > contextTokens) {
        v.add(where + ": row " + r.id() + " has " + m.tokens() + " tokens, more than --context-tokens " + contextTokens);
      }
    };
  }

  static void inspectFim(OutputKind<FimRecord> kind, List<FimRecord> rows, Inspection in) {
    if (rows.isEmpty()) {
      return;
    }
    PrintWriter out = in.out();
    out.printf("%n%s: %,d%n", kind.title(), rows.size());
    in.table("split x kind", rows, r -> r.meta().split() + "  " + r.kind());
    in.table("split x mode", rows, r -> r.meta().split() + "  " + r.mode());
    Map<String, List<Integer>> tokens = new TreeMap<>();
    rows.forEach(r ->
        tokens.computeIfAbsent(kind.folder() + " " + r.meta().split(), k -> new ArrayList<>()).add(r.meta().tokens()));
    tokens.forEach(in::histogram);
    Map<String, List<FimRecord>> byKind = new TreeMap<>();
    rows.forEach(r -> byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r));
    for (Map.Entry<String, List<FimRecord>> e : byKind.entrySet()) {
      for (FimRecord r : sample(e.getValue(), FimRecord::id, in)) {
        out.printf("%n--- %s  %s  %s  %s  (%s)%n", e.getKey(), r.meta().split(), r.mode(), r.path(), r.id());
        out.println(marked(r.prefix(), r.middle(), r.suffix()));
      }
    }
  }

  static void inspectRepo(OutputKind<RepoDocument> kind, List<RepoDocument> rows, Inspection in) {
    if (rows.isEmpty()) {
      return;
    }
    PrintWriter out = in.out();
    long withFim = rows.stream().filter(r -> !r.meta().fimPath().isEmpty()).count();
    out.printf("%n%s: %,d (%,d with a FIM file)%n", kind.title(), rows.size(), withFim);
    in.histogram(kind.folder() + " " + Split.TRAIN, rows.stream().map(r -> r.meta().tokens()).toList());
    List<Integer> files = rows.stream().map(r -> r.meta().paths().size()).toList();
    out.printf("  files per document: median %,d, max %,d%n", median(files), files.stream().mapToInt(i -> i).max().orElse(0));
    for (RepoDocument r : sample(rows, RepoDocument::id, in)) {
      List<String> paths = r.meta().paths();
      out.printf("%n--- %s  %,d tokens  %,d files%s  (%s)%n", r.meta().repo(), r.meta().tokens(), paths.size(),
          r.meta().fimPath().isEmpty() ? "" : ", FIM in " + r.meta().fimPath(), r.id());
      out.printf("  %s%s%n", String.join(", ", paths.subList(0, Math.min(5, paths.size()))),
          paths.size() > 5 ? ", ... (" + (paths.size() - 5) + " more)" : "");
      out.println(Inspection.abbreviate(r.text()));
    }
  }

  /**
   * A FIM example as a reader wants to see it: the last lines of the prefix, the middle between
   * {@value #OPEN} and {@value #CLOSE} (its first lines), the first lines of the suffix.
   */
  static String marked(String prefix, String middle, String suffix) {
    return tail(prefix, CONTEXT_LINES) + OPEN + head(middle, MIDDLE_LINES, true) + CLOSE + head(suffix, CONTEXT_LINES, false);
  }

  /** The last {@code n} lines of {@code s} (the line the middle starts in counts as one), each cut at 160. */
  static String tail(String s, int n) {
    int from = s.length();
    for (int i = 0; i < n; i++) {
      int nl = s.lastIndexOf('\n', from - 1);
      if (nl < 0) {
        return cutLines(s);
      }
      from = nl;
    }
    return "...\n" + cutLines(s.substring(from + 1));
  }

  /** The first {@code n} lines of {@code s}, each cut at 160, with how many lines are left out. */
  static String head(String s, int n, boolean sayHowMany) {
    String[] lines = s.split("\n", -1);
    if (lines.length <= n) {
      return cutLines(s);
    }
    String shown = cutLines(String.join("\n", java.util.Arrays.copyOf(lines, n)));
    return shown + (sayHowMany ? "\n... (" + (lines.length - n) + " more lines)" : "\n...");
  }

  private static String cutLines(String s) {
    StringBuilder b = new StringBuilder(s.length());
    String[] lines = s.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      int cut = l.length() > 160 ? l.offsetByCodePoints(0, Math.min(157, l.codePointCount(0, l.length()))) : l.length();
      b.append(cut < l.length() ? l.substring(0, cut) + "..." : l);
      if (i < lines.length - 1) {
        b.append('\n');
      }
    }
    return b.toString();
  }

  private static <R> List<R> sample(List<R> rows, java.util.function.Function<R, String> id, Inspection in) {
    List<R> pool = new ArrayList<>(rows);
    pool.sort(java.util.Comparator.comparing(id));
    Collections.shuffle(pool, new Random(in.seed()));
    return pool.subList(0, Math.min(in.rowsPerTask(), pool.size()));
  }

  private static int median(List<Integer> values) {
    List<Integer> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
  }
}
