package dev.repotune.prompts;

import java.util.List;
import java.util.Map;

/**
 * One task's question templates and its answer. The answer is {@code answer}, preceded by a lead-in
 * chosen per variant from {@code leadGroup} and followed by a closing sentence chosen per variant from
 * {@code closeGroup}, when those are set: the facts ({@code answer}, code blocks, lists) are the same in
 * every variant and only the prose around them is reworded, so the variants teach the fact rather than
 * one wording of it. A template may name {@code extraVars} besides the subject's own.
 */
record Draft(
    List<String> questions,
    String questionTail,
    String leadGroup,
    String answer,
    String closeGroup,
    Map<String, String> extraVars) {
  Draft(List<String> questions, String questionTail, String leadGroup, String answer, Map<String, String> extraVars) {
    this(questions, questionTail, leadGroup, answer, null, extraVars);
  }

  /** The same question and wording around another fact (the exec teacher's implement answer with other code). */
  Draft withAnswer(String otherAnswer) {
    return new Draft(questions, questionTail, leadGroup, otherAnswer, closeGroup, extraVars);
  }

  static Draft fixed(List<String> questions, String answer) {
    return new Draft(questions, "", null, answer, Map.of());
  }

  static Draft fixed(List<String> questions, String questionTail, String answer) {
    return new Draft(questions, questionTail, null, answer, Map.of());
  }

  static Draft led(List<String> questions, String leadGroup, String answerAfterLead) {
    return new Draft(questions, "", leadGroup, answerAfterLead, Map.of());
  }

  /** An answer that is all phrasing: one template of {@code group}, rendered with {@code vars}. */
  static Draft phrased(List<String> questions, String group, Map<String, String> vars) {
    return new Draft(questions, "", group, "", vars);
  }
}
