package dev.repotune.pipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.repotune.pipeline.Manifest;
import dev.repotune.samples.BeirFiles;
import dev.repotune.samples.OutputKind;
import dev.repotune.samples.ParquetShards;
import dev.repotune.samples.RowCodec;
import dev.repotune.samples.RowRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code repotune validate <out>}: checks a dataset folder the way a trainer and the OpenAI uploader will
 * read it, kind by kind ({@link OutputKind}): every shard against its kind's schema and order, Parquet and
 * JSONL row for row, the kind's own rules (no file in both splits; the OpenAI copies' rules), its rows
 * against the manifest's counts, DESIGN.md's invariants, and that no held-out FIM middle is in any
 * training text ({@link HeldOutScan}). Prints every violation (exit 1) or one line
 * saying it is valid (exit 0).
 */
@Command(name = "validate", description = "Check a dataset folder against the schema and the invariants.", mixinStandardHelpOptions = true)
public final class ValidateCommand extends BaseCommand {
  @Mixin DatasetMixin dataset = new DatasetMixin();

  @Override
  protected int doCall() throws Exception {
    try (DatasetDownload copy = dataset.open()) {
      return report(DatasetFiles.open(copy.dir()));
    }
  }

  private int report(DatasetFiles data) throws IOException {
    List<String> violations = validate(data);
    if (violations.isEmpty()) {
      List<String> sizes = new ArrayList<>();
      for (OutputKind<?> kind : OutputKind.values()) {
        if (kind.source() == null && kind.hasParquet()) {
          long rows = kind.splits().stream().mapToLong(s -> data.count(kind.rowsKey(s))).sum();
          if (rows > 0 || kind.listedWhenEmpty()) {
            sizes.add(String.format("%,d %s", rows, kind.title()));
          }
        }
      }
      out().printf("%s: valid (%s)%n", dataset.location, String.join(", ", sizes));
      return ExitCodes.OK;
    }
    for (String v : violations) {
      out().println(v);
    }
    err().printf("repotune: %s has %d violation%s%n", dataset.location, violations.size(), violations.size() == 1 ? "" : "s");
    return ExitCodes.RUN_FAILED;
  }

  static List<String> validate(DatasetFiles data) throws IOException {
    List<String> v = new ArrayList<>();
    checkListedFiles(data, v);
    Map<String, Long> manifestCounts = flatCounts(data.manifest.get("counts"));
    Map<String, String> config = config(data.manifest.get("config"));
    Map<OutputKind<?>, Map<String, Long>> rowsByGroup = new TreeMap<>(java.util.Comparator.comparing(OutputKind::folder));
    for (OutputKind<?> kind : OutputKind.values()) {
      if (kind.source() == null) {
        rowsByGroup.put(kind, checkShards(data, kind, config, manifestCounts, v));
      }
    }
    HeldOutScan.check(data, v);
    for (OutputKind<?> kind : OutputKind.values()) {
      if (kind.source() != null) {
        checkDerived(data, kind, rowsByGroup.get(kind.source()), v);
      }
    }
    try {
      Manifest.checkNothingLost(manifestCounts);
    } catch (ExitException e) {
      v.add("manifest: " + e.getMessage().replace("; the dataset was not written (please report this)", ""));
    }
    return v;
  }

  /** Every file the manifest lists exists, and every file present in a kind's folder is listed. */
  private static void checkListedFiles(DatasetFiles data, List<String> v) throws IOException {
    JsonNode files = data.manifest.get("files");
    if (files == null || !files.isObject()) {
      v.add("manifest.json has no \"files\" object");
      return;
    }
    Set<String> listed = new TreeSet<>();
    files.fields().forEachRemaining(e -> e.getValue().forEach(f -> listed.add(f.asText())));
    for (String f : listed) {
      if (!Files.isRegularFile(data.dir.resolve(f))) {
        v.add(f + ": listed in manifest.json but missing");
      }
    }
    for (OutputKind<?> kind : OutputKind.values()) {
      for (String f : data.list(kind.folder(), "")) {
        if (!listed.contains(f)) {
          v.add(f + ": present but not listed in manifest.json");
        }
      }
    }
    for (String f : BeirFiles.present(data.dir)) {
      if (!listed.contains(f)) {
        v.add(f + ": present but not listed in manifest.json");
      }
    }
    if (!BeirFiles.present(data.dir).isEmpty()) {
      v.addAll(BeirFiles.check(data.dir));
    }
  }

