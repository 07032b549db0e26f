package dev.repotune.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeldOutCheckTest {
  static final String MIDDLE = "return left.compareTo(right) < 0 ? left : right;";

  @Test
  void findsAPlantedMiddleAnywhereInTheText() {
    HeldOutCheck check = HeldOutCheck.of(List.of(MIDDLE));
    assertEquals(1, check.size());
    assertEquals(List.of(MIDDLE), check.foundIn(MIDDLE));
    assertEquals(List.of(MIDDLE), check.foundIn("class A {\n  T min(T left, T right) {\n    " + MIDDLE + "\n  }\n}\n"));
    assertEquals(List.of(MIDDLE), check.foundIn("x" + MIDDLE), "at the end");
    assertEquals(List.of(MIDDLE), check.foundIn(MIDDLE + " " + MIDDLE), "reported once a text");
    assertEquals(List.of(), check.foundIn(MIDDLE.substring(1)));
    assertEquals(List.of(), check.foundIn(""));
  }

  @Test
  void aMiddleCountsFromSixteenNonWhitespaceCharacters() {
    assertFalse(HeldOutCheck.counts("i++;"));
    assertFalse(HeldOutCheck.counts("}"));
    assertFalse(HeldOutCheck.counts("a b c d e f g h i j k l m n o"), "15 non-whitespace characters");
    assertTrue(HeldOutCheck.counts("a b c d e f g h i j k l m n o p"), "16");
    assertEquals(HeldOutCheck.MIN_CHARS, "abcdefghijklmnop".length());
    HeldOutCheck check = HeldOutCheck.of(List.of("i++;", "}", "  return x;  ", MIDDLE, MIDDLE));
    assertEquals(1, check.size(), "short middles are not checked, repeats once");
    assertEquals(List.of(), check.foundIn("for (int i = 0; i < n; i++;) { return x;  }"));
  }

  @Test
  void aNearMatchIsNoMatch() {
    HeldOutCheck check = HeldOutCheck.of(List.of(MIDDLE));
    for (int i = 0; i < MIDDLE.length(); i++) {
      char c = MIDDLE.charAt(i);
      String edited = MIDDLE.substring(0, i) + (c == 'x' ? 'y' : 'x') + MIDDLE.substring(i + 1);
      assertEquals(List.of(), check.foundIn("  " + edited + "\n"), "one character changed at " + i);
    }
    assertEquals(List.of(), check.foundIn(MIDDLE.replace(" < ", " <  ")), "whitespace counts");
  }

  /** Thousands of middles sharing a common start (every one begins with the same idiom) against a long text. */
  @Test
  void manyMiddlesAreFoundExactlyWhereTheyAre() {
    Random random = new Random(16);
    List<String> middles = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      middles.add("        return " + word(random, 6) + "(" + word(random, 4) + ", " + i + ");");
    }
    HeldOutCheck check = HeldOutCheck.of(middles);
    assertEquals(middles.size(), check.size());
    StringBuilder text = new StringBuilder();
    Set<String> planted = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      if (i % 97 == 0) {
        String m = middles.get(random.nextInt(middles.size()));
        planted.add(m);
        text.append(m).append('\n');
      } else {
        text.append("        return ").append(word(random, 6)).append("(").append(word(random, 4)).append(", x);\n");
      }
    }
    assertEquals(planted, new HashSet<>(check.foundIn(text.toString())));
  }

  @Test
  void aTextOfManyMegabytesIsScannedInLinearTime() {
    HeldOutCheck check = HeldOutCheck.of(List.of(MIDDLE, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"));
    String text = "a".repeat(20_000_000) + MIDDLE;
    long start = System.nanoTime();
    assertEquals(List.of(MIDDLE), check.foundIn(text));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue(ms < 5_000, "20 MB of one repeated character took " + ms + " ms");
  }

  @Test
  void nonAsciiAndSurrogatePairsMatchAsWritten() {
    String middle = "String s = \"héllo 😀 wörld\";";
    HeldOutCheck check = HeldOutCheck.of(List.of(middle));
    assertEquals(List.of(middle), check.foundIn("// x\n" + middle));
    assertEquals(List.of(), check.foundIn(middle.replace("😀", "😁")));
  }

  private static String word(Random random, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append((char) ('a' + random.nextInt(26)));
    }
    return b.toString();
  }
}
