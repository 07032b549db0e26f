package dev.repotune.samples.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.repotune.extractors.TokenCounter;
import dev.repotune.samples.CptRecord;
import dev.repotune.samples.FimRecord;
import dev.repotune.samples.HistoryRecord;
import dev.repotune.samples.Inspection;
import dev.repotune.samples.Message;
import dev.repotune.samples.SftRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code repotune inspect --html}: what {@code inspect} prints, as one self-contained page in the style of
 * {@link EvalReport} (its CSS, escaping and text blocks; inline SVG, no script or network), so a dataset
 * and its evaluation can be looked at side by side and attached to an issue. The task mix and the
 * rejection reasons come from the manifest's counts (what the run recorded, not a recount); token
 * histograms, package coverage and sample rows from the rows themselves.
 */
public final class DatasetPage {
  /** Rows the page reads; {@code manifest} is the dataset's {@code manifest.json}. */
  public record Data(String name, JsonNode manifest, List<SftRecord> sft, List<HistoryRecord> history,
      List<FimRecord> fim, List<CptRecord> cpt) {}

  private static final int BAR_WIDTH = 160;
  private static final int BAR_HEIGHT = 14;
  private static final int HIST_BAR = 36;
  private static final int HIST_HEIGHT = 80;

  private DatasetPage() {}

