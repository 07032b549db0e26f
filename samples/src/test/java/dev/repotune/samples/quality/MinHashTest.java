package dev.repotune.samples.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MinHashTest {
  /** The definition: hash64 of each run of five words joined by spaces (or of all words, when fewer). */
  static long[] reference(List<String> words) {
    TreeSet<Long> out = new TreeSet<>();
    int width = Math.min(MinHash.SHINGLE_WORDS, words.size());
    for (int i = 0; !words.isEmpty() && i + width <= words.size(); i++) {
      out.add(MinHash.hash64(String.join(" ", words.subList(i, i + width))));
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  @Test
  void shingleHashesAreTheHashesOfTheJoinedShingles() {
    for (String text :
        List.of(
            "",
            "one",
            "Returns the value",
            "Returns the value of the field, or null when the field is unset; the value is cached.",
            "a b a b a b a b a b a b",
            "Größe ändern für `Map.put(K, V)` und ähnliche Methoden der Klasse")) {
      List<String> words = SampleFilters.words(text);
      assertArrayEquals(reference(words), MinHash.shingleHashes(words), text);
    }
  }

  @Test
  void signatureIsNullWithoutWordsAndEqualForTextsDifferingInLayout() {
    MinHash m = new MinHash(14, 8);
    assertNull(m.signature(" ... "));
    int[] x = m.signature("Adds every value above the limit, weighted, and subtracts the others");
    int[] y = m.signature("adds EVERY value\nabove the limit weighted and subtracts the others!");
    assertArrayEquals(x, y);
    assertEquals(1.0, MinHash.similarity(x, y));
  }
}
