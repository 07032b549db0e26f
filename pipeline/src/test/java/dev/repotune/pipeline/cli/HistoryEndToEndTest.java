package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.pipeline.FixtureRepo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history through the command line, on a repository with a real little history: a fix with its
 * test, a bot's bump, a "wip", a feature whose message names a person's address, a rename. Rows of each
 * history kind, each drop with its reason, no author anywhere, the split in time (the snapshot made at the
 * commit before the held-out one, whose result no training text holds), and a shallow clone warned of.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUTHOR = "Jane Maintainer";
  private static final String AUTHOR_EMAIL = "jane.maintainer@acme-devs.example";

  @TempDir static Path tmp;
  Path repo;
  String fix;
  String newest;
  Path out;
  String err;

  @BeforeAll
  void repository() throws Exception {
    repo = tmp.resolve("calc");
    FixtureRepo.create(repo, FixtureRepo.defaultFiles());
    String calc = FixtureRepo.CALCULATOR;
    String test = FixtureRepo.CALCULATOR_TEST;
    String fixed = calc.replace("if (b == 0) {", "if (b == 0 || Double.isNaN(b)) {");
    String fixedTest = test.substring(0, test.lastIndexOf('}'))
        + "\n  @org.junit.Test(expected = ArithmeticException.class)\n  public void rejectsNaNDivisor() {\n"
        + "    new Calculator(2).divide(1, Double.NaN);\n  }\n}\n";
    fix = commit(Map.of("src/main/java/com/acme/calc/Calculator.java", fixed,
            "src/test/java/com/acme/calc/CalculatorTest.java", fixedTest),
        "Reject a NaN divisor in Calculator.divide\n\nA NaN divisor gave NaN instead of the documented exception.\n\n"
            + "Signed-off-by: " + AUTHOR + " <" + AUTHOR_EMAIL + ">", AUTHOR, AUTHOR_EMAIL);
    commit(Map.of("pom.xml", "<project><version>1.0.1</version></project>\n"), "Bump junit from 4.12 to 4.13.2",
        "dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com");
    commit(Map.of("README.md", "# calc\n\nwork in progress\n"), "wip", AUTHOR, AUTHOR_EMAIL);
    String negate = fixed.substring(0, fixed.lastIndexOf('}'))
        + "\n  /** The number with its sign changed. */\n  public double negate(double a) {\n    return round(-a);\n  }\n}\n";
    commit(Map.of("src/main/java/com/acme/calc/Calculator.java", negate),
        "Add Calculator.negate for sign changes\n\nAsked for by bob.reporter@gmail.com in the tracker.",
        AUTHOR, AUTHOR_EMAIL);
    String renamed = negate.replace("public double total(", "public double sumOfAll(");
    newest = commit(Map.of("src/main/java/com/acme/calc/Calculator.java", renamed),
        "Rename Calculator.total to sumOfAll so its name says what it adds", AUTHOR, AUTHOR_EMAIL);
    out = tmp.resolve("out");
    err = generate(out);
  }

  private String commit(Map<String, String> files, String message, String name, String email) throws Exception {
    try (Git git = Git.open(repo.toFile())) {
      for (Map.Entry<String, String> e : files.entrySet()) {
        Path p = repo.resolve(e.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, e.getValue());
      }
      git.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent(name, email, new Date(1_700_000_000_000L + 86_400_000L * count(git)),
          TimeZone.getTimeZone("UTC"));
      return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call().getName();
    }
  }

  private static int count(Git git) throws Exception {
    int n = 0;
    for (var c : git.log().call()) {
      n++;
    }
    return n;
  }

  private String generate(Path dir, String... more) {
    List<String> args = new ArrayList<>(List.of("generate", repo.toString(), "--out", dir.toString(),
        "--cache-dir", tmp.resolve("cache").toString(), "--fim-per-file", "0"));
    args.addAll(List.of(more));
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), args.toArray(String[]::new));
    assertEquals(0, code, e.toString());
    return e.toString();
  }

  private static List<JsonNode> rows(Path dataset, String folder) throws IOException {
    return DeduplicateEndToEndTest.lines(dataset, folder + "/");
  }

  @Test
  void everyHistoryKindIsMadeOfTheRepositorysOwnCommits() throws IOException {
    List<JsonNode> history = rows(out, "history");
    Map<String, Set<String>> commitsByTask = new TreeMap<>();
    for (JsonNode r : history) {
      commitsByTask.computeIfAbsent(r.at("/meta/task").asText(), k -> new TreeSet<>()).add(r.at("/meta/commit").asText());
      assertEquals(3, r.get("messages").size(), r.toString());
    }
    assertEquals(Set.of("change", "commit-message", "fix-with-test", "why"), commitsByTask.keySet(), commitsByTask.toString());
    assertEquals(Set.of(fix), commitsByTask.get("fix-with-test"), "the one commit with a test");
    JsonNode fixRow = history.stream()
        .filter(r -> r.at("/meta/task").asText().equals("fix-with-test")).findFirst().orElseThrow();
    String request = fixRow.at("/messages/1/content").asText();
    String answer = fixRow.at("/messages/2/content").asText();
    assertTrue(request.contains("rejectsNaNDivisor"), "the request shows the new test: " + request);
    assertTrue(answer.contains("+    if (b == 0 || Double.isNaN(b)) {"), "the answer is the main-code change: " + answer);
    assertTrue(fixRow.at("/meta/exec_candidate").asBoolean());
    JsonNode message = history.stream()
        .filter(r -> r.at("/meta/task").asText().equals("commit-message") && r.at("/meta/commit").asText().equals(fix))
        .findFirst().orElseThrow();
    assertTrue(message.at("/messages/2/content").asText().startsWith("Reject a NaN divisor in Calculator.divide"),
        message.toString());
    boolean anyTrain = history.stream().anyMatch(r -> r.at("/meta/split").asText().equals("train"));
    assertEquals(anyTrain, !rows(out, "commits").isEmpty(), "a training commit gives commit documents, a test one none");
  }

  @Test
  void commitsThatSayNoWhyAreRejectedWithTheirReason() throws IOException {
    Map<String, String> reasons = new TreeMap<>();
    for (JsonNode r : rows(out, "rejected")) {
      if (r.get("stage").asText().equals("ReadHistory")) {
        reasons.put(JSON.readTree(r.get("record").asText()).get("subject").asText(), r.get("reason").asText());
      }
    }
    assertEquals("bot", reasons.get("Bump junit from 4.12 to 4.13.2"), reasons.toString());
    assertEquals("subject_too_short", reasons.get("wip"), reasons.toString());
    assertEquals("bare_word", reasons.get("initial commit"), reasons.toString());
    JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
    assertTrue(manifest.toString().contains("\"history\""), "the manifest lists the history files");
  }

  @Test
  void noAuthorAndNoPersonalAddressReachesTheDataset() throws IOException {
    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Files.walk(out)) {
      for (Path f : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".jsonl")).toList()) {
        texts.add(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    String all = String.join("\n", texts);
    assertTrue(all.contains("Add Calculator.negate for sign changes"), "the history is in the dataset");
    for (String secret : List.of(AUTHOR, AUTHOR_EMAIL, "bob.reporter@gmail.com", "dependabot[bot]@users")) {
      assertFalse(all.contains(secret), secret + " reached the dataset");
    }
  }

  @Test
  void aSplitInTimeHoldsOutTheNewestCommitAndMakesEverythingElseBeforeIt() throws IOException {
    Path held = tmp.resolve("held");
    String log = generate(held, "--holdout-commits", "1");
    assertTrue(log.contains("the newest 1 commits are held out"), log);
    JsonNode manifest = JSON.readTree(held.resolve("manifest.json").toFile());
    assertFalse(manifest.toString().contains(newest), "the snapshot is not the held-out commit");
    for (JsonNode r : rows(held, "history")) {
      boolean isNewest = r.at("/meta/commit").asText().equals(newest);
      assertEquals(isNewest ? "test" : "train", r.at("/meta/split").asText(), r.toString());
    }
    assertTrue(rows(held, "history").stream().anyMatch(r -> r.at("/meta/split").asText().equals("test")));
    List<JsonNode> commits = rows(held, "commits");
    assertFalse(commits.isEmpty(), "the training commits' documents");
    assertTrue(commits.stream().allMatch(r -> r.get("text").asText().contains("Commit: ")), "the plain commit layout");
    assertTrue(commits.stream().noneMatch(r -> r.at("/meta/commit").asText().equals(newest)), "no held-out commit's document");
    for (String folder : List.of("cpt", "sft", "commits", "repo")) {
      for (JsonNode r : rows(held, folder)) {
        assertFalse(r.toString().contains("sumOfAll"), folder + " holds the held-out change's result: " + r);
      }
    }
    for (JsonNode r : rows(held, "history")) {
      if (r.at("/meta/split").asText().equals("train")) {
        assertFalse(r.toString().contains("sumOfAll"), "a training history row holds the held-out change: " + r);
      }
    }
  }

  @Test
  void validateAndInspectReadTheHistoryOutputs() throws IOException {
    Path held = tmp.resolve("held-validate");
    generate(held, "--holdout-commits", "2");
    for (Path dataset : List.of(out, held)) {
      StringWriter o = new StringWriter();
      StringWriter e = new StringWriter();
      assertEquals(0, Main.run(new PrintWriter(o), new PrintWriter(e), "validate", dataset.toString()), o + "\n" + e);
      StringWriter io = new StringWriter();
      assertEquals(0, Main.run(new PrintWriter(io), new PrintWriter(new StringWriter()), "inspect", dataset.toString()));
      assertTrue(io.toString().contains("History rows"), io.toString());
    }
  }

  @Test
  void aRowLongerThanTheContextIsRejectedNotWritten() throws IOException {
    Path small = tmp.resolve("small");
    generate(small, "--context-tokens", "256");
    List<JsonNode> history = rows(small, "history");
    assertTrue(history.size() < rows(out, "history").size(), "some rows are over 256 tokens");
    for (JsonNode r : history) {
      int tokens = 0;
      for (JsonNode m : r.get("messages")) {
        tokens += dev.repotune.extractors.TokenCounter.count(m.get("content").asText());
      }
      assertTrue(tokens <= 256, tokens + " tokens: " + r);
    }
    assertTrue(rows(small, "rejected").stream().anyMatch(r -> r.get("stage").asText().equals("HistoryRows")
        && r.get("reason").asText().equals("over_context")), "each dropped row is recorded");
  }

  @Test
  void aRerunFromTheHistoryCacheWritesTheSameBytes() throws IOException {
    Path again = tmp.resolve("again");
    String log = generate(again, "--verbose");
    assertTrue(java.util.regex.Pattern.compile("[1-9][\\d,]* changes and [1-9][\\d,]* commits' rows reused").matcher(log).find(),
        "the rerun reads its changes and rows from the cache: " + log);
    for (String folder : List.of("history", "commits")) {
      assertEquals(Files.exists(out.resolve(folder)), Files.exists(again.resolve(folder)), folder);
      if (!Files.exists(out.resolve(folder))) {
        continue;
      }
      try (Stream<Path> files = Files.list(out.resolve(folder))) {
        for (Path f : files.sorted().toList()) {
          assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(again.resolve(folder).resolve(f.getFileName())), f.toString());
        }
      }
    }
  }

  @Test
  void aShallowCloneIsWarnedOfAndGivesNoHistoryRows() throws Exception {
    Path shallow = tmp.resolve("shallow");
    Git.cloneRepository().setURI(repo.toUri().toString()).setDirectory(shallow.toFile()).setDepth(1).call().close();
    Path dir = tmp.resolve("shallow-out");
    List<String> args = List.of("generate", shallow.toString(), "--out", dir.toString(),
        "--cache-dir", tmp.resolve("cache").toString(), "--fim-per-file", "0");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    assertEquals(0, Main.run(new PrintWriter(o), new PrintWriter(e), args.toArray(String[]::new)), e.toString());
    assertTrue(e.toString().contains("is a shallow clone: no history rows"), e.toString());
    assertFalse(Files.exists(dir.resolve("history")), "no history rows");
    assertTrue(Files.exists(dir.resolve("sft")), "the snapshot rows are made as ever");
  }
}
