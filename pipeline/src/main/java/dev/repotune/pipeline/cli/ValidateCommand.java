package dev.repotune.pipeline.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.pipeline.DatasetFolder;
import dev.repotune.samples.JsonLines;
import dev.repotune.samples.Message;
import dev.repotune.samples.ParquetShards;
import dev.repotune.samples.SftRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code repotune validate <out>}: checks a dataset folder the way a trainer and the OpenAI uploader will
 * read it: every shard against the schema, Parquet and JSONL row for row, DESIGN.md's invariants, and the
 * OpenAI copies' rules. Prints every violation (exit 1) or one line saying it is valid (exit 0).
 */
@Command(name = "validate", description = "Check a dataset folder against the schema and the invariants.", mixinStandardHelpOptions = true)
public final class ValidateCommand extends BaseCommand {
  private static final Set<String> ROLES = Set.of("system", "user", "assistant");
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Parameters(index = "0", paramLabel = "<out-dir>", description = "A folder written by generate.")
  Path dir;

  @Override
  protected int doCall() throws Exception {
    DatasetFiles data = DatasetFiles.open(dir);
    List<String> violations = validate(data);
    if (violations.isEmpty()) {
      out().printf("%s: valid (%,d SFT rows, %,d CPT documents)%n", dir, data.count("sft.train.total") + data.count("sft.test.total"), data.count("cpt.train.total"));
      return ExitCodes.OK;
    }
    for (String v : violations) {
      out().println(v);
    }
    err().printf("repotune: %s has %d violation%s%n", dir, violations.size(), violations.size() == 1 ? "" : "s");
    return ExitCodes.RUN_FAILED;
  }

  static List<String> validate(DatasetFiles data) throws IOException {
    List<String> v = new ArrayList<>();
    checkListedFiles(data, v);
    Map<String, String> splitOfFile = new HashMap<>();
    Map<String, Long> sftRows = new TreeMap<>();
    for (String jsonl : data.list("sft", ".jsonl")) {
      List<SftRecord> rows = shard(data, jsonl, JsonLines::readSft, ParquetShards::readSft, SftRecord::id, v);
      String split = DatasetFiles.group(jsonl);
      sftRows.merge(split, (long) rows.size(), Long::sum);
      for (SftRecord r : rows) {
        if (!r.meta().split().equals(split)) {
          v.add(jsonl + ": row " + r.id() + " says split \"" + r.meta().split() + "\" but is in the " + split + " shard");
        }
        String file = r.meta().repo() + ":" + r.meta().path();
        String other = splitOfFile.putIfAbsent(file, r.meta().split());
        if (other != null && !other.equals(r.meta().split())) {
          v.add("file " + r.meta().path() + " has SFT rows in both train and test");
          splitOfFile.put(file, "both");
        }
      }
    }
    long cptRows = 0;
    for (String jsonl : data.list("cpt", ".jsonl")) {
      cptRows += shard(data, jsonl, JsonLines::readCpt, ParquetShards::readCpt, r -> r.meta().repo() + "\n" + r.meta().path(), v).size();
    }
    for (String split : List.of("train", "test")) {
      long expected = data.count("sft." + split + ".total");
      long actual = sftRows.getOrDefault(split, 0L);
      if (expected != actual) {
        v.add("manifest counts " + expected + " sft " + split + " rows but the shards hold " + actual);
      }
      checkOpenAi(data, split, actual, v);
    }
    if (data.count("cpt.train.total") != cptRows) {
      v.add("manifest counts " + data.count("cpt.train.total") + " cpt rows but the shards hold " + cptRows);
    }
    checkRejectedAndFailed(data, v);
    try {
      DatasetFolder.checkNothingLost(flatCounts(data.manifest.get("counts")));
    } catch (ExitException e) {
      v.add("manifest: " + e.getMessage().replace("; the dataset was not written (please report this)", ""));
    }
    return v;
  }

