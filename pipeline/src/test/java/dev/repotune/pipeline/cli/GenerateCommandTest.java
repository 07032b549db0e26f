package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.pipeline.FixtureRepo;
import dev.repotune.samples.JsonLines;
import dev.repotune.samples.ParquetShards;
import dev.repotune.samples.SftRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job through the real command line, on a fixture repository built with JGit. */
class GenerateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  Path repo;
  Path cache;

  record Result(int code, String out, String err) {}

  @BeforeEach
  void createRepo() throws Exception {
    repo = tmp.resolve("acme");
    FixtureRepo.create(repo, FixtureRepo.defaultFiles());
    cache = tmp.resolve("cache");
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  Result generate(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("generate", repo.toString(), "--out", out.toString(), "--cache-dir", cache.toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  @Test
  void givenFixtureRepo_whenGenerate_thenWritesCompleteDatasetFolder() throws Exception {
    Path out = tmp.resolve("out");
    Result r = generate(out, "--test-fraction", "0.5");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Dataset: " + out), r.out());

    for (String f : List.of("manifest.json", "README.md", "dataset_info.json", "openai/train.jsonl",
        "cpt/train-00000-of-00001.parquet", "cpt/train-00000-of-00001.jsonl")) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f + " missing; have " + listing(out));
    }
    assertFalse(Files.exists(tmp.resolve(".out.partial")), "work folder left behind");

    JsonNode m = JSON.readTree(out.resolve("manifest.json").toFile());
    JsonNode counts = m.get("counts");
    assertEquals(6, counts.at("/files/kept").asLong(), m.toPrettyString());
    assertEquals(1, counts.at("/rejected/ReadRepository/vendored").asLong(), m.toPrettyString());
    assertEquals(1, counts.at("/rejected/ReadRepository/binary_extension").asLong(), m.toPrettyString());
    assertEquals(6, counts.at("/cpt/train/total").asLong());
    long chunks = counts.at("/chunks/total").asLong();
    long answered = counts.at("/chunks/answered").asLong();
    long rejected = 0;
    for (JsonNode n : counts.at("/rejected/AskTeacher")) rejected += n.asLong();
    assertTrue(chunks > 10, "chunks " + chunks);
    assertEquals(chunks, answered + rejected, "nothing lost");
    assertEquals(40, m.get("commit").asText().length());

    List<SftRecord> rows = new ArrayList<>();
    List<SftRecord> fromParquet = new ArrayList<>();
    for (String split : List.of("train", "test")) {
      for (Path jsonl : shards(out.resolve("sft"), split + "-", ".jsonl")) {
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
          SftRecord rec = JsonLines.readSft(line);
          assertEquals(split, rec.meta().split());
          rows.add(rec);
        }
        Path parquet = Path.of(jsonl.toString().replace(".jsonl", ".parquet"));
        fromParquet.addAll(ParquetShards.readSft(parquet));
      }
    }
    assertEquals(rows, fromParquet, "Parquet and JSONL hold the same rows in the same order");

    // No file's questions straddle the split.
    var splitsByPath = rows.stream().collect(Collectors.groupingBy(x -> x.meta().path(),
        Collectors.mapping(x -> x.meta().split(), Collectors.toSet())));
    splitsByPath.forEach((path, splits) -> assertEquals(1, splits.size(), path + " in " + splits));

    // A known fact about a known method, true of the code.
    SftRecord explainAdd = rows.stream()
        .filter(x -> x.meta().task().equals("explain") && x.meta().symbol().startsWith("Calculator.add("))
        .findFirst().orElseThrow(() -> new AssertionError("no explain row for Calculator.add: " + symbols(rows)));
    assertTrue(last(explainAdd).contains("Adds two numbers and rounds the sum"), last(explainAdd));
    SftRecord testsOfAdd = rows.stream()
        .filter(x -> x.meta().task().equals("tests") && x.meta().symbol().startsWith("Calculator.add("))
        .findFirst().orElseThrow(() -> new AssertionError("no tests row for Calculator.add: " + symbols(rows)));
    assertTrue(last(testsOfAdd).contains("addsTwoNumbers"), last(testsOfAdd));
    assertTrue(rows.stream().anyMatch(x -> x.meta().task().equals("implementers") && last(x).contains("Circle")),
        "an implementers row naming Circle");

    // OpenAI copies: messages only.
    long openAiRows = 0;
    for (String split : List.of("train", "test")) {
      Path f = out.resolve("openai/" + split + ".jsonl");
      if (!Files.exists(f)) continue;
      for (String line : Files.readAllLines(f)) {
        JsonNode n = JSON.readTree(line);
        assertEquals(Set.of("messages"), fieldNames(n));
        openAiRows++;
      }
    }
    assertEquals(rows.size(), openAiRows);
  }

  @Test
  void givenSameCommit_whenGeneratedTwice_thenShardsAreByteIdentical() throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    assertEquals(0, generate(a).code());
    assertEquals(0, generate(b).code());
    List<String> filesA = relativeFiles(a);
    assertEquals(filesA, relativeFiles(b));
    for (String f : filesA) {
      if (f.equals("manifest.json")) continue;
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
    }
  }

  /** The same job, unchanged, on each bundled engine: Flink embedded and Spark local[*]. */
  @Test
  void givenFlinkAndSparkRunners_whenGenerate_thenSameShardsAsDirect() throws Exception {
    Path direct = tmp.resolve("direct");
    Result d = generate(direct);
    assertEquals(0, d.code(), d.err());
    for (String runner : List.of("flink", "spark")) {
      Path other = tmp.resolve(runner);
      Result r = generate(other, "--runner", runner);
      assertEquals(0, r.code(), runner + ": " + r.err());
      assertEquals(relativeFiles(direct), relativeFiles(other), runner);
      for (String f : relativeFiles(direct)) {
        if (f.equals("manifest.json")) continue;
        assertArrayEquals(Files.readAllBytes(direct.resolve(f)), Files.readAllBytes(other.resolve(f)), runner + ": " + f);
      }
      assertEquals(runner, JSON.readTree(other.resolve("manifest.json").toFile()).at("/config/runner").asText());
    }
  }

  @Test
  void givenTwoRepositoriesInReposFile_whenGenerate_thenOneDatasetWithEachRepositorysRows() throws Exception {
    String first = headOf(repo);
    FixtureRepo.commit(
        repo,
        java.util.Map.of("src/main/java/com/acme/calc/Later.java",
            "package com.acme.calc;\n\n/** Added later. */\npublic class Later {\n  public int one() {\n    return 1;\n  }\n}\n"
                .getBytes(StandardCharsets.UTF_8)),
        "later");
    Path beta = tmp.resolve("beta");
    FixtureRepo.create(beta, FixtureRepo.defaultFiles());
    Path list = tmp.resolve("repos.txt");
    Files.writeString(list, "# two repositories\n" + repo + "@" + first + "\n\n" + beta + "\n");
    Path out = tmp.resolve("out");

    Result r = run("generate", "--repos", list.toString(), "--out", out.toString(), "--cache-dir", cache.toString(),
        "--test-fraction", "0.5");
    assertEquals(0, r.code(), r.err());

    JsonNode m = JSON.readTree(out.resolve("manifest.json").toFile());
    assertEquals(2, m.get("repos").size(), m.toPrettyString());
    assertEquals("acme", m.at("/repos/0/name").asText());
    assertEquals(first, m.at("/repos/0/commit").asText());
    assertEquals("beta", m.at("/repos/1/name").asText());
    assertEquals(12, m.at("/counts/files/kept").asLong(), "six files from each");

    java.util.Map<String, Set<String>> splitsByFile = new java.util.TreeMap<>();
    Set<String> repos = new java.util.TreeSet<>();
    for (Path jsonl : shards(out.resolve("sft"), "", ".jsonl")) {
      for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
        SftRecord rec = JsonLines.readSft(line);
        repos.add(rec.meta().repo());
        assertTrue(rec.messages().get(0).content().contains(rec.meta().repo()), "system prompt names its repository");
        assertFalse(rec.meta().path().endsWith("Later.java"), "acme was read at " + first);
        splitsByFile.computeIfAbsent(rec.meta().repo() + ":" + rec.meta().path(), k -> new java.util.TreeSet<>())
            .add(rec.meta().split());
      }
    }
    assertEquals(Set.of("acme", "beta"), repos);
    splitsByFile.forEach((file, splits) -> assertEquals(1, splits.size(), file + " in both splits"));
  }

  @Test
  void givenSourceWithRef_thenSplitAtRefAfterLastSlash() {
    assertArrayEquals(new String[] {"https://h/o/r.git", "v1"}, GenerateCommand.splitRef("https://h/o/r.git@v1", "HEAD"));
    assertArrayEquals(new String[] {"git@github.com:o/r.git", "HEAD"}, GenerateCommand.splitRef("git@github.com:o/r.git", "HEAD"));
    assertArrayEquals(new String[] {"/tmp/a@b/repo", "HEAD"}, GenerateCommand.splitRef("/tmp/a@b/repo", "HEAD"));
  }

  @Test
  void givenTwoRepositoriesWithoutOut_thenExit2() {
    Result r = run("generate", repo.toString(), repo.toString(), "--cache-dir", cache.toString());
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertOneLine(r.err(), "--out");
  }

  static String headOf(Path dir) throws IOException {
    try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.open(dir.toFile())) {
      return git.getRepository().resolve("HEAD").name();
    }
  }

  @Test
  void givenUnknownRunner_thenExit2WithOneLine() {
    Result r = generate(tmp.resolve("out"), "--runner", "storm");
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertOneLine(r.err(), "--runner storm");
  }

  /** The second run reuses every file's chunks; after a commit that changes one file, only it is parsed. */
  @Test
  void givenExtractionCache_whenRerunAndAfterOneFileChanged_thenParsesOnlyWhatChanged() throws Exception {
    Result cold = generate(tmp.resolve("cold"));
    assertEquals(0, cold.code(), cold.err());
    assertTrue(cold.err().contains("6 files parsed, 0 reused"), cold.err());

    Result warm = generate(tmp.resolve("warm"));
    assertTrue(warm.err().contains("0 files parsed, 6 reused"), warm.err());
    for (String f : relativeFiles(tmp.resolve("cold"))) {
      if (f.equals("manifest.json")) continue;
      assertArrayEquals(Files.readAllBytes(tmp.resolve("cold").resolve(f)), Files.readAllBytes(tmp.resolve("warm").resolve(f)), f);
    }

    FixtureRepo.commit(
        repo,
        java.util.Map.of("src/main/java/com/acme/calc/Shape.java",
            FixtureRepo.SHAPE.replace("interface Shape {", "interface Shape {\n  /** Its name. */\n  String name();\n")
                .getBytes(StandardCharsets.UTF_8)),
        "name shapes");
    Result changed = generate(tmp.resolve("changed"));
    assertTrue(changed.err().contains("1 files parsed, 5 reused"), changed.err());
    Path fresh = tmp.resolve("fresh");
    Result uncached = run("generate", repo.toString(), "--out", fresh.toString(), "--cache-dir", tmp.resolve("cache2").toString());
    assertTrue(uncached.err().contains("6 files parsed, 0 reused"), uncached.err());
    for (String f : relativeFiles(fresh)) {
      if (f.equals("manifest.json")) continue;
      assertArrayEquals(Files.readAllBytes(fresh.resolve(f)), Files.readAllBytes(tmp.resolve("changed").resolve(f)), f);
    }
  }

  @Test
  void givenExistingDataset_whenGeneratedAgain_thenReplacedInPlace() throws Exception {
    Path out = tmp.resolve("out");
    assertEquals(0, generate(out).code());
    Result again = generate(out);
    assertEquals(0, again.code(), again.err());
    assertTrue(Files.exists(out.resolve("manifest.json")));
  }

  @Test
  void givenUnknownRef_thenExit3WithOneLine() {
    Result r = generate(tmp.resolve("out"), "--ref", "no-such-branch");
    assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
    assertOneLine(r.err(), "no-such-branch");
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void givenUnknownRefAndVerbose_thenSameCodeAndTheStackTrace() {
    Result r = generate(tmp.resolve("out"), "--ref", "no-such-branch", "--verbose");
    assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
    assertTrue(r.err().startsWith("repotune: "), r.err());
    assertTrue(r.err().contains("RefNotFoundException") && r.err().contains("\tat "), r.err());
  }

  @Test
  void givenMissingRepository_thenExit3WithOneLine() {
    Result r = run("generate", tmp.resolve("nowhere").toString(), "--out", tmp.resolve("out").toString(),
        "--cache-dir", cache.toString());
    assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
    assertOneLine(r.err(), "nowhere");
  }

  @Test
  void givenBadTestFraction_thenExit2() {
    Result r = generate(tmp.resolve("out"), "--test-fraction", "2");
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertOneLine(r.err(), "--test-fraction");
  }

  @Test
  void givenUnknownFlag_thenExit2() {
    Result r = generate(tmp.resolve("out"), "--frobnicate");
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("--frobnicate"), r.err());
  }

  @Test
  void givenOutputFolderWithOtherContent_thenExit3AndUntouched() throws IOException {
    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("thesis.tex"), "precious");
    Result r = generate(out);
    assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
    assertOneLine(r.err(), "--overwrite");
    assertEquals("precious", Files.readString(out.resolve("thesis.tex")));
  }

  static void assertOneLine(String err, String mentions) {
    String trimmed = err.strip();
    assertFalse(trimmed.contains("\n"), "more than one line: " + err);
    assertFalse(trimmed.contains("Exception"), "a stack trace or exception name: " + err);
    assertTrue(trimmed.contains(mentions), "does not mention " + mentions + ": " + err);
  }

  static String last(SftRecord r) {
    return r.messages().get(r.messages().size() - 1).content();
  }

  static List<String> symbols(List<SftRecord> rows) {
    return rows.stream().map(x -> x.meta().task() + ":" + x.meta().symbol()).distinct().toList();
  }

  static Set<String> fieldNames(JsonNode n) {
    Set<String> names = new java.util.TreeSet<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static List<Path> shards(Path dir, String prefix, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(suffix))
          .sorted().toList();
    }
  }

  static List<String> relativeFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  static String listing(Path root) throws IOException {
    return Files.exists(root) ? relativeFiles(root).toString() : "(no folder)";
  }
}
