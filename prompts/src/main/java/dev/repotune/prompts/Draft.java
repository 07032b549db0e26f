package dev.repotune.prompts;

import java.util.List;
import java.util.Map;

/**
 * One task's question templates and its answer: {@code answer} is either the whole answer or, when
 * {@code leadGroup} is set, what follows a lead-in sentence chosen per variant.
 */
record Draft(
    List<String> questions, String questionTail, String leadGroup, String answer, Map<String, String> extraVars) {
  static Draft fixed(List<String> questions, String answer) {
    return new Draft(questions, "", null, answer, Map.of());
  }

  static Draft fixed(List<String> questions, String questionTail, String answer) {
    return new Draft(questions, questionTail, null, answer, Map.of());
  }

  static Draft led(List<String> questions, String leadGroup, String answerAfterLead) {
    return new Draft(questions, "", leadGroup, answerAfterLead, Map.of());
  }
}
