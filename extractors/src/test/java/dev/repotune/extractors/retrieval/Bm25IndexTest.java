package dev.repotune.extractors.retrieval;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.Chunk;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class Bm25IndexTest {
  private final List<Chunk> chunks = RetrievalFixture.chunks();

  private String id(String symbol) {
    return RetrievalFixture.bySymbol(chunks, symbol).id();
  }

  private String symbolOf(String id) {
    return chunks.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().symbol();
  }

  @Test
  void theFixtureIsAboutTenChunks() {
    assertTrue(chunks.size() >= 10, chunks.stream().map(Chunk::symbol).toList().toString());
  }

  @Test
  void aQuestionNamingAMethodFindsItsChunkFirst() {
    try (Bm25Index index = Bm25Index.build(RetrievalFixture.docs())) {
      List<Hit> hits = index.search("What does `Element.selectXpath(String, Class)` return?", 5);
      assertEquals(id("Element.selectXpath(String, Class)"), hits.get(0).id());
      assertEquals(1, hits.get(0).rank());

      assertEquals(
          id("HttpConnection.timeout(int)"),
          index.search("How do I set the timeout of an HttpConnection?", 3).get(0).id());
      assertEquals(
          id("Element.normalName()"),
          index.search("Which method gives the normal name of an element?", 3).get(0).id());
    }
  }

  @Test
  void identifiersMatchWholeAndByTheirParts() {
    CodeAnalyzer analyzer = new CodeAnalyzer();
    assertEquals(
        List.of("httpconnection", "http", "connection", "keyval", "key", "val"),
        analyzer.terms("HttpConnection.KeyVal"));
    assertEquals(List.of("max_value", "max", "value"), analyzer.terms("MAX_VALUE"));
    assertEquals(List.of("isempty", "empty"), analyzer.terms("isEmpty"));
    assertEquals(List.of(), analyzer.terms("What does the public static void return? Is it final?"));
    assertEquals(List.of("element"), analyzer.terms("Element's"));
    assertEquals(List.of("throws", "null"), analyzer.terms("throws null"));

    try (Bm25Index index = Bm25Index.build(RetrievalFixture.docs())) {
      for (String q : List.of("keyval", "key val", "KeyVal")) {
        String top = symbolOf(index.search(q, 1).get(0).id());
        assertTrue(top.contains("KeyVal"), q + " -> " + top);
      }
      // A part alone: "xpath" is only inside selectXpath and XpathSelector.
      assertEquals(id("Element.selectXpath(String, Class)"), index.search("xpath", 1).get(0).id());
      // The whole identifier: HttpConnection's chunks come before Element's.
      Set<String> connection =
          chunks.stream()
              .filter(c -> c.path().equals(RetrievalFixture.CONNECTION_PATH))
              .map(Chunk::id)
              .collect(Collectors.toSet());
      assertTrue(connection.contains(index.search("HttpConnection", 1).get(0).id()));
    }
  }

  @Test
  void querySyntaxIsPlainText() {
    try (Bm25Index index = Bm25Index.build(RetrievalFixture.docs())) {
      for (String q :
          List.of(
              "", "   ", "\"", "(", ")", "*", "?", "\\", "~", "^", "/", "!", "+-&&||", "[a TO b}",
              "{*:*}", "timeout:", "AND OR NOT", "field:\"unbalanced", "/regex[/", "a^-1", "x~-3",
              "List<Map<String, ?>>", "\u0000\uffff", "a\\")) {
        assertDoesNotThrow(() -> index.search(q, 5), q);
      }
      assertEquals(
          id("HttpConnection.timeout(int)"),
          index.search("timeout:(millis)^2 AND \"forever~ [0 TO *]", 1).get(0).id());
      assertEquals(List.of(), index.search("AND OR NOT the of", 5)); // stop words only: nothing to score
    }
  }

  @Test
  void aQueryPastLucenesClauseLimitDoesNotThrow() {
    String huge =
        IntStream.range(0, 5000).mapToObj(i -> "word" + Integer.toString(i, 26).replaceAll("\\d", "q") + "x")
            .collect(Collectors.joining(" "))
            + " timeout";
    try (Bm25Index index = Bm25Index.build(RetrievalFixture.docs())) {
      assertDoesNotThrow(() -> index.search(huge, 3));
    }
  }

  @Test
  void tiesGoToTheLowerIdAlsoAtTheCut() {
    List<Doc> same = new ArrayList<>();
    for (String id : List.of("c", "a", "d", "b")) {
      same.add(new Doc(id, "", "alpha beta"));
    }
    same.add(new Doc("e", "", "gamma"));
    try (Bm25Index index = Bm25Index.build(same)) {
      List<Hit> all = index.search("alpha", 10);
      assertEquals(List.of("a", "b", "c", "d"), all.stream().map(Hit::id).toList());
      assertEquals(List.of(1, 2, 3, 4), all.stream().map(Hit::rank).toList());
      assertEquals(all.get(0).score(), all.get(3).score());
      assertTrue(all.get(0).score() > 0);
      assertEquals(List.of("a", "b"), index.search("alpha", 2).stream().map(Hit::id).toList());
    }
  }

  @Test
  void theSameCorpusInAnyOrderGivesTheSameHits() {
    List<Doc> docs = new ArrayList<>(RetrievalFixture.docs());
    List<Hit> first;
    try (Bm25Index index = Bm25Index.build(docs)) {
      first = index.search("toString of a connection's headers", 20);
    }
    Collections.shuffle(docs, new Random(7));
    try (Bm25Index index = Bm25Index.build(docs)) {
      assertEquals(first, index.search("toString of a connection's headers", 20));
    }
    assertFalse(first.isEmpty());
  }

  @Test
  void limitsAndBadInput() {
    try (Bm25Index index = Bm25Index.build(RetrievalFixture.docs())) {
      assertEquals(chunks.size(), index.size());
      assertEquals(List.of(), index.search("timeout", 0));
      assertThrows(IllegalArgumentException.class, () -> index.search("timeout", -1));
      List<Hit> many = index.search("string", 1000);
      assertTrue(many.size() <= chunks.size());
      assertEquals(many.size(), many.stream().map(Hit::id).distinct().count());
    }
    try (Bm25Index empty = Bm25Index.build(List.of())) {
      assertEquals(List.of(), empty.search("timeout", 5));
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> Bm25Index.build(List.of(new Doc("x", "", "a"), new Doc("x", "", "b"))));
  }

  @Test
  void theBaselineScoresQuestionsAboutTheFixture() {
    Map<String, String> queries =
        Map.of(
            "q1", "What does `Element.selectXpath(String, Class)` return?",
            "q2", "How do I set the timeout of an HttpConnection?",
            "q3", "How is a KeyVal pair created?");
    Map<String, Set<String>> qrels =
        Map.of(
            "q1", Set.of(id("Element.selectXpath(String, Class)")),
            "q2", Set.of(id("HttpConnection.timeout(int)")),
            "q3", Set.of(id("HttpConnection.KeyVal.create(String, String)")));
    try (Bm25Index index = Bm25Index.build(RetrievalFixture.docs())) {
      Map<String, List<String>> run = index.run(queries, 10);
      assertEquals(Set.of("q1", "q2", "q3"), run.keySet());
      RetrievalMetrics.Scores s = RetrievalMetrics.score(qrels, run);
      assertEquals(3, s.queries());
      assertEquals(1.0, s.recallAt10(), 1e-12);
      assertTrue(s.mrrAt10() >= 2.0 / 3, s.toString());
    }
  }
}