  /** Every file the manifest lists exists, and every shard present is listed. */
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
    for (String folder : List.of("sft", "cpt", "openai", "rejected", "failed")) {
      for (String f : data.list(folder, "")) {
        if (!listed.contains(f)) {
          v.add(f + ": present but not listed in manifest.json");
        }
      }
    }
  }

  interface JsonReader<T> {
    T read(String line);
  }

  interface ParquetReader<T> {
    List<T> read(Path file) throws IOException;
  }

  /** Reads one JSONL shard strictly and its Parquet twin, and reports every row where they differ. */
  private static <T> List<T> shard(
      DatasetFiles data, String jsonl, JsonReader<T> json, ParquetReader<T> parquet, Function<T, String> sortKey, List<String> v)
      throws IOException {
    List<T> rows = new ArrayList<>();
    List<String> lines = data.lines(jsonl);
    for (int i = 0; i < lines.size(); i++) {
      try {
        rows.add(json.read(lines.get(i)));
      } catch (RuntimeException e) {
        v.add(jsonl + ":" + (i + 1) + ": " + e.getMessage());
      }
    }
    for (int i = 1; i < rows.size(); i++) {
      if (sortKey.apply(rows.get(i - 1)).compareTo(sortKey.apply(rows.get(i))) > 0) {
        v.add(jsonl + ":" + (i + 1) + ": rows are not in sorted order (same data would not give the same bytes)");
        break;
      }
    }
    String pq = jsonl.substring(0, jsonl.length() - ".jsonl".length()) + ".parquet";
    if (!Files.isRegularFile(data.dir.resolve(pq))) {
      v.add(pq + ": missing (every JSONL shard has a Parquet twin)");
      return rows;
    }
    List<T> twin;
    try {
      twin = parquet.read(data.dir.resolve(pq));
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

  /** The OpenAI copy: only {@code messages}, valid roles, non-empty content, one conversation per line. */
  private static void checkOpenAi(DatasetFiles data, String split, long sftRows, List<String> v) throws IOException {
    String name = "openai/" + split + ".jsonl";
    if (!Files.isRegularFile(data.dir.resolve(name))) {
      if (sftRows > 0) {
        v.add(name + ": missing although sft has " + sftRows + " " + split + " rows");
      }
      return;
    }
    long lines =
        data.forEachLine(
            name,
            (number, line) -> {
              String where = name + ":" + number + ": ";
              List<Message> messages;
              try {
                STRICT.readTree(line); // one JSON value per line, nothing after it
                messages = JsonLines.readOpenai(line);
              } catch (IOException | RuntimeException e) {
                v.add(where + "not one conversation object (" + RepotuneCommand.oneLine(e) + ")");
                return;
              }
              boolean user = false;
              boolean assistant = false;
              for (Message m : messages) {
                if (!ROLES.contains(m.role())) {
                  v.add(where + "role \"" + m.role() + "\" is not system, user or assistant");
                }
                if (m.content() == null || m.content().isBlank()) {
                  v.add(where + "a " + m.role() + " message has empty content");
                }
                user |= m.role().equals("user");
                assistant |= m.role().equals("assistant");
              }
              if (!user || !assistant || !messages.get(messages.size() - 1).role().equals("assistant")) {
                v.add(where + "a conversation needs a user message and must end with the assistant's");
              }
            });
    if (lines < 0) {
      v.add(name + ": the last line is torn (no final newline)");
    } else if (lines != sftRows) {
      v.add(name + ": " + lines + " lines but sft has " + sftRows + " " + split + " rows");
    }
  }

  /** Rejected and failed rows parse, and their numbers match the manifest's per-stage counts. */
  private static void checkRejectedAndFailed(DatasetFiles data, List<String> v) throws IOException {
    Map<String, Long> rejected = new TreeMap<>();
    for (String f : data.list("rejected", ".jsonl")) {
      List<String> lines = data.lines(f);
      for (int i = 0; i < lines.size(); i++) {
        try {
          var r = JsonLines.readRejected(lines.get(i));
          rejected.merge(r.stage() + "." + r.reason(), 1L, Long::sum);
        } catch (RuntimeException e) {
          v.add(f + ":" + (i + 1) + ": " + e.getMessage());
        }
      }
    }
    Map<String, Long> expected = new TreeMap<>();
    JsonNode counts = data.manifest.at("/counts/rejected");
    counts.fields().forEachRemaining(stage -> stage.getValue().fields().forEachRemaining(
        reason -> expected.put(stage.getKey() + "." + reason.getKey(), reason.getValue().asLong())));
    if (!expected.equals(rejected)) {
      v.add("rejected/ holds " + rejected + " but manifest.json counts " + expected);
    }
    long failed = 0;
    for (String f : data.list("failed", ".jsonl")) {
      for (String line : data.lines(f)) {
        try {
          JsonLines.readFailed(line);
          failed++;
        } catch (RuntimeException e) {
          v.add(f + ": " + e.getMessage());
        }
      }
    }
    long expectedFailed = 0;
    for (Iterator<JsonNode> it = data.manifest.at("/counts/failed").elements(); it.hasNext(); ) {
      expectedFailed += it.next().asLong();
    }
    if (failed != expectedFailed) {
      v.add("failed/ holds " + failed + " rows but manifest.json counts " + expectedFailed);
    }
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