  /** The page, with {@code rowsPerKind} sample rows per task (per middle kind for FIM), chosen by {@code seed}. */
  public static String html(Data d, int rowsPerKind, long seed) {
    StringBuilder h = new StringBuilder();
    JsonNode m = d.manifest();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        .append("<title>").append(EvalReport.escape("repotune inspect: " + d.name())).append("</title>\n<style>\n")
        .append(EvalReport.CSS).append(CSS).append("</style>\n</head>\n<body>\n");
    h.append("<h1>Dataset <code>").append(EvalReport.escape(d.name())).append("</code></h1>\n");
    h.append("<p class=\"note\">").append(EvalReport.escape(m.path("repo").asText())).append(" @ <code>")
        .append(EvalReport.escape(m.path("commit").asText())).append("</code></p>\n");
    taskMix(h, m.path("counts"));
    histograms(h, d);
    coverage(h, d);
    rejected(h, m.path("counts").path("rejected"));
    samples(h, d, rowsPerKind, seed);
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  /** Every folder whose counts have train/test splits: its tasks (or FIM middle kinds) per split. */
  private static void taskMix(StringBuilder h, JsonNode counts) {
    h.append("<h2>Task mix</h2>\n<table class=\"mix\">\n<thead><tr><th>folder</th><th>split</th><th>task</th>")
        .append("<th>rows</th><th>share of the split</th></tr></thead>\n<tbody>\n");
    for (Iterator<String> fs = counts.fieldNames(); fs.hasNext(); ) {
      String folder = fs.next();
      for (String split : List.of("train", "test")) {
        JsonNode s = counts.path(folder).path(split);
        if (!s.isObject()) {
          continue;
        }
        long total = s.path("total").asLong();
        JsonNode parts = s.has("task") ? s.path("task") : s.path("kind");
        if (!parts.isObject() || parts.isEmpty()) {
          mixRow(h, folder, split, "(all)", total, 1);
          continue;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = parts.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          long n = e.getValue().asLong();
          mixRow(h, folder, split, e.getKey(), n, total == 0 ? 0 : (double) n / total);
        }
      }
    }
    h.append("</tbody>\n</table>\n");
  }

  private static void mixRow(StringBuilder h, String folder, String split, String task, long n, double share) {
    h.append("<tr class=\"mix\"><td>").append(EvalReport.escape(folder)).append("</td><td>")
        .append(EvalReport.escape(split)).append("</td><td>").append(EvalReport.escape(task))
        .append("</td><td class=\"num\">").append(n).append("</td><td>").append(bar(share))
        .append(" <span class=\"num\">").append(Math.round(100 * share)).append("%</span></td></tr>\n");
  }

  /** A bar of a share on [0, 1], like {@link EvalReport}'s score bars without the whisker. */
  private static String bar(double share) {
    return "<svg class=\"bar\" width=\"" + BAR_WIDTH + "\" height=\"" + BAR_HEIGHT + "\" viewBox=\"0 0 " + BAR_WIDTH
        + " " + BAR_HEIGHT + "\" role=\"img\" aria-label=\"" + EvalReport.fmt(share) + "\">"
        + "<rect class=\"track\" x=\"0\" y=\"0\" width=\"" + BAR_WIDTH + "\" height=\"" + BAR_HEIGHT + "\"/>"
        + "<rect class=\"a\" x=\"0\" y=\"2\" width=\"" + EvalReport.px(EvalReport.clamp(share) * BAR_WIDTH)
        + "\" height=\"" + (BAR_HEIGHT - 4) + "\"/></svg>";
  }

  private static void histograms(StringBuilder h, Data d) {
    Map<String, List<Integer>> tokens = new TreeMap<>();
    for (SftRecord r : d.sft()) {
      tokens.computeIfAbsent("sft " + r.meta().split(), k -> new ArrayList<>()).add(tokens(r.messages()));
    }
    for (HistoryRecord r : d.history()) {
      tokens.computeIfAbsent("history " + r.meta().split(), k -> new ArrayList<>()).add(tokens(r.messages()));
    }
    for (FimRecord r : d.fim()) {
      tokens.computeIfAbsent("fim " + r.meta().split(), k -> new ArrayList<>()).add(r.meta().tokens());
    }
    for (CptRecord r : d.cpt()) {
      tokens.computeIfAbsent("cpt train", k -> new ArrayList<>()).add(r.meta().tokens());
    }
    h.append("<h2>Tokens per row</h2>\n");
    if (tokens.isEmpty()) {
      h.append("<p class=\"note\">No rows.</p>\n");
    }
    tokens.forEach((name, values) -> histogram(h, name, values));
  }

  private static int tokens(List<Message> messages) {
    int n = 0;
    for (Message m : messages) {
      n += TokenCounter.count(m.content());
    }
    return n;
  }

  /** Counts per {@link Inspection#BUCKETS} bucket as SVG columns, each labelled with its range and count. */
  private static void histogram(StringBuilder h, String name, List<Integer> values) {
    int[] buckets = Inspection.BUCKETS;
    long[] counts = new long[buckets.length + 1];
    for (int v : values) {
      int b = 0;
      while (b < buckets.length && v >= buckets[b]) {
        b++;
      }
      counts[b]++;
    }
    long max = 1;
    for (long c : counts) {
      max = Math.max(max, c);
    }
    List<Integer> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    h.append("<section class=\"histogram\"><h3>").append(EvalReport.escape(name)).append("</h3>\n<p class=\"note\">")
        .append(values.size()).append(" rows, median ").append(sorted.get(sorted.size() / 2)).append(", max ")
        .append(sorted.get(sorted.size() - 1)).append(" tokens</p>\n");
    int width = HIST_BAR * counts.length;
    int height = HIST_HEIGHT + 32;
    h.append("<svg class=\"histogram\" width=\"").append(width).append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" role=\"img\" aria-label=\"")
        .append(EvalReport.escape("tokens per row, " + name)).append("\">");
    for (int b = 0; b < counts.length; b++) {
      double barHeight = HIST_HEIGHT * (double) counts[b] / max;
      double x = b * HIST_BAR + 2;
      String label = b == 0 ? "<" + buckets[0] : b == buckets.length ? "≥" + buckets[b - 1] : String.valueOf(buckets[b - 1]);
      h.append("<rect class=\"a\" x=\"").append(EvalReport.px(x)).append("\" y=\"")
          .append(EvalReport.px(12 + HIST_HEIGHT - barHeight)).append("\" width=\"").append(HIST_BAR - 4)
          .append("\" height=\"").append(EvalReport.px(barHeight)).append("\"/>")
          .append("<text x=\"").append(EvalReport.px(x + (HIST_BAR - 4) / 2.0)).append("\" y=\"10\">")
          .append(counts[b] == 0 ? "" : String.valueOf(counts[b])).append("</text>")
          .append("<text x=\"").append(EvalReport.px(x + (HIST_BAR - 4) / 2.0)).append("\" y=\"")
          .append(HIST_HEIGHT + 26).append("\">").append(EvalReport.escape(label)).append("</text>");
    }
    h.append("</svg></section>\n");
  }

