package dev.repotune.pipeline.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bucket arithmetic that lets each shard read one byte range of every run file. */
class RunFilesTest {
  @Test
  void shardsAreContiguousBucketRangesThatCoverEveryBucketOnce() {
    assertEquals(1, RunFiles.shardCount(0, 100));
    assertEquals(1, RunFiles.shardCount(100, 100));
    assertEquals(3, RunFiles.shardCount(250, 100));
    assertEquals(17, RunFiles.shardCount(1_638_000, 100_000));
    assertEquals(RunFiles.BUCKETS, RunFiles.shardCount(1L << 40, 1));
    for (int n : List.of(1, 2, 3, 7, 16, 17, 1000, RunFiles.BUCKETS)) {
      assertEquals(0, RunFiles.firstBucket(0, n));
      assertEquals(RunFiles.BUCKETS, RunFiles.firstBucket(n, n));
      for (int i = 0; i < n; i++) {
        int from = RunFiles.firstBucket(i, n);
        int to = RunFiles.firstBucket(i + 1, n);
        assertTrue(from < to, n + ": shard " + i + " has no bucket");
        for (int b = from; b < to; b++) {
          assertEquals((long) b * n / RunFiles.BUCKETS, i);
        }
      }
    }
  }
}
