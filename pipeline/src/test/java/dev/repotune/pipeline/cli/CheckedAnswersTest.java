package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.pipeline.FakeTeacherServer;
import dev.repotune.pipeline.FakeTeacherServer.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --exec} with {@code --teacher openai}: an in-process chat server answers the implement and
 * write-test questions about the fixture's methods, some right and some wrong; the repository's compiler
 * and tests keep the right ones, reject the wrong ones with their reason, and pair each wrong implement
 * answer with the same answer carrying the repository's own method.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckedAnswersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SYMBOL = Pattern.compile("(?m)^Symbol: (.+) \\(");

  @TempDir static Path tmp;
  Path repo;
  FakeTeacherServer server;
  Path out;
  String err;

  /** What the fake model answers, by the question it is asked: implement or write-test, and the method. */
  static String reply(String user) {
    Matcher m = SYMBOL.matcher(user);
    String symbol = m.find() ? m.group(1) : "";
    boolean implement = user.contains("for implementing this code");
    boolean writeTest = user.contains("about testing this code");
    String code = null;
    if (implement && symbol.startsWith("Calc.max")) {
      code = "public static int max(int a, int b) {\n  return a;\n}"; // wrong: fails maxOfTwo
    } else if (implement && symbol.startsWith("Calc.sum")) {
      code = "public static int sum(int[] values) {\n  return totl;\n}"; // does not compile
    } else if (implement && symbol.startsWith("Calc.clamp")) {
      code = "public static int clamp(int x, int lo, int hi) {\n  return Math.max(lo, Math.min(hi, x));\n}";
    } else if (writeTest && symbol.startsWith("Calc.max")) {
      code = "@Test\nvoid maxOfEqualValues() {\n  assertEquals(4, Calc.max(4, 4));\n}";
    } else if (writeTest && symbol.startsWith("Calc.sum")) {
      code = "@Test\nvoid sumsValues() {\n  assertEquals(7, Calc.sum(new int[] {1, 2, 3}));\n}"; // wrong, and a clash
    }
    if (code == null) {
      return null;
    }
    String answer = "It " + (implement ? "compares the values" : "checks one case") + ".\n\n```java\n" + code + "\n```";
    try {
      return JSON.writeValueAsString(Map.of("pairs", List.of(Map.of(
          "question", (implement ? "Implement `" : "Write a test for `") + symbol + "`.", "answer", answer))));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  void run() throws Exception {
    repo = tmp.resolve("calc");
    ExecFixture.create(repo);
    server = new FakeTeacherServer();
    server.byUserMessage = user -> {
      String r = reply(user);
      return r == null ? null : Reply.content(r);
    };
    out = tmp.resolve("out");
    err = generate(out, "--history", "0");
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private String generate(Path dir, String... more) {
    List<String> args = new ArrayList<>(List.of("generate", repo.toString(), "--out", dir.toString(),
        "--cache-dir", tmp.resolve("cache").toString(), "--fim-per-file", "0", "--exec", "--max-mutants", "0",
        "--tasks", "implement,write-test", "--mix", "implement=1,write-test=1", "--teacher", "openai", "--base-url", server.baseUrl(), "--model", "fake-model",
        "--api-key-env", "REPOTUNE_TEST_UNSET_KEY", "--concurrency", "2"));
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

  private List<JsonNode> rejected() throws IOException {
    return rows(out, "rejected").stream().filter(r -> r.get("stage").asText().equals("CheckAnswers")).toList();
  }

  private static JsonNode record(JsonNode rejected) throws IOException {
    return JSON.readTree(rejected.get("record").asText());
  }

  private List<String> sftRows(String task, String symbolPrefix) throws IOException {
    return rows(out, "sft").stream()
        .filter(r -> r.at("/meta/task").asText().equals(task) && r.at("/meta/symbol").asText().startsWith(symbolPrefix))
        .map(r -> r.at("/messages/2/content").asText()).toList();
  }

  /** What the run wrote, for a failure's message. */
  private String describe() {
    try {
      StringBuilder b = new StringBuilder("\nsft:");
      for (JsonNode r : rows(out, "sft")) {
        b.append("\n  ").append(r.at("/meta/task").asText()).append(' ').append(r.at("/meta/symbol").asText())
            .append(' ').append(r.at("/meta/teacher").asText());
      }
      b.append("\nrejected:");
      rows(out, "rejected").forEach(r -> b.append("\n  ").append(r));
      return b.toString();
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Test
  void answersThatPassAreKeptAndTheOthersRejectedWithTheirReason() throws IOException {
    assertEquals(1, sftRows("implement", "Calc.clamp").size(), () -> err + describe());
    assertEquals(List.of(), sftRows("implement", "Calc.max"), "max's implement answer fails maxOfTwo");
    assertEquals(List.of(), sftRows("implement", "Calc.sum"), "sum's does not compile");
    assertEquals(1, sftRows("write-test", "Calc.max").size(), () -> "a test of max(4, 4) passes at the ref" + describe());
    assertEquals(List.of(), sftRows("write-test", "Calc.sum"));

    List<JsonNode> rejected = rejected();
    assertEquals(3, rejected.size(), rejected.toString());
    for (JsonNode r : rejected) {
      String task = record(r).get("task").asText();
      String detail = r.get("detail").asText();
      if (task.equals("implement") && r.get("reason").asText().equals("fails_tests")) {
        assertTrue(detail.startsWith("fx.CalcTest#maxOfTwo()"), detail);
      } else if (task.equals("implement")) {
        assertEquals("does_not_compile", r.get("reason").asText());
        assertTrue(detail.contains("src/main/java/fx/Calc.java") && detail.contains("error: cannot find symbol"), detail);
      } else {
        assertEquals("write-test", task);
        assertEquals("fails_tests", r.get("reason").asText());
        assertTrue(detail.startsWith("fx.CalcTest#sumsValues_answer()"), detail);
      }
    }
  }

  @Test
  void aWrongImplementAnswerIsTheRejectedSideOfAPairWhoseChosenSideIsTheRealMethod() throws IOException {
    List<JsonNode> pairs = rows(out, "preference");
    List<JsonNode> implement = pairs.stream().filter(p -> p.at("/meta/task").asText().equals("implement")).toList();
    assertEquals(2, implement.size(), pairs.toString());
    for (JsonNode p : implement) {
      String chosen = p.at("/chosen/0/content").asText();
      String rejectedAnswer = p.at("/rejected/0/content").asText();
      assertTrue(rejectedAnswer.contains("return a;\n}") || rejectedAnswer.contains("return totl;"), rejectedAnswer);
      assertTrue(chosen.startsWith("It compares the values.\n\n```java\n"), chosen);
      assertTrue(chosen.contains("if (a >= b) {") || chosen.contains("total = total + v;"), chosen);
      assertEquals(p.at("/prompt/1/content").asText().isEmpty(), false);
      assertTrue(List.of("fails_tests", "does_not_compile").contains(p.at("/meta/rejected_by").asText()));
    }
  }

  @Test
  void aRerunAsksAndRunsNothingAgain() {
    int calls = server.chatRequests.get();
    String again = generate(tmp.resolve("again"), "--history", "0", "--verbose");
    assertEquals(calls, server.chatRequests.get());
    assertTrue(again.contains("0 answers checked"), again);
    assertFalse(again.contains("Exception"), again);
  }
}
