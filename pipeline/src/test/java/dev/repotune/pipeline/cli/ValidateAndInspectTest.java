package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.pipeline.FixtureRepo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate on a good folder and on planted violations; inspect on a fixture. One generate run for all. */
class ValidateAndInspectTest {
  @TempDir static Path tmp;
  static Path good;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void generate() throws Exception {
    Path repo = tmp.resolve("acme");
    FixtureRepo.create(repo, FixtureRepo.defaultFiles());
    good = tmp.resolve("good");
    Result r = run("generate", repo.toString(), "--out", good.toString(), "--cache-dir", tmp.resolve("cache").toString(), "--test-fraction", "0.5",
        "--seed", "2"); // seed 2 puts Calculator.java (main code, so it has rows) in test
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.exists(good.resolve("sft/test-00000-of-00001.jsonl")), "the fixture needs rows in both splits");
  }

  static Path copy(String name) throws IOException {
    Path to = tmp.resolve(name);
    try (Stream<Path> s = Files.walk(good)) {
      for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
        Path t = to.resolve(good.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return to;
  }

  static void editLine(Path file, int index, java.util.function.UnaryOperator<String> edit) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    lines.set(index, edit.apply(lines.get(index)));
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  @Test
  void givenGeneratedFolder_thenValid() {
    Result r = run("validate", good.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("valid"), r.out());
  }

  @Test
  void givenEditedShard_thenParquetAndJsonlDisagree() throws IOException {
    Path d = copy("edited");
    editLine(d.resolve("sft/train-00000-of-00001.jsonl"), 0, l -> l.replaceFirst("\"content\":\"", "\"content\":\"EDITED "));
    Result r = run("validate", d.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("sft/train-00000-of-00001.parquet: row 1 differs from sft/train-00000-of-00001.jsonl:1"), r.out());
  }

  @Test
  void givenRowMovedIntoTheOtherSplit_thenFileInBothSplitsReported() throws IOException {
    Path d = copy("both");
    String trainPath =
        Files.readAllLines(d.resolve("sft/train-00000-of-00001.jsonl")).get(0).replaceAll(".*\"path\":\"([^\"]*)\".*", "$1");
    editLine(d.resolve("sft/test-00000-of-00001.jsonl"), 0, l -> l.replaceFirst("\"path\":\"[^\"]*\"", "\"path\":\"" + trainPath + "\""));
    Result r = run("validate", d.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("file " + trainPath + " has SFT rows in both train and test"), r.out());
  }

  @Test
  void givenBadOpenAiLines_thenRolesContentAndOneConversationPerLine() throws IOException {
    Path d = copy("openai");
    Path f = d.resolve("openai/train.jsonl");
    editLine(f, 0, l -> l.replaceFirst("\"role\":\"user\"", "\"role\":\"human\""));
    editLine(f, 1, l -> l.replaceFirst("\"role\":\"assistant\",\"content\":\"[^\"]*\"", "\"role\":\"assistant\",\"content\":\"\""));
    editLine(f, 2, l -> l + l);
    Result r = run("validate", d.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("openai/train.jsonl:1: role \"human\" is not system, user or assistant"), r.out());
    assertTrue(r.out().contains("openai/train.jsonl:2: a assistant message has empty content"), r.out());
    assertTrue(r.out().contains("openai/train.jsonl:3: not one conversation object"), r.out());
  }

  /** The OpenAI copy is read as a stream (the JDK's is over a gigabyte); a file cut short is still caught. */
  @Test
  void givenOpenAiCopyCutShort_thenTornLastLineReported() throws IOException {
    Path d = copy("openai-torn");
    Path f = d.resolve("openai/train.jsonl");
    byte[] bytes = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 10));
    Result r = run("validate", d.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("openai/train.jsonl: the last line is torn (no final newline)"), r.out());
  }

  @Test
  void givenCountsThatDoNotAddUp_thenReported() throws IOException {
    Path d = copy("counts");
    Path m = d.resolve("manifest.json");
    Files.writeString(m, Files.readString(m).replaceFirst("\"in\" : \\d+", "\"in\" : 99999"));
    Result r = run("validate", d.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("was given 99999 rows"), r.out());
  }

  /** validate recounts each kind's rows by the catalogue's keys: here an SFT task count the manifest has one too many of. */
  @Test
  void givenManifestTaskCountOff_thenThatKeyReported() throws IOException {
    Path d = copy("task-count");
    Path m = d.resolve("manifest.json");
    com.fasterxml.jackson.databind.node.ObjectNode root =
        (com.fasterxml.jackson.databind.node.ObjectNode) DatasetFiles.JSON.readTree(m.toFile());
    com.fasterxml.jackson.databind.node.ObjectNode tasks =
        (com.fasterxml.jackson.databind.node.ObjectNode) root.at("/counts/sft/train/task");
    long explain = tasks.get("explain").asLong();
    tasks.put("explain", explain + 1);
    DatasetFiles.JSON.writeValue(m.toFile(), root);
    Result r = run("validate", d.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("manifest counts " + (explain + 1) + " for sft.train.task.explain but the sft/ shards hold " + explain),
        r.out());
  }

  @Test
  void givenNoManifest_thenBothCommandsSayIncomplete_exit3() throws IOException {
    Path d = copy("incomplete");
    Files.delete(d.resolve("manifest.json"));
    for (String command : List.of("validate", "inspect")) {
      Result r = run(command, d.toString());
      assertEquals(3, r.code(), command + ": " + r.err());
      assertTrue(r.err().contains("no manifest.json: it is not a finished dataset"), r.err());
    }
  }

  @Test
  void givenObjectStoreOptionsForALocalFolder_thenUsageError() {
    for (String command : List.of("validate", "inspect")) {
      Result r = run(command, good.toString(), "--", "--awsRegion=eu-west-1");
      assertEquals(ExitCodes.USAGE, r.code(), command + ": " + r.err());
      assertTrue(r.err().contains("are for a dataset in an object store; " + good + " is a local folder"), r.err());
    }
  }

  @Test
  void givenFixture_whenInspect_thenCountsHistogramsReasonsAndSeededRows() {
    Result r = run("inspect", good.toString(), "--rows", "1", "--seed", "7");
    assertEquals(0, r.code(), r.err());
    String out = r.out();
    for (String s : List.of("SFT rows:", "by split x task:", "by split x language:", "CPT documents:",
        "Tokens per row, sft train", "Tokens per row, cpt train", "Rejected:", "Failed:", "AskTeacher  no_applicable_task", "--- explain", "[user]", "[assistant]")) {
      assertTrue(out.contains(s), "missing \"" + s + "\" in\n" + out);
    }
    assertEquals(out, run("inspect", good.toString(), "--rows", "1", "--seed", "7").out(), "the same seed shows the same rows");
  }
}
