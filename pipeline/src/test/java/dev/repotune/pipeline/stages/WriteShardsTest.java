package dev.repotune.pipeline.stages;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.repotune.samples.CptRecord;
import dev.repotune.samples.Failed;
import dev.repotune.samples.JsonLines;
import dev.repotune.samples.ParquetShards;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Spilled runs merged into shards: every row once, in the right shard, sorted, in each format, counted, and no run file left. */
@RunWith(JUnit4.class)
public class WriteShardsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void givenRowsSpilledInManySmallRuns_whenMerged_thenEachRowOnceInItsShardSorted() throws IOException {
    Path dir = tmp.newFolder("out").toPath();
    List<Failed> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rows.add(new Failed(i % 3 == 0 ? "StageA" : "StageB", "error " + i, "path/" + i, i));
    }
    // 5 rows a shard: StageA (14 rows) gets 3 shards, StageB (26 rows) 6; 200 bytes a run: many runs a bundle
    PCollection<KV<String, Long>> counts =
        PCollectionTuple.of(WriteShards.FAILED, p.apply(Create.of(rows)))
            .apply(WriteShards.to(dir.toString()).withSizes(5, 200));
    PAssert.that(counts.apply(Sum.longsPerKey()))
        .containsInAnyOrder(KV.of("failed.StageA", 14L), KV.of("failed.StageB", 26L));
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
          assertEquals(line, index, RunFiles.shardOf(line, count));
        }
        all.addAll(lines);
      }
    }
    assertEquals(3, names.stream().filter(n -> n.startsWith("StageA-")).count());
    assertEquals(6, names.stream().filter(n -> n.startsWith("StageB-")).count());
    assertTrue("failed rows are JSONL only", names.stream().allMatch(n -> n.endsWith(".jsonl")));
    assertEquals(new TreeSet<>(rows.stream().map(JsonLines::failed).toList()), new TreeSet<>(all));
    assertEquals(rows.size(), all.size());
    try (Stream<Path> left = Files.walk(dir.resolve(RunFiles.FOLDER))) {
      assertFalse("run files left behind", left.anyMatch(Files::isRegularFile));
    }
  }

  @Test
  public void givenTwoKinds_thenEachInItsFolder_ParquetTwinForCpt_andCounted() throws IOException {
    Path dir = tmp.newFolder("two").toPath();
    List<CptRecord> docs = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      docs.add(new CptRecord("id" + i, "// File: f" + i + "\nclass F" + i + " {}", new CptRecord.Meta("acme", "c0", "f" + i, "java", 10 + i)));
    }
    List<Failed> failed = List.of(new Failed("ReadRepository", "boom", "x", 1));
    PCollection<KV<String, Long>> counts =
        PCollectionTuple.of(WriteShards.CPT, p.apply("Docs", Create.of(docs)))
            .and(WriteShards.FAILED, p.apply("Failed", Create.of(failed)))
            .apply(WriteShards.to(dir.toString()).withSizes(3, 1 << 20));
    PAssert.that(counts.apply(Sum.longsPerKey()))
        .containsInAnyOrder(
            KV.of("cpt.train.total", 7L), KV.of("tokens.cpt.train", 91L), KV.of("failed.ReadRepository", 1L));
    p.run().waitUntilFinish();

    List<CptRecord> all = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path jsonl = dir.resolve("cpt/train-0000" + i + "-of-00003.jsonl");
      List<String> lines = Files.readAllLines(jsonl);
      List<CptRecord> shard = lines.stream().map(JsonLines::readCpt).toList();
      assertEquals("the Parquet twin holds the same rows", shard,
          ParquetShards.readCpt(dir.resolve("cpt/train-0000" + i + "-of-00003.parquet")));
      List<String> paths = shard.stream().map(r -> r.meta().path()).toList();
      assertEquals("sorted by path", paths.stream().sorted().toList(), paths);
      all.addAll(shard);
    }
    assertEquals(docs.size(), all.size());
    assertEquals(new TreeSet<>(docs.stream().map(JsonLines::cpt).toList()),
        new TreeSet<>(all.stream().map(JsonLines::cpt).toList()));
    assertEquals(List.of(JsonLines.failed(failed.get(0))),
        Files.readAllLines(dir.resolve("failed/ReadRepository-00000-of-00001.jsonl")));
  }
}
