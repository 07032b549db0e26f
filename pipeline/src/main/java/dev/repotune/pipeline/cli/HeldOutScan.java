package dev.repotune.pipeline.cli;

import dev.repotune.samples.HeldOutCheck;
import dev.repotune.samples.OutputKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code validate}'s cross-kind invariant: no held-out text ({@link OutputKind#heldOutText}: the
 * {@code fim/test} middles) occurs verbatim in a text a model trains on ({@link OutputKind#trainingTexts}:
 * CPT documents, repository documents, FIM training examples, SFT training messages), checked by
 * {@link HeldOutCheck}. Shards are read as streams, a second time after their own checks (a line that
 * does not parse was reported there); nothing is read again when the folder holds no held-out text.
 */
final class HeldOutScan {
  /** Leaks reported one by one; past this, one line says how many more there are. */
  static final int MAX_REPORTED = 20;

  private HeldOutScan() {}

  static void check(DatasetFiles data, List<String> v) throws IOException {
    Map<String, String> origin = new HashMap<>();
    for (OutputKind<?> kind : OutputKind.values()) {
      if (kind.source() == null) {
        collect(data, kind, origin);
      }
    }
    HeldOutCheck check = HeldOutCheck.of(origin.keySet());
    if (check.size() == 0) {
      return;
    }
    long[] leaks = {0};
    for (OutputKind<?> kind : OutputKind.values()) {
      if (kind.source() == null) {
        scan(data, kind, check, origin, leaks, v);
      }
    }
    if (leaks[0] > MAX_REPORTED) {
      v.add("... and " + (leaks[0] - MAX_REPORTED) + " more training rows that hold a held-out middle");
    }
  }

  /** Each held-out text of {@code kind}'s rows, with the first row that holds it. */
  private static <T> void collect(DatasetFiles data, OutputKind<T> kind, Map<String, String> origin) throws IOException {
    for (String jsonl : data.list(kind.folder(), ".jsonl")) {
      data.forEachLine(jsonl, (number, line) -> {
        T row = read(kind, line);
        String text = row == null ? null : kind.heldOutText(row);
        if (text != null) {
          origin.putIfAbsent(text, jsonl + ":" + number);
        }
      });
    }
  }

  private static <T> void scan(
      DatasetFiles data, OutputKind<T> kind, HeldOutCheck check, Map<String, String> origin, long[] leaks, List<String> v)
      throws IOException {
    for (String jsonl : data.list(kind.folder(), ".jsonl")) {
      data.forEachLine(jsonl, (number, line) -> {
        T row = read(kind, line);
        if (row == null) {
          return;
        }
        List<String> found = new ArrayList<>();
        kind.trainingTexts(row, text -> check.scan(text, m -> {
          if (!found.contains(m)) {
            found.add(m);
          }
        }));
        for (String middle : found) {
          if (++leaks[0] <= MAX_REPORTED) {
            v.add(jsonl + ":" + number + ": a training row holds the held-out middle of " + origin.get(middle) + ": "
                + quote(middle));
          }
        }
      });
    }
  }

  private static <T> T read(OutputKind<T> kind, String line) {
    try {
      return kind.codec().read(line);
    } catch (RuntimeException e) {
      return null; // reported by the shard's own check
    }
  }

  /** The middle on one line, cut at 80 characters. */
  static String quote(String middle) {
    String one = middle.strip().replaceAll("\\s+", " ");
    int cut = one.codePointCount(0, one.length()) > 80 ? one.offsetByCodePoints(0, 77) : one.length();
    return "\"" + (cut < one.length() ? one.substring(0, cut) + "..." : one) + "\"";
  }
}
