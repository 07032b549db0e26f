package dev.repotune.samples.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MixCapTest {
  @Test
  void givenTheDefault_thenNoKindAboveAQuarterOfWhatIsKept() {
    Map<String, Long> keep =
        MixCap.defaults().keep(Map.of("locate", 600L, "explain", 200L, "callers", 150L, "document", 100L, "tests", 50L));
    long total = keep.values().stream().mapToLong(Long::longValue).sum();
    // Capping locate alone (a quarter of 666) would leave explain's 200 above a quarter: both are capped.
    assertEquals(Map.of("locate", 150L, "explain", 150L, "callers", 150L, "document", 100L, "tests", 50L), keep);
    keep.values().forEach(n -> assertTrue(n <= 0.25 * total, keep.toString()));
  }

  @Test
  void givenNamedShares_thenThoseKindsAreCappedAndOneLiftsACap() {
    MixCap mix = MixCap.parse("locate=0.2, callers=0.15");
    Map<String, Long> keep = mix.keep(Map.of("locate", 500L, "callers", 300L, "explain", 200L, "document", 200L, "signature", 200L));
    long total = keep.values().stream().mapToLong(Long::longValue).sum();
    assertTrue(keep.get("locate") <= 0.2 * total && keep.get("locate") >= 0.2 * total - 1, keep.toString());
    assertTrue(keep.get("callers") <= 0.15 * total && keep.get("callers") >= 0.15 * total - 1, keep.toString());
    assertEquals(200L, keep.get("explain"));
    assertEquals("callers=0.15,locate=0.2", mix.toString().replace("locate=0.2,callers=0.15", "callers=0.15,locate=0.2"));
    assertEquals(Map.of("locate", 900L, "explain", 100L), MixCap.parse("locate=1").keep(Map.of("locate", 900L, "explain", 100L)));
  }

  @Test
  void givenTooFewKindsToFillTheirShares_thenTheSharesAreScaledUp() {
    // Two kinds at a quarter each cannot make up all the rows: each may have half.
    assertEquals(Map.of("locate", 100L, "explain", 100L), MixCap.defaults().keep(Map.of("locate", 900L, "explain", 100L)));
    assertEquals(Map.of("locate", 40L), MixCap.defaults().keep(Map.of("locate", 40L)));
  }

  @Test
  void givenBadEntries_thenOneLineSaysWhich() {
    assertEquals(
        "--mix share of locate must be above 0 and at most 1, got 1.5",
        assertThrows(IllegalArgumentException.class, () -> MixCap.parse("locate=1.5")).getMessage());
    assertEquals(
        "--mix takes task=share entries, got \"locate\"",
        assertThrows(IllegalArgumentException.class, () -> MixCap.parse("locate")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> MixCap.parse("where=0.2")).getMessage()
        .startsWith("unknown task in --mix where=0.2 (known: explain, "));
    assertEquals("--mix names locate twice",
        assertThrows(IllegalArgumentException.class, () -> MixCap.parse("locate=0.2,LOCATE=0.3")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> MixCap.parse("locate=0"));
    assertThrows(IllegalArgumentException.class, () -> MixCap.parse("locate=x"));
  }

  @Test
  void givenRowsOverTheCap_thenExtraWordingsGoFirst_trainAndTestAlike_andTheSameRowsEveryTime() {
    MixCap.Rows rows = new MixCap.Rows();
    // 100 locate facts of 3 wordings (10 of them in test), and four kinds of 120 rows: locate keeps 160
    // (a quarter of 640), so every fact keeps a wording and 60 of them a second one.
    for (int f = 0; f < 100; f++) {
      for (int v = 0; v < 3; v++) {
        rows.add(String.format("%032x", f * 10 + v), "locate", f, f < 10);
      }
    }
    for (String task : new String[] {"explain", "document", "callers", "signature"}) {
      for (int r = 0; r < 120; r++) {
        rows.add(task + r, task, task.hashCode() + r, false);
      }
    }
    TreeMap<String, String> drops = MixCap.defaults().drops(rows);
    assertTrue(drops.keySet().stream().allMatch(id -> id.matches("[0-9a-f]{32}")), "only locate rows go");
    assertEquals(140, drops.size());
    Map<Integer, Integer> keptPerFact = new TreeMap<>();
    int keptTest = 0;
    for (int f = 0; f < 100; f++) {
      for (int v = 0; v < 3; v++) {
        if (!drops.containsKey(String.format("%032x", f * 10 + v))) {
          keptPerFact.merge(f, 1, Integer::sum);
          keptTest += f < 10 ? 1 : 0;
        }
      }
    }
    assertEquals(100, keptPerFact.size(), "no fact lost while another keeps two wordings");
    assertEquals(40, keptPerFact.values().stream().filter(n -> n == 1).count(), keptPerFact.toString());
    assertEquals(Math.round(160.0 * 30 / 300), keptTest, "test keeps its share of locate");
    assertTrue(drops.firstEntry().getValue().startsWith("locate had 300 of the 780 rows dedup kept (38.5%)"),
        drops.firstEntry().getValue());
    assertEquals(drops, MixCap.defaults().drops(rows));
  }
}
