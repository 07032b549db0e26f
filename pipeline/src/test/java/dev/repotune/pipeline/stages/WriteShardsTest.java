package dev.repotune.pipeline.stages;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.repotune.samples.Failed;
import dev.repotune.samples.JsonLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Spilled runs merged into shards: every row once, in the right shard, sorted, and no run file left. */
@RunWith(JUnit4.class)
public class WriteShardsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void shardsAreContiguousBucketRangesThatCoverEveryBucketOnce() {
    assertEquals(1, WriteShards.shardCount(0, 100));
    assertEquals(1, WriteShards.shardCount(100, 100));
    assertEquals(3, WriteShards.shardCount(250, 100));
    assertEquals(17, WriteShards.shardCount(1_638_000, 100_000));
    assertEquals(WriteShards.BUCKETS, WriteShards.shardCount(1L << 40, 1));
    for (int n : List.of(1, 2, 3, 7, 16, 17, 1000, WriteShards.BUCKETS)) {
      assertEquals(0, WriteShards.firstBucket(0, n));
      assertEquals(WriteShards.BUCKETS, WriteShards.firstBucket(n, n));
      for (int i = 0; i < n; i++) {
        int from = WriteShards.firstBucket(i, n);
        int to = WriteShards.firstBucket(i + 1, n);
        assertTrue(n + ": shard " + i + " has no bucket", from < to);
        for (int b = from; b < to; b++) {
          assertEquals((long) b * n / WriteShards.BUCKETS, i);
        }
      }
    }
  }

  @Test
  public void givenRowsSpilledInManySmallRuns_whenMerged_thenEachRowOnceInItsShardSorted() throws IOException {
    Path dir = tmp.newFolder("out").toPath();
    List<Failed> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rows.add(new Failed(i % 3 == 0 ? "StageA" : "StageB", "error " + i, "path/" + i, i));
    }
    // 5 rows a shard: StageA (14 rows) gets 3 shards, StageB (26 rows) 6; 200 bytes a run: many runs a bundle
    WriteShards.Format<Failed> format =
        new WriteShards.Format<>("failed", Failed::stage, null, 5, JsonLines::failed, JsonLines::readFailed, null, null, null);
    WriteShards.rows(dir.toString(), "Failed", p.apply(Create.of(rows)), format, 200);
    p.run().waitUntilFinish();

    List<String> all = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir.resolve("failed"))) {
      for (Path f : files.toList()) {
        names.add(f.getFileName().toString());
        List<String> lines = Files.readAllLines(f);
        assertEquals(f + " is sorted", new ArrayList<>(new TreeSet<>(lines)), lines);
        String[] parts = f.getFileName().toString().split("[-.]");
        int index = Integer.parseInt(parts[1]);
        int count = Integer.parseInt(parts[3]);
        for (String line : lines) {
          assertEquals(line, index, WriteShards.shardOf(line, count));
        }
        all.addAll(lines);
      }
    }
    assertEquals(3, names.stream().filter(n -> n.startsWith("StageA-")).count());
    assertEquals(6, names.stream().filter(n -> n.startsWith("StageB-")).count());
    assertEquals(new TreeSet<>(rows.stream().map(JsonLines::failed).toList()), new TreeSet<>(all));
    assertEquals(rows.size(), all.size());
    try (Stream<Path> left = Files.walk(dir.resolve(WriteShards.RUNS))) {
      assertFalse("run files left behind", left.anyMatch(Files::isRegularFile));
    }
    assertTrue(Files.isDirectory(dir.resolve("failed")));
  }
}
