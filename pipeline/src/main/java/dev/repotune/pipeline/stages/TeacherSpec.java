package dev.repotune.pipeline.stages;

import dev.repotune.prompts.OpenAiTeacher;
import dev.repotune.prompts.PriceTable;
import dev.repotune.prompts.RetryPolicy;
import java.io.Serializable;
import java.util.Objects;

/**
 * How AskTeacher's LLM path calls its teacher: the endpoint (its key stays in the environment), where
 * replies are cached (any Beam path: a folder or a bucket), how many pairs to ask per chunk, the
 * sampling settings, how many calls may be in flight per worker, the budget and its prices, the retry
 * policy, and whether to only estimate ({@code --dry-run}).
 */
public record TeacherSpec(
    OpenAiTeacher.Endpoint endpoint,
    String responseCacheDir,
    int pairsPerChunk,
    double temperature,
    int maxTokens,
    int concurrency,
    double budgetUsd,
    PriceTable prices,
    RetryPolicy retry,
    boolean dryRun)
    implements Serializable {
  public TeacherSpec {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(responseCacheDir, "responseCacheDir");
    if (pairsPerChunk < 1) {
      throw new IllegalArgumentException("pairs per chunk must be at least 1, got " + pairsPerChunk);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
    }
    if (budgetUsd < 0) {
      throw new IllegalArgumentException("--budget-usd must be 0 (no limit) or more, got " + budgetUsd);
    }
    prices = prices == null ? PriceTable.defaults() : prices;
    retry = retry == null ? RetryPolicy.defaults() : retry;
  }

  /** Defaults: 3 pairs, temperature 0.2, 1,500 reply tokens, 8 in flight, no budget, default prices. */
  /** Question/answer pairs asked per chunk unless set ({@code --pairs}'s default). */
  public static final int DEFAULT_PAIRS = 3;
  /** Token cap of one reply unless set ({@code --max-tokens}'s default). */
  public static final int DEFAULT_MAX_TOKENS = 1500;
  /** Calls in flight unless set ({@code --concurrency}'s default). */
  public static final int DEFAULT_CONCURRENCY = 8;

  public static TeacherSpec of(OpenAiTeacher.Endpoint endpoint, String responseCacheDir) {
    return new TeacherSpec(
        endpoint, responseCacheDir, DEFAULT_PAIRS, 0.2, DEFAULT_MAX_TOKENS, DEFAULT_CONCURRENCY, 0.0, null, null, false);
  }

  public TeacherSpec withConcurrency(int n) {
    return new TeacherSpec(endpoint, responseCacheDir, pairsPerChunk, temperature, maxTokens, n, budgetUsd, prices, retry, dryRun);
  }

  public TeacherSpec withBudgetUsd(double usd) {
    return new TeacherSpec(endpoint, responseCacheDir, pairsPerChunk, temperature, maxTokens, concurrency, usd, prices, retry, dryRun);
  }

  public TeacherSpec withPrices(PriceTable p) {
    return new TeacherSpec(endpoint, responseCacheDir, pairsPerChunk, temperature, maxTokens, concurrency, budgetUsd, p, retry, dryRun);
  }

  public TeacherSpec withRetry(RetryPolicy r) {
    return new TeacherSpec(endpoint, responseCacheDir, pairsPerChunk, temperature, maxTokens, concurrency, budgetUsd, prices, r, dryRun);
  }

  public TeacherSpec withPairsPerChunk(int k) {
    return new TeacherSpec(endpoint, responseCacheDir, k, temperature, maxTokens, concurrency, budgetUsd, prices, retry, dryRun);
  }

  public TeacherSpec withMaxTokens(int n) {
    return new TeacherSpec(endpoint, responseCacheDir, pairsPerChunk, temperature, n, concurrency, budgetUsd, prices, retry, dryRun);
  }

  public TeacherSpec withDryRun(boolean d) {
    return new TeacherSpec(endpoint, responseCacheDir, pairsPerChunk, temperature, maxTokens, concurrency, budgetUsd, prices, retry, d);
  }
}
