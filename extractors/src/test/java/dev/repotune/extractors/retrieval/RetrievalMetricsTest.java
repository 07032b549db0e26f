package dev.repotune.extractors.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.repotune.extractors.retrieval.RetrievalMetrics.Scores;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetrievalMetricsTest {
  private static final double EPS = 1e-12;

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  @Test
  void relevantAtRankTwo() {
    Scores s = RetrievalMetrics.score(Map.of("q", Set.of("d1")), Map.of("q", List.of("d0", "d1", "d2")));
    assertEquals(1, s.queries());
    assertEquals(0.0, s.recallAt1(), EPS);
    assertEquals(1.0, s.recallAt5(), EPS);
    assertEquals(1.0, s.recallAt10(), EPS);
    assertEquals(0.5, s.mrrAt10(), EPS);
    assertEquals(1 / log2(3), s.ndcgAt10(), EPS);
  }

  @Test
  void twoRelevantTheIdealRankingFromTheQrels() {
    // a at 1, b at 3: DCG = 1 + 1/log2(4); the ideal puts both first: 1 + 1/log2(3).
    Scores s = RetrievalMetrics.score(Map.of("q", Set.of("a", "b")), Map.of("q", List.of("a", "x", "b")));
    assertEquals(0.5, s.recallAt1(), EPS);
    assertEquals(1.0, s.recallAt5(), EPS);
    assertEquals(1.0, s.mrrAt10(), EPS);
    assertEquals((1 + 1 / log2(4)) / (1 + 1 / log2(3)), s.ndcgAt10(), EPS);
  }

  @Test
  void cutoffsAtFiveAndTen() {
    List<String> sixth = List.of("n1", "n2", "n3", "n4", "n5", "rel");
    Scores s = RetrievalMetrics.score(Map.of("q", Set.of("rel")), Map.of("q", sixth));
    assertEquals(0.0, s.recallAt5(), EPS);
    assertEquals(1.0, s.recallAt10(), EPS);
    assertEquals(1.0 / 6, s.mrrAt10(), EPS);
    assertEquals(1 / log2(7), s.ndcgAt10(), EPS);

    List<String> eleventh = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      eleventh.add("n" + i);
    }
    eleventh.add("rel");
    Scores late = RetrievalMetrics.score(Map.of("q", Set.of("rel")), Map.of("q", eleventh));
    assertEquals(new Scores(1, 0, 0, 0, 0, 0), late);
  }

  @Test
  void moreRelevantThanTheCutoff() {
    Set<String> relevant = new LinkedHashSet<>();
    for (int i = 0; i < 12; i++) {
      relevant.add("r" + i);
    }
    Scores s = RetrievalMetrics.score(Map.of("q", relevant), Map.of("q", List.copyOf(relevant)));
    assertEquals(1.0 / 12, s.recallAt1(), EPS);
    assertEquals(10.0 / 12, s.recallAt10(), EPS);
    assertEquals(1.0, s.ndcgAt10(), EPS); // the ideal DCG stops at 10 too
  }

  @Test
  void averagedOverJudgedQueriesAMissingAnswerCountsZero() {
    Scores s =
        RetrievalMetrics.score(
            Map.of("q1", Set.of("a"), "q2", Set.of("b"), "unjudged", Set.of()),
            Map.of("q1", List.of("a"), "unjudged", List.of("a")));
    assertEquals(2, s.queries());
    assertEquals(0.5, s.recallAt1(), EPS);
    assertEquals(0.5, s.mrrAt10(), EPS);
    assertEquals(0.5, s.ndcgAt10(), EPS);
  }

  @Test
  void aRepeatedIdCountsAtItsFirstRankOnly() {
    Scores s = RetrievalMetrics.score(Map.of("q", Set.of("a")), Map.of("q", List.of("x", "x", "a")));
    assertEquals(0.5, s.mrrAt10(), EPS);
    assertEquals(1 / log2(3), s.ndcgAt10(), EPS);
  }

  @Test
  void noJudgedQueries() {
    assertEquals(new Scores(0, 0, 0, 0, 0, 0), RetrievalMetrics.score(Map.of(), Map.of("q", List.of("a"))));
  }
}
