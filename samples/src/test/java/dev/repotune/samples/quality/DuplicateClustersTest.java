package dev.repotune.samples.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DuplicateClustersTest {
  private final MinHash minHash = MinHash.of(FilterConfig.DEFAULT);

  static final String BODY =
      """
      int total = 0;
      for (int i = 0; i < values.length; i++) {
        if (values[i] > limit) { total += values[i] * weight; } else { total -= values[i]; }
      }
      return clamp(total, minimum, maximum) + offset * scale - bias;
      """;

  DuplicateClusters.Item item(String id, String group, boolean train, String text) {
    return new DuplicateClusters.Item(id, group, "explain", train, MinHash.exactHash(text), minHash.signature(text));
  }

  @Test
  void givenSameText_thenSignatureAndSimilarityOne_andDifferentTextLow() {
    assertEquals(1.0, MinHash.similarity(minHash.signature(BODY), minHash.signature(BODY.replace("  ", "\t"))));
    double far = MinHash.similarity(
        minHash.signature(BODY),
        minHash.signature("Returns the number of elements in this list, counting duplicates once per copy."));
    assertTrue(far < 0.1, "unrelated texts estimated at " + far);
    assertEquals(112, minHash.signature(BODY).length);
  }

  @Test
  void givenRenamedCopy_thenNearDuplicateDropped_andDistinctKept() {
    List<DuplicateClusters.Item> items = new ArrayList<>();
    items.add(item("a", "ga", true, "Implement `Stats.weightedTotal(int[])`.\n" + BODY));
    items.add(item("b", "gb", true, "Implement `Stats.weightedSum(int[])`.\n" + BODY));
    items.add(item("c", "gc", true, "Implement `Stats.mean(int[])`.\nreturn sum(values) / (double) values.length;"));
    Map<String, DuplicateClusters.Drop> drops = DuplicateClusters.find(items, minHash, 0.8);
    assertEquals(List.of("b"), List.copyOf(drops.keySet()), drops.toString());
    DuplicateClusters.Drop b = drops.get("b");
    assertEquals("a", b.keptId());
    assertEquals("near_duplicate", b.reason());
    assertTrue(b.similarity() >= 0.8, b.toString());
  }

  @Test
  void givenParaphrasesOfOneFact_thenAllKept_butACopiedGroupGoesWhole() {
    String answer = "Returns the sum of both numbers, rounded to the configured scale of the calculator.";
    List<DuplicateClusters.Item> items = new ArrayList<>();
    items.add(item("a1", "chunkA/explain", true, "What does `add` do?\n" + answer));
    items.add(item("a2", "chunkA/explain", true, "Explain `add`.\n" + answer));
    items.add(item("a3", "chunkA/explain", true, "Describe what `add` does.\n" + answer));
    items.add(item("b1", "chunkB/explain", true, "What does `add` do?\n" + answer));
    items.add(item("b2", "chunkB/explain", true, "Explain `add`.\n" + answer));
    Map<String, DuplicateClusters.Drop> drops = DuplicateClusters.find(items, minHash, 0.8);
    assertEquals(List.of("b1", "b2"), List.copyOf(drops.keySet()), drops.toString());
    assertEquals("a1", drops.get("b1").keptId());
    assertEquals("exact_duplicate", drops.get("b1").reason());
    assertEquals("a2", drops.get("b2").keptId());
  }

  @Test
  void givenTestRowCopyingTrainRow_thenTestSideDropped_evenWithSmallerId() {
    List<DuplicateClusters.Item> items = new ArrayList<>();
    items.add(item("0test", "g1", false, "Implement `A.f()`.\n" + BODY));
    items.add(item("9train", "g2", true, "Implement `B.f()`.\n" + BODY));
    Map<String, DuplicateClusters.Drop> drops = DuplicateClusters.find(items, minHash, 0.8);
    assertEquals(List.of("0test"), List.copyOf(drops.keySet()));
    assertEquals("test_overlaps_train", drops.get("0test").reason());
    assertEquals("9train", drops.get("0test").keptId());
  }

  @Test
  void givenExactCopiesInsideAGroup_thenLaterDropped_andInputOrderIrrelevant() {
    List<DuplicateClusters.Item> items = new ArrayList<>();
    items.add(item("z", "g", true, "Same question?\nSame answer."));
    items.add(item("y", "g", true, "same   QUESTION?\nsame answer."));
    items.add(item("x", "h", true, "Nothing alike at all here, really different words"));
    Map<String, DuplicateClusters.Drop> forward = DuplicateClusters.find(items, minHash, 0.8);
    java.util.Collections.reverse(items);
    assertEquals(forward, DuplicateClusters.find(items, minHash, 0.8));
    assertEquals(List.of("z"), List.copyOf(forward.keySet()));
    assertEquals("y", forward.get("z").keptId());
  }

  @Test
  void givenSameWordsInAnotherScope_thenNotADuplicate() {
    String javadoc = "/** Adds every weighted value above the limit and clamps the total to the bounds. */";
    List<DuplicateClusters.Item> items = new ArrayList<>();
    String implement = "Implement this:\n" + javadoc + "\n" + BODY;
    String document = "Document this:\n" + BODY + "\n" + javadoc;
    items.add(new DuplicateClusters.Item("i", "chunk/implement", "implement", true, MinHash.exactHash(implement), minHash.signature(implement)));
    items.add(new DuplicateClusters.Item("d", "chunk/document", "document", true, MinHash.exactHash(document), minHash.signature(document)));
    double similarity = MinHash.similarity(items.get(0).signature(), items.get(1).signature());
    assertTrue(similarity >= 0.5, "the two texts share most 5-grams: " + similarity);
    assertEquals(Map.of(), DuplicateClusters.find(items, minHash, 0.5));
    // The control: the same two rows in one scope are duplicates at that threshold.
    List<DuplicateClusters.Item> sameScope =
        items.stream()
            .map(i -> new DuplicateClusters.Item(i.id(), i.group(), "implement", true, i.exactHash(), i.signature()))
            .toList();
    assertEquals(List.of("i"), List.copyOf(DuplicateClusters.find(sameScope, minHash, 0.5).keySet()));
  }

  @Test
  void givenOwnNames_thenMaskedAsWholeWordsOnly() {
    assertEquals(List.of("Stats", "weightedTotal"), MinHash.ownNames("Stats.weightedTotal(int[])"));
    assertEquals(List.of("Stats"), MinHash.ownNames("com.acme.stats.Stats"));
    assertEquals(List.of(), MinHash.ownNames("Usage notes"));
    assertEquals(
        "self0 s = new self0(); s.self1(); StatsCopy.weightedTotalX();",
        MinHash.maskNames(
            "Stats s = new Stats(); s.weightedTotal(); StatsCopy.weightedTotalX();", List.of("Stats", "weightedTotal")));
  }

  @Test
  void givenChainAtoBtoC_whereCIsNotLikeA_thenOnlyBDropped() {
    StringBuilder words = new StringBuilder();
    for (int i = 0; i < 240; i++) {
      words.append("w").append(i).append(' ');
    }
    String[] w = words.toString().trim().split(" ");
    String a = String.join(" ", java.util.Arrays.copyOfRange(w, 0, 200));
    String b = String.join(" ", java.util.Arrays.copyOfRange(w, 20, 220));
    String c = String.join(" ", java.util.Arrays.copyOfRange(w, 40, 240));
    List<DuplicateClusters.Item> items = List.of(item("a", "ga", true, a), item("b", "gb", true, b), item("c", "gc", true, c));
    assertTrue(MinHash.similarity(items.get(0).signature(), items.get(1).signature()) >= 0.75);
    assertTrue(MinHash.similarity(items.get(0).signature(), items.get(2).signature()) < 0.75);
    Map<String, DuplicateClusters.Drop> drops = DuplicateClusters.find(items, minHash, 0.75);
    assertEquals(List.of("b"), List.copyOf(drops.keySet()), drops.toString());
    assertEquals("a", drops.get("b").keptId());
  }

  @Test
  void givenChainOfCopies_thenOneClusterOneSurvivor() {
    List<DuplicateClusters.Item> items = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      items.add(item("r" + i, "g" + i, true, "// File: copy" + i + ".java\n" + BODY));
    }
    Map<String, DuplicateClusters.Drop> drops = DuplicateClusters.find(items, minHash, 0.8);
    assertEquals(5, drops.size());
    drops.values().forEach(d -> assertEquals("r0", d.keptId()));
  }

  /** A dropped variant may resemble the kept row less than its fact's closest variant did: both are reported. */
  @Test
  void givenAGroupDroppedThroughOneVariant_thenEachRowCarriesTheGroupsMatch() {
    List<DuplicateClusters.Item> items = new ArrayList<>();
    items.add(item("a1", "ga", true, "Implement `weightedTotal`.\n" + BODY));
    items.add(item("b1", "gb", true, "Implement `weightedTotal`.\n" + BODY));
    items.add(item("b2", "gb", true, "Here is the documented signature; write the code of the method please.\n"
        + "int total = 0; return clamp(total, minimum, maximum) + offset * scale - bias;"));
    Map<String, DuplicateClusters.Drop> drops = DuplicateClusters.find(items, minHash, 0.8);
    assertEquals(List.of("b1", "b2"), List.copyOf(drops.keySet()), drops.toString());
    DuplicateClusters.Drop b2 = drops.get("b2");
    assertTrue(b2.similarity() < 0.8, b2.toString());
    assertEquals(1.0, b2.groupSimilarity(), b2.toString());
    assertEquals(1.0, drops.get("b1").groupSimilarity());
  }

  @Test
  void givenHexIds_thenTheSmallestIdSurvivesAsWithStrings() {
    // hex ids are kept as two longs; their order must be the strings' order, here decided in the low half
    String small = "0123456789abcdef00000000000000ff";
    String large = "0123456789abcdef0000000000000f00";
    String plain = "zz-not-hex";
    List<DuplicateClusters.Item> items = new ArrayList<>();
    items.add(item(large, "g1", true, BODY));
    items.add(item(small, "g2", true, BODY));
    items.add(item(plain, "g3", true, BODY));
    Map<String, DuplicateClusters.Drop> drops = DuplicateClusters.find(items, minHash, 0.8);
    assertEquals(List.of(large, plain), List.copyOf(drops.keySet()), drops.toString());
    assertEquals(small, drops.get(large).keptId());
    assertEquals(small, drops.get(plain).keptId());
    assertEquals("exact_duplicate", drops.get(large).reason());
  }
}