  /**
   * Reads every JSONL shard of {@code kind} strictly (and its Parquet twin), applies the kind's rules,
   * and compares its recounted rows with the manifest's counts under its folder; returns rows per group.
   */
  private static <T> Map<String, Long> checkShards(
      DatasetFiles data, OutputKind<T> kind, Map<String, String> config, Map<String, Long> manifestCounts, List<String> v)
      throws IOException {
    RowRules<T> rules = kind.rules(config);
    Map<String, Long> counted = new TreeMap<>();
    Map<String, Long> rowsByGroup = new TreeMap<>();
    for (String jsonl : data.list(kind.folder(), ".jsonl")) {
      String group = DatasetFiles.group(jsonl);
      List<String> lines = data.lines(jsonl);
      List<T> rows = shard(data, kind, jsonl, lines, v);
      rowsByGroup.merge(group, (long) rows.size(), Long::sum);
      for (int i = 0; i < rows.size(); i++) {
        rules.check(jsonl + ":" + (i + 1), group, rows.get(i), v);
        kind.count(rows.get(i), counted);
      }
    }
    String prefix = kind.folder() + ".";
    Set<String> keys = new TreeSet<>();
    counted.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(keys::add);
    manifestCounts.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(keys::add);
    for (String key : keys) {
      long expected = manifestCounts.getOrDefault(key, 0L);
      long actual = counted.getOrDefault(key, 0L);
      if (expected != actual) {
        v.add("manifest counts " + expected + " for " + key + " but the " + kind.folder() + "/ shards hold " + actual);
      }
    }
    return rowsByGroup;
  }

  /** One JSONL shard read strictly, in sorted order, and its Parquet twin (for a kind with Parquet) row for row. */
  private static <T> List<T> shard(DatasetFiles data, OutputKind<T> kind, String jsonl, List<String> lines, List<String> v)
      throws IOException {
    RowCodec<T> codec = kind.codec();
    List<T> rows = new ArrayList<>();
    List<String> order = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      try {
        T row = codec.read(lines.get(i));
        rows.add(row);
        String key = kind.sortKey(row);
        order.add(key == null ? lines.get(i) : key);
      } catch (RuntimeException e) {
        v.add(jsonl + ":" + (i + 1) + ": " + e.getMessage());
      }
    }
    for (int i = 1; i < order.size(); i++) {
      if (order.get(i - 1).compareTo(order.get(i)) > 0) {
        v.add(jsonl + ":" + (i + 1) + ": rows are not in sorted order (same data would not give the same bytes)");
        break;
      }
    }
    if (!kind.hasParquet()) {
      return rows;
    }
    String pq = jsonl.substring(0, jsonl.length() - ".jsonl".length()) + ".parquet";
    if (!Files.isRegularFile(data.dir.resolve(pq))) {
      v.add(pq + ": missing (every JSONL shard has a Parquet twin)");
      return rows;
    }
    List<T> twin;
    try {
      twin = ParquetShards.read(data.dir.resolve(pq), codec);
    } catch (IOException | RuntimeException e) {
      v.add(pq + ": cannot be read as the schema's Parquet (" + RepotuneCommand.oneLine(e) + ")");
      return rows;
    }
    if (twin.size() != lines.size()) {
      v.add(pq + ": " + twin.size() + " rows but " + jsonl + " has " + lines.size());
    }
    for (int i = 0; i < Math.min(twin.size(), rows.size()); i++) {
      if (!twin.get(i).equals(rows.get(i))) {
        v.add(pq + ": row " + (i + 1) + " differs from " + jsonl + ":" + (i + 1));
        break;
      }
    }
    return rows;
  }

  /**
   * A derived kind's file per split (the OpenAI copy): present when its source has rows of the split, one
   * line per source row, each line its kind's one object and within the kind's rules. Read as a stream:
   * the JDK's OpenAI copy is over a gigabyte.
   */
  private static <T> void checkDerived(
      DatasetFiles data, OutputKind<T> kind, Map<String, Long> sourceRows, List<String> v) throws IOException {
    RowRules<T> rules = kind.rules();
    for (String split : kind.splits()) {
      String name = kind.derivedFile(split);
      long expected = sourceRows.getOrDefault(split, 0L);
      if (!Files.isRegularFile(data.dir.resolve(name))) {
        if (expected > 0) {
          v.add(name + ": missing although " + kind.source().folder() + " has " + expected + " " + split + " rows");
        }
        continue;
      }
      long lines =
          data.forEachLine(
              name,
              (number, line) -> {
                String where = name + ":" + number;
                T row;
                try {
                  row = kind.codec().read(line);
                } catch (RuntimeException e) {
                  v.add(where + ": " + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim());
                  return;
                }
                rules.check(where, split, row, v);
              });
      if (lines < 0) {
        v.add(name + ": the last line is torn (no final newline)");
      } else if (lines != expected) {
        v.add(name + ": " + lines + " lines but " + kind.source().folder() + " has " + expected + " " + split + " rows");
      }
    }
  }

  /** The manifest's {@code config}: each setting's value as text ({@code context_tokens}: "8192"). */
  static Map<String, String> config(JsonNode config) {
    Map<String, String> out = new TreeMap<>();
    if (config != null && config.isObject()) {
      config.fields().forEachRemaining(e -> {
        JsonNode value = e.getValue();
        out.put(e.getKey(), value.isValueNode() ? value.asText() : value.toString());
      });
    }
    return out;
  }

  /** {@code {"a":{"b":1}}} back to {@code a.b = 1}. */
  static Map<String, Long> flatCounts(JsonNode counts) {
    Map<String, Long> flat = new TreeMap<>();
    flatten("", counts, flat);
    return flat;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, Long> out) {
    if (node == null) {
      return;
    }
    if (!node.isObject()) {
      out.put(prefix, node.asLong());
      return;
    }
    node.fields().forEachRemaining(e -> {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      flatten(key, e.getValue(), out);
    });
  }
}
