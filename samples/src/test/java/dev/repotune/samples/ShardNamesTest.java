package dev.repotune.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShardNamesTest {

  @Test
  void namesFollowTheHubConvention() {
    assertEquals("train-00000-of-00001.parquet", ShardNames.of("train", 0, 1, "parquet"));
    assertEquals("test-00002-of-00003.jsonl", ShardNames.of("test", 2, 3, "jsonl"));
    assertEquals("train-00099-of-123456.parquet", ShardNames.of("train", 99, 123456, "parquet"));
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> ShardNames.of("train", 1, 1, "parquet"));
    assertThrows(IllegalArgumentException.class, () -> ShardNames.of("train", -1, 1, "parquet"));
    assertThrows(IllegalArgumentException.class, () -> ShardNames.of("train", 0, 0, "parquet"));
    assertThrows(IllegalArgumentException.class, () -> ShardNames.of("train", 0, 1, ".parquet"));
    assertThrows(IllegalArgumentException.class, () -> ShardNames.of("sft/train", 0, 1, "jsonl"));
  }

  @Test
  void shardCountIsCeilingAndAtLeastOne() {
    assertEquals(1, ShardNames.shardCount(0, 1000));
    assertEquals(1, ShardNames.shardCount(1, 1000));
    assertEquals(1, ShardNames.shardCount(1000, 1000));
    assertEquals(2, ShardNames.shardCount(1001, 1000));
    assertEquals(7, ShardNames.shardCount(7, 1));
    assertThrows(IllegalArgumentException.class, () -> ShardNames.shardCount(10, 0));
    assertThrows(IllegalArgumentException.class, () -> ShardNames.shardCount(-1, 10));
  }

  @Test
  void shardOfIsStableInRangeAndSpread() {
    int[] counts = new int[4];
    for (int i = 0; i < 4000; i++) {
      String id = "record-" + i;
      int s = ShardNames.shardOf(id, 4);
      assertEquals(s, ShardNames.shardOf(id, 4));
      assertTrue(s >= 0 && s < 4);
      counts[s]++;
    }
    for (int c : counts) {
      assertTrue(c > 850 && c < 1150, "uneven shards " + java.util.Arrays.toString(counts));
    }
    assertEquals(0, ShardNames.shardOf("anything", 1));
    // A fixed value, so a change of hash (which would reshuffle every shard) fails loudly.
    // Pinned (computed independently with Python's hashlib): a change of hash would reshuffle every shard.
    assertEquals(88, ShardNames.shardOf("47287a568be66d22494b9a7d4c7d9bd1", 1000));
  }
}
