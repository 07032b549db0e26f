package dev.repotune.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.repotune.extractors.index.IndexedChunk;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The rules a teacher's reply passes before its pairs become rows, with no runner. */
class ReplyRulesTest {
  private static final IndexedChunk TO_JSON = Fixtures.toJson();
  private static final TeacherRequest REQUEST =
      new TeacherRequest("c-tojson", TaskKind.EXPLAIN, "v-explain", List.of(new ChatMessage("user", "Ask.")),
          new SamplingParams("fake-model", 0.2, 100, null));
  private static final ReplyRules RULES = new ReplyRules("fake-model", Set.of("JsonWriter"));

  private static ReplyRules.Verdict judge(String text, String finishReason) {
    return RULES.judge(TO_JSON, REQUEST, new TeacherResponse(text, new TeacherResponse.Usage(10, 20), finishReason, false));
  }

  private static String pairs(String... qa) {
    StringBuilder b = new StringBuilder("{\"pairs\":[");
    for (int i = 0; i < qa.length; i += 2) {
      b.append(i == 0 ? "" : ",").append("{\"question\":\"").append(qa[i]).append("\",\"answer\":\"").append(qa[i + 1]).append("\"}");
    }
    return b.append("]}").toString();
  }

  @Test
  void givenGroundedAndUngroundedPairs_thenKeepsTheGroundedOnceAndReportsTheOthers() {
    ReplyRules.Verdict v =
        judge(pairs("What does it return?", "`toJson` returns the `String` of `writer`.",
            "What does it return?", "A repeated question counts once: `toJson`.",
            "What does it call?", "It calls `Frobnicator.spin()`.",
            "Where is it written?", "Through `JsonWriter`, a name the repository declares.",
            "Why?", "Because it is useful."), "stop");
    assertEquals(
        List.of(
            new QaPair("c-tojson", TaskKind.EXPLAIN, "What does it return?", "`toJson` returns the `String` of `writer`.",
                "fake-model", "v-explain"),
            new QaPair("c-tojson", TaskKind.EXPLAIN, "Where is it written?",
                "Through `JsonWriter`, a name the repository declares.", "fake-model", "v-explain")),
        v.kept());
    assertEquals(2, v.ungrounded().size());
    assertEquals("names nothing in the chunk or the repository: `Frobnicator.spin()`", v.ungrounded().get(0).detail());
    assertEquals("cites no identifier in backticks and holds no code", v.ungrounded().get(1).detail());
    assertEquals("Why?", v.ungrounded().get(1).question());
    assertNull(v.problem());
  }

  @Test
  void givenNoGroundedPair_thenUngroundedWithTheUnknownSpansSorted() {
    ReplyRules.Verdict v = judge(pairs("A?", "See `Zeta` and `Alpha`.", "B?", "See `Alpha`."), "stop");
    assertEquals(List.of(), v.kept());
    assertEquals(2, v.ungrounded().size());
    assertEquals(new ReplyRules.Problem("ungrounded", "no answer was grounded; unknown: `Alpha`, `Zeta`"), v.problem());
  }

  @Test
  void givenCutOffDeclinedOrProse_thenTheProblemAndNoPairs() {
    assertEquals(
        new ReplyRules.Verdict(List.of(), List.of(), new ReplyRules.Problem("truncated",
            "the reply was cut off at 20 tokens (finish_reason: length)")),
        judge("{\"pairs\":[{\"question\":\"Why", "length"));
    assertEquals(new ReplyRules.Problem("refused", "the model declined: I can't help with that."),
        judge("I can't help   with that.", TeacherResponse.REFUSAL).problem());
    assertEquals("refused", judge(pairs("Q?", "`toJson`."), "content_filter").problem().reason());
    assertEquals(new ReplyRules.Problem("refused", "the model declined: I'm sorry, but no."),
        judge("I'm sorry, but no.", "stop").problem());
    assertEquals(new ReplyRules.Problem("unparseable", "no question/answer JSON in the reply: Sure! Gson is nice."),
        judge("Sure! Gson is nice.", "stop").problem());
  }

  @Test
  void givenTeacherErrors_thenTheirKindByTypeAndOneLine() {
    assertEquals("rate_limited: slow down",
        ReplyRules.describe(new TeacherQuotaException("slow\n   down ", Duration.ofSeconds(1))));
    assertEquals("server: HTTP 503 overloaded", ReplyRules.describe(new TeacherServerException("HTTP 503\n overloaded")));
    assertEquals("timeout: no reply", ReplyRules.describe(new TeacherTimeoutException("no reply", null)));
    assertEquals("auth: HTTP 401", ReplyRules.describe(new TeacherAuthException("HTTP 401")));
    assertEquals("bad_reply: not JSON", ReplyRules.describe(new TeacherReplyException("not JSON")));
  }

  @Test
  void givenAChunk_thenItsDeclaredNames() {
    Set<String> names = new TreeSet<>();
    Grounding.addDeclaredNames(names, TO_JSON.chunk());
    assertEquals(new TreeSet<>(List.of("Gson", "Object", "toJson", "java")), names);
  }
}
