package dev.repotune.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitByFileTest {
  @Test
  void givenRowsOfManyFiles_thenEveryFileOnOneSideAndAboutTheFractionInTest() {
    SplitByFile split = new SplitByFile(0.3, 7);
    Map<String, String> sideOfPath = new HashMap<>();
    int test = 0;
    for (int f = 0; f < 200; f++) {
      for (int q = 0; q < 3; q++) {
        SftRecord r =
            split.assign(
                new SftRecord(
                    "id-" + f + "-" + q,
                    List.of(new Message("user", "q" + q), new Message("assistant", "a")),
                    new SftRecord.Meta("acme", "c", "src/F" + f + ".java", "F.m()", "1-2", "locate", "offline", "v", "chunk" + f, "")));
        String before = sideOfPath.putIfAbsent(r.meta().path(), r.meta().split());
        assertTrue(before == null || before.equals(r.meta().split()), r.meta().path());
        if (r.meta().split().equals(Split.TEST)) {
          test++;
        }
      }
    }
    assertTrue(test > 90 && test < 270, "test rows " + test);
    assertEquals(0, test % 3, "a file's three rows go together");
  }

  @Test
  void givenAFractionOutsideZeroToOne_thenRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SplitByFile(1.0, 0));
    assertThrows(IllegalArgumentException.class, () -> new SplitByFile(-0.1, 0));
    assertEquals(Split.TRAIN, new SplitByFile(0, 0).assign(
        new SftRecord("x", List.of(new Message("user", "q")),
            new SftRecord.Meta("acme", "c", "A.java", "A", "1-1", "locate", "offline", "v", "c", ""))).meta().split());
  }
}
