package dev.repotune.extractors.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.CodeFacts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HardNegativesTest {
  private final List<Chunk> chunks = RetrievalFixture.chunks();

  private Chunk chunk(String symbol) {
    return RetrievalFixture.bySymbol(chunks, symbol);
  }

  private static Chunk copyOf(Chunk c, String id, String path) {
    return new Chunk(
        id, c.repo(), c.commit(), path, c.language(), c.kind(), c.symbol(), c.startLine(), c.endLine(),
        c.context(), c.text(), c.tokens(), c.facts());
  }

  private static HardNegatives over(List<Chunk> chunks, Bm25Index index) {
    return new HardNegatives(chunks, index);
  }

  private static Bm25Index indexOf(List<Chunk> chunks) {
    return Bm25Index.build(chunks.stream().map(Doc::of).distinct().toList());
  }

  private static List<String> symbols(List<Chunk> chunks) {
    return chunks.stream().map(Chunk::symbol).toList();
  }

  @Test
  void theAnswersFileFirstNearestFirst() {
    Chunk p = chunk("Element.selectXpath(String, Class)");
    try (Bm25Index index = indexOf(chunks)) {
      List<Chunk> negatives = over(chunks, index).pick("What does selectXpath return for a String key?", p, 10);
      // selectXpath starts at line 13: the constructor (9), the type (5), normalName (22), toString (27).
      assertEquals(
          List.of(
              "Element.Element(String)",
              "org.example.nodes.Element",
              "Element.normalName()",
              "Element.toString()"),
          symbols(negatives.subList(0, 4)));
      assertTrue(negatives.size() > 4, "then BM25 hits from the other file: " + symbols(negatives));
      negatives.subList(4, negatives.size())
          .forEach(c -> assertEquals(RetrievalFixture.CONNECTION_PATH, c.path()));
      assertEquals(2, over(chunks, index).pick("What does selectXpath return for a String key?", p, 2).size());
    }
  }

  @Test
  void theSameSimpleNameBeforeBm25Hits() {
    Chunk p = chunk("HttpConnection.toString()");
    try (Bm25Index index = indexOf(chunks)) {
      List<Chunk> negatives = over(chunks, index).pick("What does HttpConnection's toString show?", p, 7);
      // toString starts at line 26; header (11) and create (41) are both 15 lines away: by id.
      List<String> tied =
          Stream.of(
                  chunk("HttpConnection.header(String, String)"),
                  chunk("HttpConnection.KeyVal.create(String, String)"))
              .sorted((a, b) -> a.id().compareTo(b.id()))
              .map(Chunk::symbol)
              .toList();
      List<String> expected = new ArrayList<>();
      expected.add("org.example.http.HttpConnection.KeyVal");
      expected.add("HttpConnection.timeout(int)");
      expected.add("HttpConnection.KeyVal.KeyVal(String, String)");
      expected.addAll(tied);
      expected.add("org.example.http.HttpConnection");
      expected.add("Element.toString()");
      assertEquals(expected, symbols(negatives));
    }
  }

  @Test
  void bm25HitsByRankWhenTheAnswerHasNoNeighbours() {
    Chunk lonely =
        new Chunk(
            "lonely", "repo", "c0ffee", "docs/timeouts.md", "markdown", ChunkKind.DOC_SECTION, "Timeouts", 1, 3,
            "", "Set the timeout of a connection in milliseconds.", 12, CodeFacts.NONE);
    List<Chunk> all = new ArrayList<>(chunks);
    all.add(lonely);
    String query = "How do I set a connection timeout?";
    try (Bm25Index index = indexOf(all)) {
      List<String> expected =
          index.search(query, all.size()).stream().map(Hit::id).filter(id -> !id.equals("lonely")).limit(3).toList();
      assertEquals(3, expected.size());
      List<Chunk> negatives = over(all, index).pick(query, lonely, 3);
      assertEquals(expected, negatives.stream().map(Chunk::id).toList());
      // Asking for more than there are: every chunk sharing a word, once, never the answer.
      List<Chunk> most = over(all, index).pick(query, lonely, 100);
      assertEquals(index.search(query, 100).size() - 1, most.size());
    }
  }

  @Test
  void neverTheAnswerACopyOfItOrAnythingTwice() {
    Chunk p = chunk("Element.selectXpath(String, Class)");
    Chunk copy = copyOf(p, "copy-of-answer", "src/main/java/org/example/other/Copy.java");
    Chunk normal = chunk("Element.normalName()");
    Chunk copyOfNormal = copyOf(normal, "copy-of-normal", "src/main/java/org/example/other/Normal.java");
    List<Chunk> all = new ArrayList<>(chunks);
    all.add(copy);
    all.add(copyOfNormal);
    all.add(p); // the same chunk twice
    all.add(normal);
    try (Bm25Index index = indexOf(all)) {
      // The copy has the answer's words: BM25 ranks it first.
      assertEquals(
          Set.of(copy.id(), p.id()),
          index.search("selectXpath", 2).stream().map(Hit::id).collect(Collectors.toSet()));
      List<Chunk> negatives = over(all, index).pick("selectXpath xpath nodes", p, 100);
      List<String> ids = negatives.stream().map(Chunk::id).toList();
      assertFalse(ids.contains(p.id()));
      assertFalse(ids.contains(copy.id()));
      assertEquals(ids.size(), ids.stream().distinct().count());
      assertEquals(ids.size(), negatives.stream().map(Chunk::text).distinct().count());
      assertTrue(ids.contains(normal.id())); // same file, so it comes first and its copy is the one left out
      assertFalse(ids.contains(copyOfNormal.id()));
      assertTrue(negatives.stream().noneMatch(c -> c.text().equals(p.text())));
    }
  }

  @Test
  void theSameChunksInAnyOrderGiveTheSameNegatives() {
    Chunk p = chunk("HttpConnection.KeyVal.create(String, String)");
    List<Chunk> shuffled = new ArrayList<>(chunks);
    Collections.shuffle(shuffled, new Random(3));
    try (Bm25Index a = indexOf(chunks);
        Bm25Index b = indexOf(shuffled)) {
      List<Chunk> first = over(chunks, a).pick("How is a KeyVal made?", p, 20);
      assertEquals(first, over(shuffled, b).pick("How is a KeyVal made?", p, 20));
      assertEquals(List.of(), over(chunks, a).pick("How is a KeyVal made?", p, 0));
    }
  }
}
