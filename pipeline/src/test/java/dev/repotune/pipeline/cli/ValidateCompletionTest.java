package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repotune.samples.CptRecord;
import dev.repotune.samples.FimRecord;
import dev.repotune.samples.Message;
import dev.repotune.samples.OutputKind;
import dev.repotune.samples.ParquetShards;
import dev.repotune.samples.RepoDocument;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.Split;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate on dataset folders with completion data, written through the codecs: a clean one passes; a
 * held-out middle planted in a training output fails, naming the training row and the test row.
 */
class ValidateCompletionTest {
  static final String TRAIN_FILE =
      "package acme;\n\nclass Calculator {\n  int add(int a, int b) {\n    return a + b;\n  }\n}\n";
  static final String TRAIN_MIDDLE = "return a + b;";
  static final String TEST_FILE =
      "package acme;\n\nclass Parser {\n  int parse(String s) {\n    return Integer.parseInt(s.trim(), 10);\n  }\n"
          + "  void loop(int n) {\n    for (int i = 0; i < n; i++) {}\n  }\n}\n";
  static final String HELD_OUT = "return Integer.parseInt(s.trim(), 10);";

  @TempDir Path tmp;

  /** The rows of one folder, by kind and split; written as a generate run would, manifest last. */
  final Map<OutputKind<?>, Map<String, List<Object>>> rows = new LinkedHashMap<>();

  <T> void add(OutputKind<T> kind, String split, T row) {
    rows.computeIfAbsent(kind, k -> new TreeMap<>()).computeIfAbsent(split, s -> new ArrayList<>()).add(row);
  }

  void cleanFolder() {
    add(OutputKind.CPT, Split.TRAIN, cpt("src/acme/Calculator.java", TRAIN_FILE));
    add(OutputKind.FIM, Split.TRAIN, fim(Split.TRAIN, "src/acme/Calculator.java", TRAIN_FILE, TRAIN_MIDDLE, "statement"));
    add(OutputKind.FIM, Split.TEST, fim(Split.TEST, "src/acme/Parser.java", TEST_FILE, HELD_OUT, "statement"));
    // sorted by id, this short middle's row comes first: the held-out one is fim/test-...:2
    add(OutputKind.FIM, Split.TEST, fim(Split.TEST, "src/acme/Parser.java", TEST_FILE, "i++", "expression"));
    add(OutputKind.REPO, Split.TRAIN, repo("// File: src/acme/Calculator.java\n" + TRAIN_FILE, 40));
    add(OutputKind.SFT, Split.TRAIN, sft("What does `Calculator.add(int, int)` do?", "It returns `a + b`."));
  }

  @Test
  void givenCleanCompletionData_thenValid() throws IOException {
    cleanFolder();
    CliRun r = CliRun.of("validate", write("clean").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("valid (1 SFT rows, 1 CPT documents, 3 FIM examples, 1 Repository documents)"), r.out());
  }

  @Test
  void givenHeldOutMiddleInTrainingOutputs_thenEachTrainingRowIsNamed() throws IOException {
    cleanFolder();
    add(OutputKind.CPT, Split.TRAIN, cpt("src/acme/Parser.java", TEST_FILE)); // the held-out file, left in CPT
    add(OutputKind.SFT, Split.TRAIN, sft("Write `Parser.parse`.", "```java\n" + HELD_OUT + "\n```"));
    add(OutputKind.REPO, Split.TRAIN, repo("// File: src/acme/Parser.java\n" + TEST_FILE, 60));
    CliRun r = CliRun.of("validate", write("leak").toString());
    assertEquals(1, r.code(), r.out());
    String line = "fim/test-00000-of-00001.jsonl:2: the held-out middle \"" + HELD_OUT + "\" occurs in 3 training rows:"
        + " sft/train-00000-of-00001.jsonl:1, cpt/train-00000-of-00001.jsonl:2, repo/train-00000-of-00001.jsonl:2\n";
    assertEquals(line, r.out(), "one line, naming the test row and each training row; the short middle i++ is an idiom, not a leak");
    assertTrue(r.err().contains("has 1 violation"), r.err());
  }

  @Test
  void givenHeldOutMiddleInAFimTrainingExample_thenReported() throws IOException {
    cleanFolder();
    String copy = TRAIN_FILE.replace("}\n}\n", "}\n  int p(String s) {\n    " + HELD_OUT + "\n  }\n}\n");
    add(OutputKind.FIM, Split.TRAIN, fim(Split.TRAIN, "src/acme/Copy.java", copy, "int p(String s)", "line_rest"));
    CliRun r = CliRun.of("validate", write("fim-leak").toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("fim/test-00000-of-00001.jsonl:2: the held-out middle \"" + HELD_OUT + "\" occurs in 1 training"
        + " row: fim/train-00000-of-00001.jsonl:2\n"), r.out());
  }

  @Test
  void givenBrokenCompletionRows_thenTheCatalogueRulesReportThem() throws IOException {
    cleanFolder();
    add(OutputKind.FIM, Split.TRAIN, fim(Split.TRAIN, "src/acme/Parser.java", TEST_FILE, "int parse", "whole_file"));
    add(OutputKind.REPO, Split.TRAIN, repo("// File: src/acme/Big.java\nclass Big {}\n", 9_000));
    CliRun r = CliRun.of("validate", write("broken").toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("fim/train-00000-of-00001.jsonl:2: row fim-train-src/acme/Parser.java-"), r.out());
    assertTrue(r.out().contains("kind \"whole_file\" is not one of"), r.out());
    assertTrue(r.out().contains("file src/acme/Parser.java has FIM examples in both train and test"), r.out());
    assertTrue(r.out().contains("repo/train-00000-of-00001.jsonl:2: row repo-00001 has 9000 tokens, more than --context-tokens 8192"),
        r.out());
    assertTrue(r.out().contains("the held-out middle \"" + HELD_OUT + "\" occurs in 1 training row: fim/train-00000-of-00001.jsonl:2"),
        "the test file's text is in that training example:\n" + r.out());
  }

