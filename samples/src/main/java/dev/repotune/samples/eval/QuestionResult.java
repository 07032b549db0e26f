package dev.repotune.samples.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One held-out question, the answers of system A and (when comparing) system B, and their scores with
 * the metric's parts. {@code answerB}, {@code scoreB} and {@code partsB} are null when only A was asked.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "task", "metric", "question", "reference", "answer_a", "answer_b", "score_a", "score_b",
    "parts_a", "parts_b"})
public record QuestionResult(
    @JsonProperty("id") String id,
    @JsonProperty("task") String task,
    @JsonProperty("metric") String metric,
    @JsonProperty("question") String question,
    @JsonProperty("reference") String reference,
    @JsonProperty("answer_a") String answerA,
    @JsonProperty("answer_b") String answerB,
    @JsonProperty("score_a") double scoreA,
    @JsonProperty("score_b") Double scoreB,
    @JsonProperty("parts_a") Map<String, Double> partsA,
    @JsonProperty("parts_b") Map<String, Double> partsB) {
  public QuestionResult {
    partsA = partsA == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(partsA));
    partsB = partsB == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(partsB));
    if ((answerB == null) != (scoreB == null)) {
      throw new IllegalArgumentException("question " + id + ": a B answer needs a B score and the other way round");
    }
  }

  /**
   * The question scored with its task's metric ({@link Metric#scoreAnswer}); {@code answerB} null when
   * only one system is evaluated. A null answer (a call that failed) is scored as an empty one.
   */
  public static QuestionResult score(String id, String task, String question, String reference, String answerA,
      String answerB) {
    Scored a = Metric.scoreAnswer(task, reference, answerA);
    Scored b = answerB == null ? null : Metric.scoreAnswer(task, reference, answerB);
    return new QuestionResult(id, task, Metric.forTask(task).wireName(), question, reference,
        AnswerText.nullToEmpty(answerA), answerB, a.score(), b == null ? null : b.score(), a.parts(),
        b == null ? null : b.parts());
  }

  /**
   * The question with scores computed elsewhere: an {@link Metric#RL_TASK} answer is scored by running the
   * repository's tests ({@link Metric#TESTS_METRIC}), which no text metric can do.
   */
  public static QuestionResult scored(String id, String task, String metric, String question, String reference,
      String answerA, String answerB, Scored a, Scored b) {
    return new QuestionResult(id, task, metric, question, reference, AnswerText.nullToEmpty(answerA), answerB,
        a.score(), b == null ? null : b.score(), a.parts(), b == null ? null : b.parts());
  }

  /** Whether B was asked too. */
  public boolean compared() {
    return scoreB != null;
  }
}
