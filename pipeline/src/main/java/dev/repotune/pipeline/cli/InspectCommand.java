package dev.repotune.pipeline.cli;

import dev.repotune.extractors.TokenCounter;
import dev.repotune.samples.CptRecord;
import dev.repotune.samples.JsonLines;
import dev.repotune.samples.Message;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.SftRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code repotune inspect <out>}: what a person wants to see before training on a dataset: how many rows
 * of each split, task and language, how long they are, what was left out and why, and a few real rows of
 * each task (chosen by a seed, so two people looking see the same rows).
 */
@Command(name = "inspect", description = "Counts, token histograms, rejection reasons and sample rows of a dataset folder.", mixinStandardHelpOptions = true)
public final class InspectCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "<out-dir>", description = "A folder written by generate.")
  Path dir;

  @Option(names = "--rows", description = "Sample rows shown per task kind (default: ${DEFAULT-VALUE}).", defaultValue = "2")
  int rows;

  @Option(names = "--seed", description = "Seed for choosing the sample rows (default: ${DEFAULT-VALUE}).", defaultValue = "0")
  long seed;

  static final int[] BUCKETS = {32, 64, 128, 256, 512, 1024, 2048, 4096, 8192};

  @Override
  protected int doCall() throws Exception {
    if (rows < 0) {
      throw new ExitException(ExitCodes.USAGE, "--rows must be 0 or more, got " + rows);
    }
    DatasetFiles data = DatasetFiles.open(dir);
    PrintWriter out = out();
    List<SftRecord> sft = new ArrayList<>();
    for (String f : data.list("sft", ".jsonl")) {
      data.lines(f).forEach(l -> sft.add(JsonLines.readSft(l)));
    }
    List<CptRecord> cpt = new ArrayList<>();
    for (String f : data.list("cpt", ".jsonl")) {
      data.lines(f).forEach(l -> cpt.add(JsonLines.readCpt(l)));
    }
    Map<String, String> languageOfPath = new HashMap<>();
    cpt.forEach(c -> languageOfPath.put(c.meta().path(), c.meta().language()));

    out.printf("%s: %s @ %s%n", dir, data.manifest.path("repo").asText(), data.manifest.path("commit").asText());
    out.printf("%nSFT rows: %,d%n", sft.size());
    table(out, "split x task", sft, r -> r.meta().split() + "  " + r.meta().task());
    table(out, "split x language", sft, r -> r.meta().split() + "  " + languageOfPath.getOrDefault(r.meta().path(), "?"));
    out.printf("%nCPT documents: %,d%n", cpt.size());
    table(out, "language", cpt, c -> c.meta().language());

    Map<String, List<Integer>> tokens = new TreeMap<>();
    for (SftRecord r : sft) {
      int n = 0;
      for (Message m : r.messages()) {
        n += TokenCounter.count(m.content());
      }
      tokens.computeIfAbsent("sft " + r.meta().split(), k -> new ArrayList<>()).add(n);
    }
    cpt.forEach(c -> tokens.computeIfAbsent("cpt train", k -> new ArrayList<>()).add(c.meta().tokens()));
    tokens.forEach((name, counts) -> histogram(out, name, counts));

    Map<String, Long> reasons = new TreeMap<>();
    for (String f : data.list("rejected", ".jsonl")) {
      for (String l : data.lines(f)) {
        Rejected r = JsonLines.readRejected(l);
        reasons.merge(r.stage() + "  " + r.reason(), 1L, Long::sum);
      }
    }
    out.printf("%nRejected: %,d%n", reasons.values().stream().mapToLong(Long::longValue).sum());
    reasons.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> out.printf("  %,9d  %s%n", e.getValue(), e.getKey()));

    Map<String, List<SftRecord>> byTask = new TreeMap<>();
    sft.forEach(r -> byTask.computeIfAbsent(r.meta().task(), k -> new ArrayList<>()).add(r));
    for (Map.Entry<String, List<SftRecord>> e : byTask.entrySet()) {
      List<SftRecord> pool = new ArrayList<>(e.getValue());
      pool.sort((a, b) -> a.id().compareTo(b.id()));
      Collections.shuffle(pool, new Random(seed));
      for (SftRecord r : pool.subList(0, Math.min(rows, pool.size()))) {
        out.printf("%n--- %s  %s  %s:%s  (%s)%n", e.getKey(), r.meta().split(), r.meta().path(), r.meta().lines(), r.id());
        for (Message m : r.messages()) {
          if (!m.role().equals("system")) {
            out.printf("[%s]%n%s%n", m.role(), abbreviate(m.content()));
          }
        }
      }
    }
    return ExitCodes.OK;
  }

  private static <T> void table(PrintWriter out, String title, List<T> rows, java.util.function.Function<T, String> key) {
    Map<String, Long> counts = new TreeMap<>();
    rows.forEach(r -> counts.merge(key.apply(r), 1L, Long::sum));
    out.printf("  by %s:%n", title);
    counts.forEach((k, v) -> out.printf("  %,9d  %s%n", v, k));
  }

  /** Counts per power-of-two bucket, with a bar scaled to the largest bucket. */
  static void histogram(PrintWriter out, String name, List<Integer> values) {
    long[] counts = new long[BUCKETS.length + 1];
    long sum = 0;
    for (int v : values) {
      int b = 0;
      while (b < BUCKETS.length && v >= BUCKETS[b]) {
        b++;
      }
      counts[b]++;
      sum += v;
    }
    long max = 1;
    for (long c : counts) {
      max = Math.max(max, c);
    }
    List<Integer> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    out.printf("%nTokens per row, %s: %,d rows, %,d tokens, median %,d, max %,d%n", name, values.size(), sum,
        sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
    for (int b = 0; b <= BUCKETS.length; b++) {
      String label = b == 0 ? "< " + BUCKETS[0] : b == BUCKETS.length ? ">= " + BUCKETS[b - 1] : BUCKETS[b - 1] + "-" + (BUCKETS[b] - 1);
      out.printf("  %11s %,8d %s%n", label, counts[b], "#".repeat((int) Math.round(40.0 * counts[b] / max)));
    }
  }

  private static String abbreviate(String s) {
    String[] lines = s.split("\n", -1);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(lines.length, 12); i++) {
      String l = lines[i];
      b.append(l.length() > 160 ? l.substring(0, 157) + "..." : l).append('\n');
    }
    if (lines.length > 12) {
      b.append("  ... (").append(lines.length - 12).append(" more lines)\n");
    }
    return b.toString().stripTrailing();
  }
}
