package dev.repotune.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.SourceFile;
import dev.repotune.pipeline.stages.RedactSecrets;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.joda.time.Instant;

/**
 * Stage 21: the manifest's counts, taken from the data itself (not from runner metrics, which some runners drop):
 * every stream is reduced to named sums and written as one sorted JSON object, {@value #FILE}, that the
 * driver reads, checks (nothing lost) and folds into {@code manifest.json}.
 */
final class CountOutcomes {
  static final String FILE = "_counts.json";

  private CountOutcomes() {}

  /**
   * Sums every stage's tallies and writes them, {@value #FILE}: each stage hands in its counts as named
   * {@code KV<String, Long>} tallies (one shape), and they are flattened here once.
   */
  static PTransform<PCollectionList<KV<String, Long>>, PCollection<String>> write(String dir) {
    return new PTransform<>() {
      @Override
      public PCollection<String> expand(PCollectionList<KV<String, Long>> stageTallies) {
        PCollection<KV<String, Long>> zero =
            stageTallies
                .getPipeline()
                .apply(
                    "AlwaysOneTally",
                    Create.of(KV.of("files.kept", 0L), KV.of(RedactSecrets.TALLY_PREFIX + "total", 0L)));
        return PCollectionList.of(zero)
            .and(stageTallies.getAll())
            .apply("FlattenTallies", Flatten.pCollections())
            .apply("SumTallies", Sum.longsPerKey())
            .apply("OneGroup", WithKeys.of(""))
            .apply("GatherTallies", GroupByKey.create())
            .apply("WriteCounts", ParDo.of(new WriteFn(dir, FILE)));
      }
    };
  }

  /** {@code files.kept}, {@code files.language.*}, {@code files.invalid_utf8}: the files the job read. */
  static PTransform<PCollection<SourceFile>, PCollection<KV<String, Long>>> files() {
    return tallies(new FileTally());
  }

  /** {@code chunks.total}, {@code chunks.kind.*}, {@code tokens.chunks}. */
  static PTransform<PCollection<Chunk>, PCollection<KV<String, Long>>> chunks() {
    return tallies(new ChunkTally());
  }

  /** Every row under {@code stages.<key>}: rows into or out of a row-dropping stage. */
  static <T> PTransform<PCollection<T>, PCollection<KV<String, Long>>> rows(String key) {
    return tallies(new RowTally<T>("stages." + key));
  }

  private static <T> PTransform<PCollection<T>, PCollection<KV<String, Long>>> tallies(TallyFn<T> fn) {
    return new PTransform<>() {
      @Override
      public PCollection<KV<String, Long>> expand(PCollection<T> rows) {
        return rows.apply("Tally", ParDo.of(fn));
      }
    };
  }

  /** Sums named tallies and writes them as one sorted JSON object, {@code dir/file}. */
  static PCollection<String> writeSums(String dir, String file, PCollection<KV<String, Long>> tallies) {
    return tallies
        .apply("SumEstimates", Sum.longsPerKey())
        .apply("OneEstimateGroup", WithKeys.of(""))
        .apply("GatherEstimates", GroupByKey.create())
        .apply("WriteEstimate", ParDo.of(new WriteFn(dir, file)));
  }

  /** Counts every row under one key. */
  private static final class RowTally<T> extends TallyFn<T> {
    private final String key;

    RowTally(String key) {
      this.key = key;
    }

    @Override
    void tally(T row, Map<String, Long> out) {
      add(out, key, 1L);
    }
  }

  /** Sums a bundle's tallies before emitting them, so the grouping sees one number per key and bundle. */
  private abstract static class TallyFn<T> extends DoFn<T, KV<String, Long>> {
    private transient Map<String, Long> sums;

    abstract void tally(T element, Map<String, Long> sums);

    static void add(Map<String, Long> sums, String key, long n) {
      sums.merge(key, n, Long::sum);
    }

    /** Called at the start of each bundle, for tallies that keep per-bundle state of their own. */
    void onStartBundle() {}

    @StartBundle
    public void start() {
      sums = new TreeMap<>();
      onStartBundle();
    }

    @ProcessElement
    public void process(@Element T element) {
      tally(element, sums);
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      sums.forEach((k, v) -> c.output(KV.of(k, v), Instant.EPOCH, GlobalWindow.INSTANCE));
      sums = null;
    }
  }

  private static final class FileTally extends TallyFn<SourceFile> {
    @Override
    void tally(SourceFile f, Map<String, Long> out) {
      add(out, "files.kept", 1L);
      add(out, "files.language." + f.language(), 1L);
      if (f.text().indexOf('\uFFFD') >= 0) {
        add(out, "files.invalid_utf8", 1L);
      }
    }
  }

  private static final class ChunkTally extends TallyFn<Chunk> {
    @Override
    void tally(Chunk c, Map<String, Long> out) {
      add(out, "chunks.total", 1L);
      add(out, "chunks.kind." + c.kind().name().toLowerCase(), 1L);
      add(out, "tokens.chunks", (long) c.tokens());
    }
  }

  private static final class WriteFn extends DoFn<KV<String, Iterable<KV<String, Long>>>, String> {
    private final String dir;
    private final String file;

    WriteFn(String dir, String file) {
      this.dir = dir;
      this.file = file;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<KV<String, Long>>> all, OutputReceiver<String> out)
        throws IOException {
      Map<String, Long> sorted = new TreeMap<>();
      all.getValue().forEach(kv -> sorted.put(kv.getKey(), kv.getValue()));
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      try (OutputStream o =
          Channels.newOutputStream(
              FileSystems.create(
                  FileSystems.matchNewResource(dir + "/" + file, false), MimeTypes.TEXT))) {
        o.write(json.writeValueAsBytes(sorted));
      }
      out.output(file);
    }
  }
}
