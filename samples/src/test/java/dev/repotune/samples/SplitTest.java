package dev.repotune.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.prompts.QaPair;
import dev.repotune.prompts.TaskKind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitTest {

  @Test
  void everyChunkOfAFileLandsOnTheSameSide() {
    // 300 files x 15 chunks each (different spans, symbols, questions): rows grouped by path must
    // each sit on one side, and both sides must be used.
    Map<String, Set<String>> sidesByPath = new HashMap<>();
    for (int f = 0; f < 300; f++) {
      String path = "src/main/java/p" + f + "/Type" + f + ".java";
      for (int c = 0; c < 15; c++) {
        Chunk chunk =
            new Chunk(
                "id-" + f + "-" + c, "gson", "abc", path, "java", ChunkKind.METHOD, "T.m" + c + "()",
                c * 10, c * 10 + 9, "", "body" + c, 3, null);
        QaPair qa =
            new QaPair(chunk.id(), TaskKind.EXPLAIN, "Q" + c, "A" + c, "offline", "v1");
        SftRecord r =
            Samples.sft(qa, chunk, null, Split.of(chunk.repo(), chunk.path(), 0.3, 42));
        sidesByPath.computeIfAbsent(r.meta().path(), k -> new HashSet<>()).add(r.meta().split());
      }
    }
    Set<String> all = new HashSet<>();
    sidesByPath.forEach((path, sides) -> {
      assertEquals(1, sides.size(), path);
      all.addAll(sides);
    });
    assertEquals(Set.of("train", "test"), all);
  }

  @Test
  void testShareOfTenThousandPathsIsWithinOnePercentOfTheFraction() {
    int test = 0;
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      if (Split.of("gson", "src/main/java/com/example/pkg" + (i % 37) + "/File" + i + ".java", 0.05, 7)
          .equals(Split.TEST)) {
        test++;
      }
    }
    double share = test / (double) n;
    assertTrue(Math.abs(share - 0.05) <= 0.01, "test share " + share);
  }

  @Test
  void seedAndRepoChangeTheAssignment() {
    int differ = 0;
    for (int i = 0; i < 2000; i++) {
      String p = "f" + i;
      if (!Split.of("r", p, 0.5, 1).equals(Split.of("r", p, 0.5, 2))) {
        differ++;
      }
    }
    assertTrue(differ > 800 && differ < 1200, "differ " + differ);
  }

  @Test
  void hashInputIsPinned() {
    // SHA-256("7\0gson\0src/A.java") starts 0.4258... of 2^64 (computed independently with Python).
    assertEquals("test", Split.of("gson", "src/A.java", 0.426, 7));
    assertEquals("train", Split.of("gson", "src/A.java", 0.425, 7));
  }

  @Test
  void zeroFractionMeansNoTestSplit() {
    for (int i = 0; i < 1000; i++) {
      assertEquals("train", Split.of("r", "f" + i, 0.0, 1));
    }
  }

  @Test
  void fractionOutsideRangeIsRejectedWithTheValue() {
    for (double bad : new double[] {-0.1, 1.0, 1.5, Double.NaN}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Split.of("r", "p", bad, 1));
      // the CLI says which option to fix (OutputMixin); the library names the value it was given
      assertTrue(e.getMessage().equals("test fraction must be in [0, 1), got " + bad), e.getMessage());
    }
  }

  @Test
  void fractionOfUnsignedMaxStaysBelowOne() {
    assertTrue(Split.fraction(-1L) < 1.0);
    assertEquals(0.0, Split.fraction(0L));
    assertEquals(0.5, Split.fraction(Long.MIN_VALUE));
  }
}
