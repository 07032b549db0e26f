package dev.repotune.pipeline.cli;

import dev.repotune.samples.HeldOutCheck;
import dev.repotune.samples.OutputKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code validate}'s cross-kind invariant: no held-out text ({@link OutputKind#heldOutText}: the
 * {@code fim/test} middles) occurs verbatim in a text a model trains on ({@link OutputKind#trainingTexts}:
 * CPT documents, repository documents, FIM training examples, SFT training messages), checked by
 * {@link HeldOutCheck}. One line per held-out middle found: its row, and how many training rows hold it
 * with the first few. Shards are read as streams, a second time after their own checks (a line that
 * does not parse was reported there); nothing is read again when the folder holds no held-out text.
 */
final class HeldOutScan {
  /** Held-out middles reported one by one; past this, one line says how many more there are. */
  static final int MAX_REPORTED = 20;

  private HeldOutScan() {}

  static void check(DatasetFiles data, List<String> v) throws IOException {
    Map<String, String> origin = new LinkedHashMap<>();
    for (OutputKind<?> kind : OutputKind.values()) {
      if (kind.source() == null) {
        collect(data, kind, origin);
      }
    }
    HeldOutCheck check = HeldOutCheck.of(origin.keySet());
    if (check.size() == 0) {
      return;
    }
    Map<String, Leak> leaks = new HashMap<>();
    for (OutputKind<?> kind : OutputKind.values()) {
      if (kind.source() == null) {
        scan(data, kind, check, leaks);
      }
    }
    int reported = 0;
    for (Map.Entry<String, String> e : origin.entrySet()) {
      Leak leak = leaks.get(e.getKey());
      if (leak != null && reported++ < MAX_REPORTED) {
        v.add(e.getValue() + ": the held-out middle " + quote(e.getKey()) + " occurs in " + leak.rows + " training row"
            + (leak.rows == 1 ? "" : "s") + ": " + String.join(", ", leak.first)
            + (leak.rows > leak.first.size() ? ", ..." : ""));
      }
    }
    if (reported > MAX_REPORTED) {
      v.add("... and " + (reported - MAX_REPORTED) + " more held-out middles that occur in training rows");
    }
  }

  /** The training rows that hold one held-out middle: how many, and the first few. */
  private static final class Leak {
    static final int SHOWN = 3;
    long rows;
    final List<String> first = new ArrayList<>();
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

  private static <T> void scan(DatasetFiles data, OutputKind<T> kind, HeldOutCheck check, Map<String, Leak> leaks)
      throws IOException {
    for (String jsonl : data.list(kind.folder(), ".jsonl")) {
      data.forEachLine(jsonl, (number, line) -> {
        T row = read(kind, line);
        if (row == null) {
          return;
        }
        Set<String> found = new HashSet<>();
        kind.trainingTexts(row, text -> check.scan(text, found::add));
        for (String middle : found) {
          Leak leak = leaks.computeIfAbsent(middle, m -> new Leak());
          if (leak.rows++ < Leak.SHOWN) {
            leak.first.add(jsonl + ":" + number);
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