  /**
   * The share of the repository's Java packages that at least one SFT row is about. The packages are
   * the folders of the Java files the dataset saw (its CPT documents and its SFT rows' paths), named from
   * the part after {@code java/} when there is one: a package the questions never reach is a part of the
   * code the tuned model was never asked about.
   */
  private static void coverage(StringBuilder h, Data d) {
    Map<String, Long> rowsByPackage = new TreeMap<>();
    for (CptRecord c : d.cpt()) {
      if (c.meta().path().endsWith(".java")) {
        rowsByPackage.putIfAbsent(packageOf(c.meta().path()), 0L);
      }
    }
    for (SftRecord r : d.sft()) {
      String p = r.meta().path();
      if (p != null && p.endsWith(".java")) {
        rowsByPackage.merge(packageOf(p), 1L, Long::sum);
      }
    }
    long covered = rowsByPackage.values().stream().filter(n -> n > 0).count();
    double share = rowsByPackage.isEmpty() ? 0 : (double) covered / rowsByPackage.size();
    h.append("<h2>Coverage of Java packages</h2>\n<p class=\"coverage\">").append(bar(share)).append(' ')
        .append(covered).append(" of ").append(rowsByPackage.size())
        .append(" packages have at least one SFT row (").append(Math.round(100 * share)).append("%).</p>\n");
    if (!rowsByPackage.isEmpty()) {
      h.append("<table class=\"packages\">\n<thead><tr><th>package</th><th>SFT rows</th></tr></thead>\n<tbody>\n");
      rowsByPackage.forEach((p, n) -> h.append("<tr class=\"package").append(n == 0 ? " uncovered" : "")
          .append("\"><td><code>").append(EvalReport.escape(p)).append("</code></td><td class=\"num\">").append(n)
          .append("</td></tr>\n"));
      h.append("</tbody>\n</table>\n");
    }
  }

  /** {@code com.acme.calc} of {@code src/main/java/com/acme/calc/Calculator.java}; the folder otherwise. */
  static String packageOf(String path) {
    String p = path.replace('\\', '/');
    int slash = p.lastIndexOf('/');
    String dir = slash < 0 ? "" : p.substring(0, slash);
    int java = ("/" + dir + "/").lastIndexOf("/java/");
    if (java >= 0) {
      String rest = ("/" + dir + "/").substring(java + "/java/".length());
      rest = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
      return rest.isEmpty() ? "(default package)" : rest.replace('/', '.');
    }
    return dir.isEmpty() ? "(default package)" : dir;
  }

