package dev.repotune.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SplitByFileTest {
  static SftRecord row(String path, String task) {
    return new SftRecord(
        "id", List.of(new Message("user", "q"), new Message("assistant", "a")),
        new SftRecord.Meta("acme", "c", path, "F.m()", "1-2", task, "offline", "v", "chunk", ""));
  }

  /**
   * 200 files with locate rows, 40 of them with callers rows too and 10 with a few implementers rows: drawn
   * file by file at 5%, the rare kinds would mostly have none in test.
   */
  static Map<String, Map<String, Long>> repository() {
    Map<String, Map<String, Long>> rows = new TreeMap<>();
    for (int f = 0; f < 200; f++) {
      Map<String, Long> perKind = new TreeMap<>();
      perKind.put("locate", 9L + f % 5);
      if (f % 5 == 0) {
        perKind.put("callers", 6L);
      }
      if (f % 20 == 0) {
        perKind.put("implementers", 3L);
      }
      rows.put(SplitByFile.fileKey("acme", "src/F" + f + ".java"), perKind);
    }
    return rows;
  }

  @Test
  void givenKindsOfDifferentSpread_thenEachHasAtLeastTheFractionInTestAndAtMostTwice() {
    Map<String, Map<String, Long>> rows = repository();
    SplitByFile.Plan plan = new SplitByFile(0.05, 7).plan(rows);
    Map<String, Long> test = new TreeMap<>();
    Map<String, Long> total = new TreeMap<>();
    rows.forEach((file, perKind) -> perKind.forEach((k, n) -> {
      total.merge(k, n, Long::sum);
      if (plan.testFiles().contains(file)) {
        test.merge(k, n, Long::sum);
      }
    }));
    for (String kind : total.keySet()) {
      double share = (double) test.getOrDefault(kind, 0L) / total.get(kind);
      assertTrue(share >= 0.05 && share <= 0.10 + 1e-9, kind + ": " + share + " " + test + " of " + total);
    }
    assertEquals(List.of(), plan.shortKinds());
    assertEquals(plan, new SplitByFile(0.05, 7).plan(rows), "the same counts, the same files");
    assertTrue(!plan.equals(new SplitByFile(0.05, 8).plan(rows)), "another seed, other files");
  }

  @Test
  void givenAPlan_thenEveryRowOfAFileOnItsSide() {
    SplitByFile.Plan plan = new SplitByFile(0.05, 7).plan(repository());
    String testFile = plan.testFiles().first().substring("acme\n".length());
    assertEquals(Split.TEST, plan.assign(row(testFile, "locate")).meta().split());
    assertEquals(Split.TEST, plan.assign(row(testFile, "callers")).meta().split());
    assertEquals(Split.TRAIN, plan.assign(row("src/Elsewhere.java", "locate")).meta().split());
  }

  @Test
  void givenAKindInTooFewFiles_thenItIsNamedAndNoFileTakesMoreThanItsShare() {
    Map<String, Map<String, Long>> rows = repository();
    // write-test rows in two files: each is more than a third of the kind.
    rows.get(SplitByFile.fileKey("acme", "src/F1.java")).put("write-test", 11L);
    rows.get(SplitByFile.fileKey("acme", "src/F2.java")).put("write-test", 12L);
    SplitByFile.Plan plan = new SplitByFile(0.05, 7).plan(rows);
    assertEquals(List.of(new SplitByFile.Short("write-test", 23, 0, 2)), plan.shortKinds());
    assertTrue(plan.testFiles().stream().noneMatch(f -> f.endsWith("/F1.java") || f.endsWith("/F2.java")));
  }

  @Test
  void givenNoFraction_thenAllTrain_andAFractionOutsideZeroToOneRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SplitByFile(1.0, 0));
    assertThrows(IllegalArgumentException.class, () -> new SplitByFile(-0.1, 0));
    SplitByFile.Plan none = new SplitByFile(0, 0).plan(repository());
    assertEquals(Split.TRAIN, none.assign(row("src/F0.java", "locate")).meta().split());
  }
}
