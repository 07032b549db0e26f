package dev.repotune.extractors.retrieval;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scores a retriever is compared by, with binary relevance (every qrels id has grade 1), as BEIR
 * reports them: BEIR's {@code EvaluateRetrieval.evaluate} takes nDCG@k and recall@k from pytrec_eval
 * (trec_eval's {@code ndcg_cut} and {@code recall} measures) and MRR@k from its own {@code
 * custom_metrics.mrr} (https://github.com/beir-cellar/beir, {@code beir/retrieval/evaluation.py} and
 * {@code custom_metrics.py}; https://github.com/usnistgov/trec_eval, {@code m_ndcg_cut.c}, {@code
 * m_recall.c}). Per query, with R the relevant ids and the run's first k ids:
 *
 * <ul>
 *   <li>recall@k = |R ∩ top k| / |R| (trec_eval {@code recall.k}).
 *   <li>MRR@k = 1 / rank of the first relevant id in the top k, 0 if none (BEIR {@code mrr}).
 *   <li>nDCG@k = DCG@k / IDCG@k, DCG@k = Σ over ranks i ≤ k of rel(i) / log2(i + 1), IDCG@k the DCG of
 *       the ideal ranking from the qrels, min(|R|, k) relevant ids first (trec_eval {@code ndcg_cut.k}:
 *       Järvelin and Kekäläinen's nDCG, gains from the qrels).
 * </ul>
 *
 * <p>Each is averaged over the queries of the qrels that have at least one relevant id. A query the run
 * does not answer counts 0 (trec_eval's {@code -c}): pytrec_eval, and so BEIR's nDCG and recall, would
 * average only over the queries the run holds, which would let a retriever gain by answering fewer.
 * BEIR's MRR already divides by all qrels queries. A run's repeated id counts at its first rank only
 * (trec_eval refuses a run with repeats).
 */
public final class RetrievalMetrics {
  private RetrievalMetrics() {}

  /** Scores averaged over {@code queries} judged queries; all 0 when there are none. */
  public record Scores(
      int queries, double recallAt1, double recallAt5, double recallAt10, double mrrAt10, double ndcgAt10) {}

  /**
   * The averaged scores of {@code run} (query id → ids, best first) against {@code qrels} (query id → the
   * relevant ids).
   */
  public static Scores score(
      Map<String, ? extends Set<String>> qrels, Map<String, ? extends List<String>> run) {
    int n = 0;
    double r1 = 0;
    double r5 = 0;
    double r10 = 0;
    double mrr = 0;
    double ndcg = 0;
    for (Map.Entry<String, ? extends Set<String>> q : qrels.entrySet()) {
      Set<String> relevant = q.getValue();
      if (relevant == null || relevant.isEmpty()) {
        continue;
      }
      n++;
      List<String> answered = run.get(q.getKey());
      List<String> ranked = answered == null ? List.of() : distinct(answered);
      r1 += recallAt(relevant, ranked, 1);
      r5 += recallAt(relevant, ranked, 5);
      r10 += recallAt(relevant, ranked, 10);
      mrr += reciprocalRankAt(relevant, ranked, 10);
      ndcg += ndcgAt(relevant, ranked, 10);
    }
    if (n == 0) {
      return new Scores(0, 0, 0, 0, 0, 0);
    }
    return new Scores(n, r1 / n, r5 / n, r10 / n, mrr / n, ndcg / n);
  }

  /** |R ∩ top k| / |R|. */
  public static double recallAt(Set<String> relevant, List<String> ranked, int k) {
    List<String> top = distinct(ranked);
    int found = 0;
    for (int i = 0; i < Math.min(k, top.size()); i++) {
      if (relevant.contains(top.get(i))) {
        found++;
      }
    }
    return relevant.isEmpty() ? 0 : (double) found / relevant.size();
  }

  /** 1 / the 1-based rank of the first relevant id within the top k, else 0. */
  public static double reciprocalRankAt(Set<String> relevant, List<String> ranked, int k) {
    List<String> top = distinct(ranked);
    for (int i = 0; i < Math.min(k, top.size()); i++) {
      if (relevant.contains(top.get(i))) {
        return 1.0 / (i + 1);
      }
    }
    return 0;
  }

  /** Binary-gain nDCG@k with the log2(rank + 1) discount, the ideal ranking from the qrels. */
  public static double ndcgAt(Set<String> relevant, List<String> ranked, int k) {
    List<String> top = distinct(ranked);
    double dcg = 0;
    for (int i = 0; i < Math.min(k, top.size()); i++) {
      if (relevant.contains(top.get(i))) {
        dcg += discount(i + 1);
      }
    }
    double ideal = 0;
    for (int i = 0; i < Math.min(k, relevant.size()); i++) {
      ideal += discount(i + 1);
    }
    return ideal == 0 ? 0 : dcg / ideal;
  }

  private static double discount(int rank) {
    return 1.0 / (Math.log(rank + 1) / Math.log(2));
  }

  private static List<String> distinct(List<String> ranked) {
    return List.copyOf(new LinkedHashSet<>(ranked));
  }
}
