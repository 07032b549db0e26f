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

  static final List<String> TEXTS =
      List.of(
          "",
          "  Returns the VALUE\tof the\n\n field  ",
          " \u2003 leading em space, trailing form feed\f",
          "Größe ändern: ½ Ⅻ x² foo_bar $name name$ a$b",
          "StatsCopy extends Stats; Stats.mean(Stats s) /* Stats */ xStats Stats_ $Stats Stats",
          "emoji \uD83D\uDE00 and 中文 text, 42 and 007");

  @Test
  void exactHashIsTheHashOfTheNormalisedText() {
    for (String t : TEXTS) {
      String normal = t.toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ").strip();
      assertEquals(MinHash.hash64(normal), MinHash.exactHash(t), t);
    }
  }

  @Test
  void maskNamesReplacesWholeIdentifiersOnly() {
    for (String t : TEXTS) {
      String expected = t;
      List<String> names = List.of("Stats", "name", "ab");
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).length() >= 3) {
          expected = expected.replaceAll("(?<![\\w$])" + java.util.regex.Pattern.quote(names.get(i)) + "(?![\\w$])", "self" + i);
        }
      }
      assertEquals(expected, MinHash.maskNames(t, names), t);
    }
    assertEquals("StatsCopy extends self0; self0.mean(self0 s)",
        MinHash.maskNames("StatsCopy extends Stats; Stats.mean(Stats s)", List.of("Stats")));
  }

  @Test
  void wordsAreTheRegexRunsOfLettersDigitsAndUnderscores() {
    java.util.regex.Pattern word = java.util.regex.Pattern.compile("[\\p{L}\\p{N}_]+");
    for (String t : TEXTS) {
      java.util.regex.Matcher m = word.matcher(t.toLowerCase(java.util.Locale.ROOT));
      List<String> expected = new java.util.ArrayList<>();
      while (m.find()) {
        expected.add(m.group());
      }
      assertEquals(expected, SampleFilters.words(t), t);
    }
  }
}
