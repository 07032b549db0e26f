package dev.repotune.pipeline.stages;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.prompts.QaPair;
import dev.repotune.prompts.TaskKind;
import dev.repotune.samples.SplitByFile;
import dev.repotune.samples.CptRecord;
import dev.repotune.samples.OutputKind;
import dev.repotune.samples.Samples;
import dev.repotune.samples.Split;
import dev.repotune.samples.quality.FilterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A source that makes rows of another output kind besides SFT rows: they are spilled to their own
 * runs and counted, and a chunk that makes a row its kind cannot replay is not cached (so no replay
 * can drop it); a chunk of SFT rows only is.
 */
@RunWith(JUnit4.class)
public class SftRowsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  /** One SFT row per chunk, and with {@code withCpt} one CPT document too. */
  private record TwoKinds(boolean withCpt) implements SftRows.Source<IndexedChunk> {
    @Override
    public void rows(IndexedChunk in, SftRows.Out out) {
      Chunk c = in.chunk();
      QaPair qa = new QaPair(c.id(), TaskKind.EXPLAIN, "What does `" + c.symbol() + "` do in this repository?",
          "It spins the widget the given number of times and returns the angle it reached.", "offline", "v1");
      out.row(Samples.sft(qa, c, "You are a developer of acme.", Split.UNASSIGNED));
      if (withCpt) {
        out.row(OutputKind.CPT, new CptRecord("doc-" + c.id(), "// File: " + c.path() + "\n" + c.text(),
            new CptRecord.Meta(c.repo(), c.commit(), c.path(), c.language(), 12)));
      }
    }
  }

  private static IndexedChunk chunk(int i) {
    return new IndexedChunk(
        new Chunk("chunk" + i, "acme", "c0", "src/W" + i + ".java", "java", ChunkKind.METHOD, "W" + i + ".spin(int)",
            3, 9, "package acme;", "int spin(int n) { return turn(n) * 7; }", 20, null),
        null);
  }

  private Map<String, Long> run(boolean withCpt, Path work, Path cache) {
    PCollectionView<Map<String, String>> trivial =
        p.apply("NoTrivial", Create.empty(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))).apply(View.asMap());
    PCollectionTuple out =
        p.apply(Create.of(chunk(1), chunk(2)))
            .apply(new SftRows<>(new TwoKinds(withCpt), new TwoKinds(withCpt), trivial, FilterConfig.DEFAULT, new SplitByFile(0, 0),
                work.toString(), new RowCache(cache.toString(), "test")));
    PAssert.that(out.get(SftRows.TALLIES).apply(Sum.longsPerKey())
            .apply(Filter.by(kv -> kv.getKey().startsWith("cpt.") || kv.getKey().startsWith("stages.FilterSamples."))))
        .containsInAnyOrder(
            withCpt
                ? List.of(KV.of("cpt.train.total", 2L), KV.of("stages.FilterSamples.in", 2L), KV.of("stages.FilterSamples.out", 2L))
                : List.of(KV.of("stages.FilterSamples.in", 2L), KV.of("stages.FilterSamples.out", 2L)));
    p.run().waitUntilFinish();
    return Map.of(
        "sft", files(work.resolve(RunFiles.FOLDER).resolve("sft"), ".run"),
        "cpt", files(work.resolve(RunFiles.FOLDER).resolve("cpt"), ".run"),
        "cached", files(cache, ".rows"));
  }

  private static long files(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(f -> f.toString().endsWith(suffix)).count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  public void givenRowsOfAnotherKind_thenSpilledToItsRunsCounted_andTheChunkNotCached() throws IOException {
    Map<String, Long> n = run(true, tmp.newFolder("work").toPath(), tmp.newFolder("cache").toPath());
    assertTrue(n.toString(), n.get("sft") > 0);
    assertTrue("CPT rows have their own runs: " + n, n.get("cpt") > 0);
    assertEquals("a CPT row cannot be replayed, so its chunk is made again next time: " + n, 0L, (long) n.get("cached"));
  }

  @Test
  public void givenSftRowsOnly_thenEachChunkCached() throws IOException {
    Map<String, Long> n = run(false, tmp.newFolder("work").toPath(), tmp.newFolder("cache").toPath());
    assertEquals(n.toString(), 0L, (long) n.get("cpt"));
    assertEquals(n.toString(), 2L, (long) n.get("cached"));
  }
}
