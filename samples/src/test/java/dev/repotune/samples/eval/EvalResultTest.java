package dev.repotune.samples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalResultTest {
  /** Questions of four kinds (one outside the task catalogue), answered by A and, when asked, by B. */
  static List<QuestionResult> questions(boolean withB) {
    List<QuestionResult> qs = new ArrayList<>();
    qs.add(QuestionResult.score("q-fim-1", "fim", "<prefix>…<suffix>", "return a + b;", "return a + b;",
        withB ? "return a - b;" : null));
    qs.add(QuestionResult.score("q-callers-1", "callers", "Which methods call `Gson.toJson(Object)`?",
        MetricTest.CALLERS_REFERENCE, "- `TypeAdapter.toJson(T)`", withB ? "- `Foo.bar()`" : null));
    qs.add(QuestionResult.score("q-explain-1", "explain", "What does `Gson.toJson(Object)` do?",
        "From the Javadoc of `Gson.toJson(Object)`:\n\nSerializes the object.", "Serializes the object.",
        withB ? "It parses JSON." : null));
    qs.add(QuestionResult.score("q-explain-2", "explain", "What does `Gson.fromJson(String)` do?",
        "Deserializes the JSON.", "<script>alert('x')</script> & more",
        withB ? "Deserializes the JSON." : null));
    qs.add(QuestionResult.score("q-locate-1", "locate", "Where is `Gson.toJson(Object)` defined?",
        MetricTest.LOCATE_MEMBER, "gson/src/main/java/com/google/gson/Gson.java, class Gson",
        withB ? "No idea." : null));
    return qs;
  }

  static EvalResult result(boolean withB) {
    return EvalResult.of("out/gson", "model-a", withB ? "model-b" : null, questions(withB), new PairedBootstrap());
  }

  @Test
  void questionsAreScoredWithTheirTasksMetric() {
    List<QuestionResult> qs = questions(true);
    assertEquals("code", qs.get(0).metric());
    assertEquals(1.0, qs.get(0).scoreA());
    assertEquals(1.0 - 1.0 / 13, qs.get(0).scoreB(), 1e-12);
    assertEquals("identifier-set", qs.get(1).metric());
    assertEquals(0.25, qs.get(1).partsA().get("recall"));
    assertEquals("prose", qs.get(2).metric());
    assertEquals(1.0, qs.get(2).scoreA()); // the lead-in is the template's, not the fact
    assertEquals("location", qs.get(4).metric());
    assertEquals(1.0, qs.get(4).scoreA());
    assertEquals(0.0, qs.get(4).scoreB());
  }

  @Test
  void kindsInCatalogueOrderThenOthersWithPairedSummaries() {
    EvalResult r = result(true);
    assertEquals(List.of("explain", "locate", "callers", "fim"), r.kinds().stream().map(KindSummary::task).toList());
    KindSummary explain = r.kinds().get(0);
    assertEquals(2, explain.n());
    double a = (qsScore(r, "q-explain-1", true) + qsScore(r, "q-explain-2", true)) / 2;
    double b = (qsScore(r, "q-explain-1", false) + qsScore(r, "q-explain-2", false)) / 2;
    assertEquals(a, explain.meanA(), 1e-12);
    assertEquals(b, explain.meanB(), 1e-12);
    assertEquals(a - b, explain.difference().estimate(), 1e-12);
    assertEquals("prose", explain.metric());
    assertTrue(explain.partsA().containsKey("token_f1"));
    KindSummary all = r.overall();
    assertEquals(EvalResult.ALL, all.task());
    assertNull(all.metric());
    assertEquals(5, all.n());
    assertEquals(r.questions().stream().mapToDouble(QuestionResult::scoreA).average().orElseThrow(), all.meanA(), 1e-12);
    assertEquals(PairedBootstrap.DEFAULT_RESAMPLES, r.resamples());
  }

  private static double qsScore(EvalResult r, String id, boolean a) {
    QuestionResult q = r.questions().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
    return a ? q.scoreA() : q.scoreB();
  }

  @Test
  void evalJsonRoundTripsWithStableKeyOrder(@TempDir Path dir) throws Exception {
    for (boolean withB : new boolean[] {false, true}) {
      EvalResult r = result(withB);
      String json = r.toJson();
      assertEquals(r, EvalResult.fromJson(json));
      assertEquals(json, EvalResult.fromJson(json).toJson());
      assertEquals(json, result(withB).toJson()); // the same questions give the same bytes
      Path file = dir.resolve(withB + "-" + EvalResult.FILE);
      r.write(file);
      assertEquals(r, EvalResult.read(file));
      assertTrue(json.startsWith("{\n  \"dataset\" : \"out/gson\",\n  \"model_a\" : \"model-a\",\n"), json);
      assertTrue(json.endsWith("}\n") && !json.contains("\r"));
      int overall = json.indexOf("\"overall\"");
      int kinds = json.indexOf("\"kinds\"");
      int questions = json.indexOf("\"questions\"");
      assertTrue(json.indexOf("\"seed\"") < overall && overall < kinds && kinds < questions, json);
      // a question's keys in the record's order, a metric's parts in the metric's
      int id = json.indexOf("\"id\" : \"q-callers-1\"");
      assertTrue(id < json.indexOf("\"reference\"", id) && json.indexOf("\"reference\"", id) < json.indexOf("\"answer_a\"", id)
          && json.indexOf("\"answer_a\"", id) < json.indexOf("\"score_a\"", id), json);
      assertTrue(json.indexOf("\"precision\"", id) < json.indexOf("\"recall\"", id)
          && json.indexOf("\"recall\"", id) < json.indexOf("\"path_f1\"", id));
      assertEquals(withB, json.contains("\"model_b\""));
      assertEquals(withB, json.contains("\"difference\""));
      assertEquals(withB, json.contains("\"answer_b\""));
    }
  }

  @Test
  void aSecondModelNeedsEveryAnswerAndNoneWithout() {
    assertThrows(IllegalArgumentException.class,
        () -> EvalResult.of("d", "a", "b", questions(false), new PairedBootstrap()));
    assertThrows(IllegalArgumentException.class,
        () -> EvalResult.of("d", "a", null, questions(true), new PairedBootstrap()));
    EvalResult empty = EvalResult.of("d", "a", null, List.of(), new PairedBootstrap());
    assertEquals(0, empty.overall().n());
    assertTrue(empty.kinds().isEmpty());
    assertFalse(empty.compared());
    assertEquals(empty, EvalResult.fromJson(empty.toJson()));
  }
}
