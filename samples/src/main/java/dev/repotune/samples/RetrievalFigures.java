package dev.repotune.samples;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The BM25 baseline's scores from the run's tallies. The retrieval stage tallies additive sums per
 * repository (queries, hits at 1/5/10, reciprocal ranks and nDCG@10 times 10^6), so several repositories,
 * workers and bundles combine by adding; this divides them once. Every query has exactly one relevant
 * chunk, so recall@k is the share of queries whose answer is in the top k.
 *
 * <p>The keys start with {@code retrieval.}, not with an output folder's name: {@code validate} reads
 * every count under {@code <folder>.} as a shard count.
 */
public record RetrievalFigures(
    long queries, double recallAt1, double recallAt5, double recallAt10, double mrrAt10, double ndcgAt10) {
  public static final String PREFIX = "retrieval.bm25.";
  public static final String QUERIES = PREFIX + "queries";
  public static final String HITS_AT_1 = PREFIX + "hits_at_1";
  public static final String HITS_AT_5 = PREFIX + "hits_at_5";
  public static final String HITS_AT_10 = PREFIX + "hits_at_10";
  public static final String RR_AT_10_MICROS = PREFIX + "rr_at_10_micros";
  public static final String NDCG_AT_10_MICROS = PREFIX + "ndcg_at_10_micros";

  /** How a per-query score in [0, 1] is kept in a long tally: times 10^6, rounded. */
  public static final double MICROS = 1_000_000.0;

  /** The scores of {@code counts} (the run's tallies or the manifest's flat counts); all 0 without queries. */
  public static RetrievalFigures of(Map<String, Long> counts) {
    long n = counts.getOrDefault(QUERIES, 0L);
    if (n <= 0) {
      return new RetrievalFigures(0, 0, 0, 0, 0, 0);
    }
    double q = n;
    return new RetrievalFigures(n,
        counts.getOrDefault(HITS_AT_1, 0L) / q,
        counts.getOrDefault(HITS_AT_5, 0L) / q,
        counts.getOrDefault(HITS_AT_10, 0L) / q,
        counts.getOrDefault(RR_AT_10_MICROS, 0L) / MICROS / q,
        counts.getOrDefault(NDCG_AT_10_MICROS, 0L) / MICROS / q);
  }

  /** A per-query score as its tally: {@code round(score * 10^6)}. */
  public static long micros(double score) {
    return Math.round(score * MICROS);
  }

  /** The scores by name, rounded to 4 places, for the manifest ({@code "bm25": {"recall_at_1": ...}}). */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("queries", queries);
    m.put("recall_at_1", round(recallAt1));
    m.put("recall_at_5", round(recallAt5));
    m.put("recall_at_10", round(recallAt10));
    m.put("mrr_at_10", round(mrrAt10));
    m.put("ndcg_at_10", round(ndcgAt10));
    return m;
  }

  /** The closing summary's line. */
  public String line() {
    return String.format(java.util.Locale.ROOT,
        "bm25     %,d test queries: recall@1 %.3f, recall@5 %.3f, recall@10 %.3f, MRR@10 %.3f, nDCG@10 %.3f",
        queries, recallAt1, recallAt5, recallAt10, mrrAt10, ndcgAt10);
  }

  private static double round(double x) {
    return Math.round(x * 10_000) / 10_000.0;
  }
}