  /** {@code counts.rejected.<Stage>.<reason>}: why rows or files were left out, most first. */
  private static void rejected(StringBuilder h, JsonNode rejected) {
    h.append("<h2>Rejection reasons</h2>\n");
    List<Object[]> rows = new ArrayList<>();
    long max = 1;
    for (Iterator<Map.Entry<String, JsonNode>> st = rejected.fields(); st.hasNext(); ) {
      Map.Entry<String, JsonNode> stage = st.next();
      for (Iterator<Map.Entry<String, JsonNode>> rs = stage.getValue().fields(); rs.hasNext(); ) {
        Map.Entry<String, JsonNode> reason = rs.next();
        long n = reason.getValue().isObject() ? reason.getValue().path("total").asLong() : reason.getValue().asLong();
        rows.add(new Object[] {stage.getKey(), reason.getKey(), n});
        max = Math.max(max, n);
      }
    }
    if (rows.isEmpty()) {
      h.append("<p class=\"note\">Nothing was rejected.</p>\n");
      return;
    }
    rows.sort(Comparator.comparingLong((Object[] r) -> -(long) r[2]).thenComparing(r -> r[0] + "." + r[1]));
    h.append("<table class=\"rejected\">\n<thead><tr><th>stage</th><th>reason</th><th>n</th><th></th></tr></thead>\n<tbody>\n");
    for (Object[] r : rows) {
      h.append("<tr class=\"rejected\"><td>").append(EvalReport.escape((String) r[0])).append("</td><td>")
          .append(EvalReport.escape((String) r[1])).append("</td><td class=\"num\">").append(r[2]).append("</td><td>")
          .append(bar((double) (long) r[2] / max)).append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n");
  }

  private static void samples(StringBuilder h, Data d, int rowsPerKind, long seed) {
    h.append("<h2>Sample rows</h2>\n");
    messageSamples(h, "sft", d.sft(), r -> r.meta().task(), SftRecord::id, SftRecord::messages,
        r -> r.meta().split() + "  " + r.meta().path() + ":" + r.meta().lines(), rowsPerKind, seed);
    messageSamples(h, "history", d.history(), r -> r.meta().task(), HistoryRecord::id, HistoryRecord::messages,
        r -> r.meta().split() + "  " + r.meta().commit(), rowsPerKind, seed);
    for (Map.Entry<String, List<FimRecord>> e : chosen(d.fim(), FimRecord::kind, FimRecord::id, rowsPerKind, seed).entrySet()) {
      for (FimRecord r : e.getValue()) {
        sampleHeader(h, "fim", e.getKey(), r.meta().split() + "  " + r.path() + "  " + r.mode(), r.id());
        EvalReport.text(h, "prefix", tail(r.prefix()));
        EvalReport.text(h, "middle", r.middle());
        EvalReport.text(h, "suffix", head(r.suffix()));
        h.append("</section>\n");
      }
    }
  }

  private static <R> void messageSamples(StringBuilder h, String folder, List<R> rows, Function<R, String> task,
      Function<R, String> id, Function<R, List<Message>> messages, Function<R, String> where, int n, long seed) {
    for (Map.Entry<String, List<R>> e : chosen(rows, task, id, n, seed).entrySet()) {
      for (R r : e.getValue()) {
        sampleHeader(h, folder, e.getKey(), where.apply(r), id.apply(r));
        for (Message m : messages.apply(r)) {
          if (!m.role().equals("system")) {
            EvalReport.text(h, m.role(), m.content());
          }
        }
        h.append("</section>\n");
      }
    }
  }

  /** Per key, {@code n} rows chosen as {@code inspect} chooses them: id order, shuffled with the seed. */
  private static <R> Map<String, List<R>> chosen(List<R> rows, Function<R, String> key, Function<R, String> id, int n,
      long seed) {
    Map<String, List<R>> byKey = new TreeMap<>();
    rows.forEach(r -> byKey.computeIfAbsent(String.valueOf(key.apply(r)), k -> new ArrayList<>()).add(r));
    byKey.replaceAll((k, pool) -> {
      List<R> p = new ArrayList<>(pool);
      p.sort(Comparator.comparing(id));
      Collections.shuffle(p, new Random(seed));
      return p.subList(0, Math.min(Math.max(n, 0), p.size()));
    });
    byKey.values().removeIf(List::isEmpty);
    return byKey;
  }

  private static void sampleHeader(StringBuilder h, String folder, String kind, String where, String id) {
    h.append("<section class=\"question sample\">\n<h3>").append(EvalReport.escape(folder)).append(' ')
        .append(EvalReport.escape(kind)).append(" <code>").append(EvalReport.escape(id)).append("</code></h3>\n")
        .append("<p class=\"note\">").append(EvalReport.escape(where)).append("</p>\n");
  }

  /** The last lines of a FIM prefix: the part next to the middle is what a reader needs. */
  private static String tail(String s) {
    List<String> lines = List.of(s.split("\n", -1));
    return lines.size() <= 12 ? s : "…\n" + String.join("\n", lines.subList(lines.size() - 12, lines.size()));
  }

  private static String head(String s) {
    List<String> lines = List.of(s.split("\n", -1));
    return lines.size() <= 12 ? s : String.join("\n", lines.subList(0, 12)) + "\n…";
  }

  private static final String CSS =
      "svg.histogram text{font-size:10px;text-anchor:middle;fill:#444}\nsection.histogram{display:inline-block;"
          + "margin:0 1.5rem 1rem 0;vertical-align:top}\ntr.uncovered td{color:#c2453a}\n";
}
