package dev.repotune.pipeline;

import static dev.repotune.pipeline.Manifest.sumPrefix;

import dev.repotune.samples.OutputKind;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@link DatasetFolder.Summary} prints: counts per stage and kind, tokens, time, where it is; and its warnings. */
final class ClosingSummary {
  private static final OutputKind<?> REJECTED = OutputKind.REJECTED;
  private static final OutputKind<?> FAILED = OutputKind.FAILED;

  private ClosingSummary() {}

  /** Lines about inputs the run worked around: each says what happened and what to do about it. */
  static List<String> warnings(DatasetFolder.Summary s) {
    Map<String, Long> c = s.counts();
    long parseFallbacks = c.getOrDefault(FAILED.countKey("ExtractChunks"), 0L);
    Map<String, Long> n = new LinkedHashMap<>();
    n.put(" files or chunks could not be processed and were left out; see " + s.outDir() + "/" + FAILED.folder(),
        sumPrefix(c, FAILED.folder() + ".") - parseFallbacks);
    n.put(" Java files did not parse and were cut into plain windows (no method-level questions for them; errors in "
            + FAILED.folder() + "/ExtractChunks)",
        parseFallbacks);
    n.put(" files are not valid UTF-8; their bad bytes became U+FFFD (re-encode them to UTF-8 to keep the text)",
        c.getOrDefault("files.invalid_utf8", 0L));
    n.put(" files over --max-file-bytes were skipped; raise --max-file-bytes to include them",
        c.getOrDefault(REJECTED.countKey("ReadRepository", "too_large"), 0L));
    n.put(" submodules were skipped (their files live in another repository; run repotune on it separately)",
        c.getOrDefault(REJECTED.countKey("ReadRepository", "submodule"), 0L));
    n.put(" symbolic links were skipped, never followed (their targets are read where they are)",
        c.getOrDefault(REJECTED.countKey("ReadRepository", "symlink"), 0L));
    n.put(" Git LFS pointer files were skipped (their content is on the LFS server, which repotune does not read)",
        c.getOrDefault(REJECTED.countKey("ReadRepository", "lfs_pointer"), 0L));
    List<String> w = new ArrayList<>();
    n.forEach((text, count) -> {
      if (count > 0) {
        w.add(count + text);
      }
    });
    return w;
  }

  static void print(DatasetFolder.Summary s, PrintWriter out) {
    Map<String, Long> c = s.counts();
    out.printf("Done in %.1f s. Dataset: %s%n", s.elapsed().toMillis() / 1000.0, s.outDir());
    out.printf(
        "  files    %,d kept, %,d skipped, %,d Java files chunked as text (parse errors in %s/)%n",
        c.getOrDefault("files.kept", 0L),
        sumPrefix(c, REJECTED.countKey("ReadRepository") + "."),
        c.getOrDefault(FAILED.countKey("ExtractChunks"), 0L),
        FAILED.folder());
    out.printf(
        "  secrets  %,d redacted in %,d files%n",
        c.getOrDefault("secrets.redacted.total", 0L), c.getOrDefault("secrets.files", 0L));
    out.printf(
        "  personal %,d e-mails and %,d IP addresses redacted in %,d files%n",
        c.getOrDefault("pii.redacted.email", 0L), c.getOrDefault("pii.redacted.ip", 0L), c.getOrDefault("pii.files", 0L));
    out.printf(
        "  chunks   %,d (%,d answered, %,d rejected, %,d failed), %,d tokens%n",
        c.getOrDefault("chunks.total", 0L),
        c.getOrDefault("chunks.answered", 0L),
        sumPrefix(c, REJECTED.countKey("AskTeacher") + "."),
        sumPrefix(c, FAILED.countKey("AskTeacher")),
        c.getOrDefault("tokens.chunks", 0L));
    out.printf(
        "  quality  %,d rows filtered, %,d duplicates removed, %,d over their kind's share (%s/)%n",
        sumPrefix(c, REJECTED.countKey("FilterSamples") + "."),
        sumPrefix(c, REJECTED.countKey("Deduplicate") + "."),
        sumPrefix(c, REJECTED.countKey("CapMix") + "."),
        REJECTED.folder());
    List<String> shortKinds = new ArrayList<>();
    c.forEach((key, rows) -> {
      if (key.startsWith("split.short.") && key.endsWith(".rows")) {
        String kind = key.substring("split.short.".length(), key.length() - ".rows".length());
        shortKinds.add(String.format("%s %,d of %,d rows in %,d files", kind,
            c.getOrDefault("split.short." + kind + ".test", 0L), rows, c.getOrDefault("split.short." + kind + ".files", 0L)));
      }
    });
    if (!shortKinds.isEmpty()) {
      out.printf("  split    less than --test-fraction in test, too few files: %s%n", String.join(", ", shortKinds));
    }
    for (OutputKind<?> kind : OutputKind.values()) {
      for (String line : kind.summaryLines(c)) {
        out.println(line);
      }
    }
    Manifest.TeacherTotals t = Manifest.TeacherTotals.of(c);
    if (t.cached() + t.fresh() == 0) {
      out.printf("  teacher  %s: 0 calls, $0.00%n", s.teacher());
    } else {
      out.printf(
          "  teacher  %s: %,d calls (%,d cached, %,d fresh), %,d tokens in, %,d out, $%.4f; %,d failed; grounded %.1f%% of %,d pairs%n",
          s.teacher(), t.cached() + t.fresh(), t.cached(), t.fresh(), t.tokensIn(), t.tokensOut(), t.usd(),
          sumPrefix(c, FAILED.countKey("AskTeacher")), 100 * t.groundingRate(), t.grounded() + t.ungrounded());
    }
    out.flush();
  }
}