  @Test
  void givenCompletionData_whenInspect_thenKindsModesAndMarkedMiddles() throws IOException {
    cleanFolder();
    CliRun r = CliRun.of("inspect", write("inspect").toString(), "--rows", "1");
    assertEquals(0, r.code(), r.err());
    for (String s : List.of("FIM examples: 3", "  by split x kind:", "        1  test  expression",
        "        1  test  statement", "        1  train  statement", "  by split x mode:", "Tokens per row, fim test", "--- expression  test  psm  src/acme/Parser.java",
        "  void loop(int n) {\n    for (int i = 0; i < n; ⟦i++⟧) {}\n  }\n", "Repository documents: 1 (0 with a FIM file)")) {
      assertTrue(r.out().contains(s), "missing \"" + s + "\" in\n" + r.out());
    }
  }

  // --- the folder -----------------------------------------------------------------------------

  Path write(String name) throws IOException {
    Path dir = tmp.resolve(name);
    Map<String, Long> counts = new TreeMap<>();
    ObjectNode files = DatasetFiles.JSON.createObjectNode();
    for (OutputKind<?> kind : OutputKind.values()) {
      files.putArray(kind.folder());
    }
    for (Map.Entry<OutputKind<?>, Map<String, List<Object>>> e : rows.entrySet()) {
      for (Map.Entry<String, List<Object>> s : e.getValue().entrySet()) {
        shard(dir, e.getKey(), s.getKey(), s.getValue(), counts, files);
      }
    }
    ObjectNode m = DatasetFiles.JSON.createObjectNode();
    m.put("format", "repotune-dataset/1");
    m.put("repo", "acme");
    m.put("commit", "c1");
    m.putObject("config").put("context_tokens", 8192);
    m.set("files", files);
    m.set("counts", DatasetFiles.JSON.valueToTree(nest(counts)));
    Files.writeString(dir.resolve("manifest.json"), DatasetFiles.JSON.writeValueAsString(m));
    return dir;
  }

  @SuppressWarnings("unchecked")
  private <T> void shard(Path dir, OutputKind<T> kind, String split, List<Object> list, Map<String, Long> counts, ObjectNode files)
      throws IOException {
    List<T> sorted = new ArrayList<>((List<T>) (List<?>) list);
    sorted.sort(java.util.Comparator.comparing(kind::sortKey));
    String jsonl = kind.shardFile(split, 0, 1, "jsonl");
    String parquet = kind.shardFile(split, 0, 1, "parquet");
    Files.createDirectories(dir.resolve(kind.folder()));
    StringBuilder lines = new StringBuilder();
    StringBuilder openai = new StringBuilder();
    for (T row : sorted) {
      String line = kind.codec().line(row);
      lines.append(line).append('\n');
      kind.count(row, counts);
      if (kind == OutputKind.SFT) {
        openai.append(OutputKind.OPENAI.derive(line)).append('\n');
      }
    }
    Files.writeString(dir.resolve(jsonl), lines, StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(dir.resolve(parquet))) {
      ParquetShards.write(out, kind.codec(), sorted);
    }
    ((com.fasterxml.jackson.databind.node.ArrayNode) files.get(kind.folder())).add(jsonl).add(parquet);
    if (kind == OutputKind.SFT) {
      String derived = OutputKind.OPENAI.derivedFile(split);
      Files.createDirectories(dir.resolve(OutputKind.OPENAI.folder()));
      Files.writeString(dir.resolve(derived), openai, StandardCharsets.UTF_8);
      ((com.fasterxml.jackson.databind.node.ArrayNode) files.get(OutputKind.OPENAI.folder())).add(derived);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> nest(Map<String, Long> flat) {
    Map<String, Object> root = new TreeMap<>();
    flat.forEach((key, value) -> {
      String[] parts = key.split("\\.");
      Map<String, Object> node = root;
      for (int i = 0; i < parts.length - 1; i++) {
        node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new TreeMap<>());
      }
      node.put(parts[parts.length - 1], value);
    });
    return root;
  }

  // --- rows -----------------------------------------------------------------------------------

  static CptRecord cpt(String path, String source) {
    return new CptRecord("cpt-" + path, "// File: " + path + "\n" + source, new CptRecord.Meta("acme", "c1", path, "java", 30));
  }

  /** A plain-profile example: its text is the file. */
  static FimRecord fim(String split, String path, String source, String middle, String kind) {
    int start = source.indexOf(middle);
    return new FimRecord(
        "fim-" + split + "-" + path + "-" + start, source, source.substring(0, start), middle,
        source.substring(start + middle.length()), path, "psm", kind, new FimRecord.Meta("acme", "c1", "java", "plain", 30, split));
  }

  int repoDocuments = 0;

  RepoDocument repo(String text, int tokens) {
    String path = text.substring("// File: ".length(), text.indexOf('\n'));
    return new RepoDocument(String.format("repo-%05d", repoDocuments++), text,
        new RepoDocument.Meta("acme", "c1", List.of(path), "", "plain", tokens, Split.TRAIN));
  }

  static SftRecord sft(String question, String answer) {
    return new SftRecord("sft-" + Integer.toHexString(question.hashCode()),
        List.of(new Message("user", question), new Message("assistant", answer)),
        new SftRecord.Meta("acme", "c1", "src/acme/Calculator.java", "Calculator.add(int, int)", "4-6", "explain", "offline",
            "v1", "chunk-1", Split.TRAIN));
  }
}
