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
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
  void givenTwoRepositoriesWithoutOut_thenExit2() {
    Result r = run("generate", repo.toString(), repo.toString(), "--cache-dir", cache.toString());
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertOneLine(r.err(), "--out");
  }

  /** A line of the progress board (its heading, a stage's line) or a periodic plain progress line. */
  static boolean isProgress(String line) {
    return line.matches("repotune: (finished|stopped|running)( .*)?|repotune: [0-9hm.]+s(  .*)?")
        || dev.repotune.pipeline.Progress.STAGES.stream().anyMatch(s -> line.startsWith("  " + s.name() + " "));
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
  /**
   * The extraction and row caches: a rerun parses nothing and replays every answered chunk's rows; after a
   * commit it redoes only what changed (re-stamped rows of the rest carry the new commit and ids); and
   * every output is byte-identical to a run without a cache.
   */
  @Test
  void givenExtractionCache_whenRerunAndAfterOneFileChanged_thenParsesOnlyWhatChanged() throws Exception {
    Result cold = generate(tmp.resolve("cold"), "--verbose");
    assertEquals(0, cold.code(), cold.err());
    assertTrue(cold.err().contains("6 files parsed, 0 reused"), cold.err());
    assertTrue(cold.err().contains(" 0 chunks' rows replayed"), cold.err());
    assertTrue(cold.err().contains(" 0 CPT and 0 repository-level documents' token counts reused"), cold.err());
    long answered =
        JSON.readTree(tmp.resolve("cold/manifest.json").toFile()).path("counts").path("chunks").path("answered").asLong();
    assertTrue(answered > 10, "answered " + answered);

    Result warm = generate(tmp.resolve("warm"), "--verbose");
    assertTrue(warm.err().contains("0 files parsed, 6 reused"), warm.err());
    assertTrue(warm.err().contains(" " + answered + " chunks' rows replayed"), warm.err());
    long documents = // every kept file of the fixture has text, so each is a CPT document
        JSON.readTree(tmp.resolve("cold/manifest.json").toFile()).path("counts").path("files").path("kept").asLong();
    long repoDocuments =
        JSON.readTree(tmp.resolve("cold/manifest.json").toFile()).path("counts").path("repo").path("train").path("total").asLong();
    assertTrue(repoDocuments > 0, "repository-level documents " + repoDocuments);
    java.util.regex.Matcher counts = java.util.regex.Pattern
        .compile(" ([0-9,]+) CPT and ([0-9,]+) repository-level documents' token counts reused").matcher(warm.err());
    assertTrue(counts.find(), warm.err());
    assertEquals(documents, Long.parseLong(counts.group(1).replace(",", "")), warm.err());
    // a document is counted once, or twice when it is over the context with its FIM example
    assertTrue(Long.parseLong(counts.group(2).replace(",", "")) >= repoDocuments, warm.err());
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
    Result changed = generate(tmp.resolve("changed"), "--verbose");
    assertTrue(changed.err().contains("1 files parsed, 5 reused"), changed.err());
    java.util.regex.Matcher replayed = java.util.regex.Pattern.compile("([0-9,]+) chunks' rows replayed").matcher(changed.err());
    assertTrue(replayed.find(), changed.err());
    long again = Long.parseLong(replayed.group(1).replace(",", ""));
    assertTrue(again > 0 && again < answered, again + " of " + answered + " replayed after the change");
    Path fresh = tmp.resolve("fresh");
    Result uncached = run("generate", repo.toString(), "--out", fresh.toString(), "--cache-dir", tmp.resolve("cache2").toString(), "--verbose");
    assertTrue(uncached.err().contains("6 files parsed, 0 reused"), uncached.err());
    assertTrue(uncached.err().contains(" 0 chunks' rows replayed"), uncached.err());
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

  /** One bad input: how to set it up (returns the arguments after "generate"), the exit code, and a piece of its line. */
  record BadInput(String name, Setup setup, int code, String line) {
    @Override
    public String toString() {
      return name;
    }
  }

  @Test
  void givenUnknownRefAndVerbose_thenSameCodeAndTheStackTrace() {
    Result r = generate(tmp.resolve("out"), "--ref", "no-such-branch", "--verbose");
    assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
    assertTrue(r.err().startsWith("repotune: "), r.err());
    assertTrue(r.err().contains("RefNotFoundException") && r.err().contains("\tat "), r.err());
  }

  interface Setup {
    List<String> args(GenerateCommandTest t) throws Exception;
  }

  static Stream<BadInput> badInputs() {
    return Stream.of(
        new BadInput("URL that does not exist", t -> t.args("file://" + t.tmp.resolve("none.git")), ExitCodes.BAD_INPUT, "repository not found"),
        new BadInput("URL that needs credentials", GenerateCommandTest::privateHttpRepo, ExitCodes.BAD_INPUT, "a private repository needs credentials"),
        new BadInput("ref that does not exist", t -> t.args(t.repo.toString(), "--ref", "no-such-branch"), ExitCodes.BAD_INPUT, "ref not found: 'no-such-branch'"),
        new BadInput("empty repository", t -> t.args(t.emptyRepo().toString()), ExitCodes.BAD_INPUT, "has no commits"),
        new BadInput("no supported files", t -> t.args(t.repoWith(Map.of("logo.png", new byte[] {1, 0, 2})).toString()), ExitCodes.BAD_INPUT, "no supported files"),
        new BadInput("output folder holds something else", GenerateCommandTest::foreignOut, ExitCodes.BAD_INPUT, "pass --overwrite"),
        new BadInput("output folder not writable", t -> t.argsOut(t.aFile().resolve("out")), ExitCodes.BAD_INPUT, "choose a writable --out"),
        new BadInput("cache folder not writable", t -> List.of(t.repo.toString(), "--out", t.tmp.resolve("out").toString(), "--cache-dir", t.aFile().resolve("cache").toString()), ExitCodes.BAD_INPUT, "set REPOTUNE_CACHE to a writable folder"),
        new BadInput("full disk", t -> { System.setProperty(dev.repotune.pipeline.DatasetFolder.SIMULATE_WRITE_ERROR, "No space left on device"); return t.args(t.repo.toString()); }, ExitCodes.BAD_INPUT, "no space left on device"),
        new BadInput("unknown flag", t -> t.args(t.repo.toString(), "--frobnicate"), ExitCodes.USAGE, "Unknown option: '--frobnicate'"),
        new BadInput("bad value", t -> t.args(t.repo.toString(), "--test-fraction", "2"), ExitCodes.USAGE, "--test-fraction must be at least 0 and below 1"),
        new BadInput("Java file that crashes the parser", t -> t.args(t.repoWith(Map.of("src/Deep.java", deepJava())).toString()), ExitCodes.OK, "Java files did not parse"),
        new BadInput("invalid UTF-8", t -> t.args(t.repoWith(Map.of("notes.txt", new byte[] {'o', 'k', ' ', (byte) 0xC3, '(', '\n'})).toString()), ExitCodes.OK, "not valid UTF-8"),
        new BadInput("large single-line file", t -> t.args(t.repoWithDefaultsAnd("bundle.min.txt", FixtureRepo.utf8("ab ".repeat(700_000))).toString()), ExitCodes.OK, "over --max-file-bytes were skipped"),
        new BadInput("symlink loop", t -> t.args(t.repoWithSymlinkLoop().toString()), ExitCodes.OK, "symbolic links were skipped, never followed"),
        new BadInput("submodule", t -> t.args(t.repoWithSubmodule().toString()), ExitCodes.OK, "submodules were skipped"));
  }

  /** Each bad input ends with one line (what was wrong, what to do) and its named exit code, no stack trace. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void givenBadInput_thenOneLineAndNamedExitCode(BadInput bad) throws Exception {
    List<String> args = new ArrayList<>(List.of("generate"));
    args.addAll(bad.setup().args(this));
    Result r;
    try {
      r = run(args.toArray(String[]::new));
    } finally {
      System.clearProperty(dev.repotune.pipeline.DatasetFolder.SIMULATE_WRITE_ERROR);
    }
    assertEquals(bad.code(), r.code(), r.err());
    // The one "repotune:" line besides the header that names the commit being read.
    List<String> lines = r.err().lines().filter(l -> !l.isBlank() && !l.matches("repotune: .* @ [0-9a-f]{12} \\(.*\\)")
        && !isProgress(l)).toList();
    assertEquals(1, lines.size(), "one line, got: " + r.err());
    String line = lines.get(0);
    assertTrue(line.startsWith("repotune: "), line);
    assertTrue(line.contains(bad.line()), "expected '" + bad.line() + "' in: " + line);
    assertFalse(line.contains("Exception") || r.err().contains("\tat "), "no exception or stack trace: " + r.err());
    if (bad.code() != ExitCodes.OK) {
      assertFalse(Files.exists(tmp.resolve("out/manifest.json")) && !bad.name().contains("holds"), "no dataset written");
    }
    if (bad.name().contains("holds something else")) {
      assertEquals("precious", Files.readString(tmp.resolve("out/thesis.tex")));
    }
    Path table = Path.of("target/errors-table.md");
    Files.writeString(table, "| " + bad.name() + " | " + bad.code() + " | `" + line.replace(tmp.toString(), "<tmp>") + "` |\n",
        StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }

  List<String> args(String source, String... extra) {
    List<String> a = new ArrayList<>(List.of(source, "--out", tmp.resolve("out").toString(), "--cache-dir", cache.toString()));
    a.addAll(List.of(extra));
    return a;
  }

  List<String> argsOut(Path out) {
    return List.of(repo.toString(), "--out", out.toString(), "--cache-dir", cache.toString());
  }

  Path aFile() throws IOException {
    Path f = tmp.resolve("a-file");
    Files.writeString(f, "not a folder");
    return f;
  }

  Path emptyRepo() throws Exception {
    Path dir = tmp.resolve("empty");
    org.eclipse.jgit.api.Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call().close();
    return dir;
  }

  Path repoWith(Map<String, byte[]> files) throws Exception {
    Path dir = tmp.resolve("odd");
    FixtureRepo.create(dir, files);
    return dir;
  }

  Path repoWithDefaultsAnd(String path, byte[] content) throws Exception {
    Map<String, byte[]> files = new java.util.LinkedHashMap<>(FixtureRepo.defaultFiles());
    files.put(path, content);
    return repoWith(files);
  }

  Path repoWithSymlinkLoop() throws Exception {
    Path dir = tmp.resolve("loop");
    Files.createDirectories(dir);
    Files.createSymbolicLink(dir.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));
    FixtureRepo.create(dir, FixtureRepo.defaultFiles());
    return dir;
  }

  Path repoWithSubmodule() throws Exception {
    Path dir = tmp.resolve("super");
    FixtureRepo.create(dir.resolve("lib"), Map.of("Lib.java", FixtureRepo.utf8("class Lib {}\n")));
    FixtureRepo.create(dir, FixtureRepo.defaultFiles());
    return dir;
  }

  static List<String> foreignOut(GenerateCommandTest t) throws IOException {
    Files.createDirectories(t.tmp.resolve("out"));
    Files.writeString(t.tmp.resolve("out/thesis.tex"), "precious");
    return t.args(t.repo.toString());
  }

  /** An expression nested deeper than JavaParser's recursion can go on a test thread's stack. */
  static byte[] deepJava() {
    int depth = 20_000;
    return FixtureRepo.utf8("class Deep {\n  int x = " + "(".repeat(depth) + "1" + ")".repeat(depth) + ";\n}\n");
  }

  /** A started local HTTP server that answers every request with 401, as a private git repository does. */
  static com.sun.net.httpserver.HttpServer refusingGitServer() throws IOException {
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", x -> {
      x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
      x.sendResponseHeaders(401, -1);
      x.close();
    });
    server.start();
    return server;
  }

  /** A local HTTP server that answers every git request with 401, as a private repository does. */
  static List<String> privateHttpRepo(GenerateCommandTest t) throws IOException {
    com.sun.net.httpserver.HttpServer server = refusingGitServer();
    t.servers.add(server);
    return t.args("http://127.0.0.1:" + server.getAddress().getPort() + "/acme/private.git");
  }

  final List<com.sun.net.httpserver.HttpServer> servers = new ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void stopServers() {
    servers.forEach(s -> s.stop(0));
  }

  static void assertOneLine(String err, String mentions) {
    String trimmed = err.strip();
    assertFalse(trimmed.contains("\n"), "more than one line: " + err);
    assertFalse(trimmed.contains("Exception"), "a stack trace or exception name: " + err);
    assertTrue(trimmed.contains(mentions), "does not mention " + mentions + ": " + err);
  }

  /**
   * Off a terminal (as here: no console) the run ends with one line per stage; their counts are the
   * counters' and must agree with the manifest's, which come from the data.
   */
  @Test
  void givenOutputNotATerminal_whenGenerate_thenFinalLinePerStageWithTheManifestsCounts() throws Exception {
    Path out = tmp.resolve("out");
    Result r = generate(out);
    assertEquals(0, r.code(), r.err());
    JsonNode c = JSON.readTree(out.resolve("manifest.json").toFile()).get("counts");
    long files = c.at("/files/kept").asLong();
    long chunks = c.at("/chunks/total").asLong();
    long asked = c.at("/stages/FilterSamples/in").asLong();
    long fim = c.at("/fim/train/total").asLong() + c.at("/fim/test/total").asLong();
    long written = c.at("/sft/train/total").asLong() + c.at("/sft/test/total").asLong() + c.at("/cpt/train/total").asLong()
        + fim + c.at("/repo/train/total").asLong() + sum(c.get("rejected")) + sum(c.get("failed"));
    assertTrue(fim > 0 && c.at("/repo/train/total").asLong() > 0, c.toPrettyString());
    assertTrue(files > 0 && chunks > files && asked > chunks && written > asked, c.toPrettyString());

    List<String> lines = r.err().lines().toList();
    assertTrue(lines.stream().anyMatch(l -> l.matches("repotune: finished in [0-9.]+s")), r.err());
    assertStageLine(lines, "ReadRepository", "([0-9,]+)/\\1 files");
    assertStageLine(lines, "RedactSecrets", String.format("%,d/%,d files", files, files));
    assertStageLine(lines, "ExtractChunks", String.format("%,d/%,d files", files, files));
    assertStageLine(lines, "ToFimExamples", String.format("%,d examples", fim)); // 5 code files: none held out
    assertStageLine(lines, "BuildIndex", String.format("%,d/%,d chunks", chunks, chunks));
    assertStageLine(lines, "AskTeacher", String.format("%,d samples", asked));
    assertStageLine(lines, "FilterSamples", String.format("%,d rows", asked));
    assertStageLine(lines, "Deduplicate", String.format("%,d rows", c.at("/stages/Deduplicate/in").asLong()));
    assertStageLine(lines, "WriteShards", String.format("%,d rows", written));
    assertFalse(r.err().contains("\033"), "no escape codes off a terminal");

    Result quiet = generate(tmp.resolve("quiet"), "--quiet");
    assertEquals(0, quiet.code(), quiet.err());
    assertFalse(quiet.err().lines().anyMatch(GenerateCommandTest::isProgress), quiet.err());
    assertTrue(quiet.out().contains("Done in"), "the summary still prints: " + quiet.out());
  }

  static void assertStageLine(List<String> lines, String stage, String count) {
    String pattern = "  " + stage + " +" + count + " +\\S+ +\\S+";
    assertEquals(1, lines.stream().filter(l -> l.matches(pattern)).count(), pattern + " in:\n" + String.join("\n", lines));
  }

  static long sum(JsonNode tree) {
    if (tree == null) return 0;
    if (tree.isNumber()) return tree.asLong();
    long n = 0;
    for (JsonNode child : tree) n += sum(child);
    return n;
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
