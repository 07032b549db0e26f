package dev.repotune.samples.quality;

import java.io.Serializable;

/**
 * Every threshold the quality stages use, in one place so a run's manifest can state them and a user can
 * see what "kept" meant. The defaults are the README's table; {@link #DEFAULT} is what {@code generate}
 * uses.
 *
 * @param minQuestionTokens a question shorter than this says too little to answer ("Why?")
 * @param maxQuestionTokens a longer question (a whole file pasted in) crowds out the answer in a 4k context
 * @param minAnswerTokens an answer shorter than this teaches nothing
 * @param maxAnswerTokens a longer answer is truncated by most trainers' cut-off and teaches a cut answer
 * @param copyContainment share of the answer's word 3-grams found in the question above which the answer
 *     only repeats the question
 * @param language {@code en} drops questions that are not English; {@code any} keeps every language
 * @param keepTrivialCode keep questions about getters, setters and one-line {@code toString}s
 * @param nearDuplicateJaccard estimated Jaccard similarity of word 5-grams at or above which two rows (or
 *     two CPT documents) are near-duplicates
 * @param bands LSH bands; {@code bands * rows} MinHash permutations
 * @param rows LSH rows per band
 */
public record FilterConfig(
    int minQuestionTokens,
    int maxQuestionTokens,
    int minAnswerTokens,
    int maxAnswerTokens,
    double copyContainment,
    String language,
    boolean keepTrivialCode,
    double nearDuplicateJaccard,
    int bands,
    int rows)
    implements Serializable {

  /**
   * 14 bands of 8 rows (112 permutations) over word 5-grams are datatrove's MinHash defaults (FineWeb);
   * the LSH S-curve's midpoint is (1/14)^(1/8) ~ 0.72, so pairs at Jaccard 0.8 become candidates 92% of
   * the time and pairs at 0.5 only 5%. Candidates are then kept only at an estimated Jaccard of 0.8 or
   * more (BigCode used 0.85 for The Stack; code copies with a renamed symbol sit just above 0.8).
   */
  public static final FilterConfig DEFAULT =
      new FilterConfig(4, 2048, 2, 3072, 0.9, "any", false, 0.8, 14, 8);

  public FilterConfig {
    if (minQuestionTokens < 0 || maxQuestionTokens < minQuestionTokens) {
      throw new IllegalArgumentException(
          "question token bounds must satisfy 0 <= min <= max, got " + minQuestionTokens + ".." + maxQuestionTokens);
    }
    if (minAnswerTokens < 0 || maxAnswerTokens < minAnswerTokens) {
      throw new IllegalArgumentException(
          "answer token bounds must satisfy 0 <= min <= max, got " + minAnswerTokens + ".." + maxAnswerTokens);
    }
    if (!(copyContainment > 0 && copyContainment <= 1)) {
      throw new IllegalArgumentException("copy containment must be in (0, 1], got " + copyContainment);
    }
    if (!"en".equals(language) && !"any".equals(language)) {
      throw new IllegalArgumentException("--language must be en or any, got " + language);
    }
    if (!(nearDuplicateJaccard > 0 && nearDuplicateJaccard <= 1)) {
      throw new IllegalArgumentException(
          "near-duplicate Jaccard must be in (0, 1], got " + nearDuplicateJaccard);
    }
    if (bands < 1 || rows < 1) {
      throw new IllegalArgumentException("LSH needs at least one band of one row, got " + bands + "x" + rows);
    }
  }

  public FilterConfig withLanguage(String language) {
    return new FilterConfig(
        minQuestionTokens, maxQuestionTokens, minAnswerTokens, maxAnswerTokens, copyContainment,
        language, keepTrivialCode, nearDuplicateJaccard, bands, rows);
  }

  public FilterConfig withKeepTrivialCode(boolean keep) {
    return new FilterConfig(
        minQuestionTokens, maxQuestionTokens, minAnswerTokens, maxAnswerTokens, copyContainment,
        language, keep, nearDuplicateJaccard, bands, rows);
  }

  public int permutations() {
    return bands * rows;
  }
}
