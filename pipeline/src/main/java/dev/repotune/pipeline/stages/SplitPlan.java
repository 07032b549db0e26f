package dev.repotune.pipeline.stages;

import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.samples.Failed;
import dev.repotune.samples.JsonLines;
import dev.repotune.samples.OutputKind;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.SplitByFile;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import dev.repotune.pipeline.coders.Packed;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * The test files of stage 15's split ({@link SplitByFile#plan}), chosen before any row is assigned: the
 * rows every file makes per task kind are counted once over the whole input (a chunk's rows as its source
 * makes them, or as the row cache holds them: the same rows, so a cold run and a warm one choose the same
 * files), and one step turns the counts into the plan, a small side input of {@link SftRows}. A kind that
 * cannot have its share in test is counted under {@code split.short.<task>} for the closing warning.
 */
final class SplitPlan<I> extends PTransform<PCollection<I>, PCollectionTuple> {
  static final TupleTag<SplitByFile.Plan> PLAN = new TupleTag<>("plan") {};
  static final TupleTag<KV<String, Long>> TALLIES = new TupleTag<>("split-tallies") {};

  private final SftRows.Source<I> source;
  private final RowCache cache;
  private final SplitByFile split;

  SplitPlan(SftRows.Source<I> source, RowCache cache, SplitByFile split) {
    this.source = source;
    this.cache = cache;
    this.split = split;
  }

  /** The plan as a singleton side input (no rows: no test files). */
  static PCollectionView<SplitByFile.Plan> view(PCollectionTuple planned) {
    return planned
        .get(PLAN)
        .apply("PlanAsView", View.<SplitByFile.Plan>asSingleton().withDefaultValue(SplitByFile.Plan.NONE));
  }

  @Override
  public PCollectionTuple expand(PCollection<I> input) {
    PCollectionTuple out =
        input
            .apply("CountRowsPerFile", ParDo.of(new CountFn<>(source, cache)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
            .apply("GatherCounts", GroupByKey.create())
            .apply("ChooseTestFiles", ParDo.of(new PlanFn(split)).withOutputTags(PLAN, TupleTagList.of(TALLIES)));
    out.get(PLAN).setCoder(SerializableCoder.of(SplitByFile.Plan.class));
    out.get(TALLIES).setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    return out;
  }

  /**
   * Rows per (file, task kind), keyed {@code repo\npath\ttask}, summed per bundle and packed ({@link
   * Packed}) under one key. A sum per key first (Combine.perKey) made one bundle per (file, kind) on the
   * DirectRunner, each copying the one-key group's whole bag: the JDK's 100,000 never finished.
   */
  private static final class CountFn<I> extends DoFn<I, KV<String, byte[]>> {
    private final SftRows.Source<I> source;
    private final RowCache cache;
    private transient Map<String, Long> counts;

    CountFn(SftRows.Source<I> source, RowCache cache) {
      this.source = source;
      this.cache = cache;
    }

    @StartBundle
    public void start() {
      counts = new TreeMap<>();
    }

    @ProcessElement
    public void process(@Element I in) {
      List<RowCache.Entry> cached = cache != null && in instanceof IndexedChunk ic ? cache.get(cache.key(ic), true) : null;
      if (cached == null) {
        source.rows(in, new Counting());
        return;
      }
      for (RowCache.Entry e : cached) {
        if (e.kind().equals(OutputKind.SFT.folder())) {
          count(e.kept() ? e.meta() : JsonLines.readSft(e.json()).meta());
        }
      }
    }

    private void count(SftRecord.Meta m) {
      counts.merge(SplitByFile.fileKey(m.repo(), m.path()) + "\t" + m.task(), 1L, Long::sum);
    }

    /** Counts the SFT rows a source makes; drops everything else. */
    private final class Counting implements SftRows.Out {
      @Override
      public void row(SftRecord row) {
        count(row.meta());
      }

      @Override
      public <T> void row(OutputKind<T> kind, T row) {
        if (kind == OutputKind.SFT) {
          count(((SftRecord) row).meta());
        }
      }

      @Override
      public void rejected(Rejected r) {}

      @Override
      public void failed(Failed f) {}
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      Packed.Packer<KV<String, Long>> packer = Packed.Packer.uncompressed(COUNT);
      counts.forEach((k, v) -> {
        byte[] full = packer.add(KV.of(k, v));
        if (full != null) {
          c.output(KV.of("", full), Instant.EPOCH, GlobalWindow.INSTANCE);
        }
      });
      byte[] rest = packer.drain();
      if (rest != null) {
        c.output(KV.of("", rest), Instant.EPOCH, GlobalWindow.INSTANCE);
      }
      counts = null;
    }
  }

  private static final KvCoder<String, Long> COUNT = KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());

  private static final class PlanFn extends DoFn<KV<String, Iterable<byte[]>>, SplitByFile.Plan> {
    private final SplitByFile split;

    PlanFn(SplitByFile split) {
      this.split = split;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<byte[]>> all, MultiOutputReceiver out) {
      Map<String, Map<String, Long>> rows = new TreeMap<>();
      for (KV<String, Long> kv : Packed.unpackAll(COUNT, all.getValue())) {
        int tab = kv.getKey().lastIndexOf('\t');
        rows.computeIfAbsent(kv.getKey().substring(0, tab), f -> new TreeMap<>())
            .merge(kv.getKey().substring(tab + 1), kv.getValue(), Long::sum);
      }
      SplitByFile.Plan plan = split.plan(rows);
      out.get(PLAN).output(plan);
      for (SplitByFile.Short s : plan.shortKinds()) {
        out.get(TALLIES).output(KV.of("split.short." + s.task() + ".rows", s.rows()));
        out.get(TALLIES).output(KV.of("split.short." + s.task() + ".test", s.testRows()));
        out.get(TALLIES).output(KV.of("split.short." + s.task() + ".files", (long) s.files()));
      }
      out.get(TALLIES).output(KV.of("split.test_files", (long) plan.testFiles().size()));
      out.get(TALLIES).output(KV.of("split.files", (long) rows.size()));
    }
  }
}
