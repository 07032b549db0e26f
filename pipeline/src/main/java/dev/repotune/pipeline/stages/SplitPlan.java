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
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * The test files of stage 11's split ({@link SplitByFile#plan}), chosen before any row is assigned: the
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
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
            .apply("SumPerFile", Sum.longsPerKey())
            .apply("OneKey", WithKeys.of(""))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())))
            .apply("GatherCounts", GroupByKey.create())
            .apply("ChooseTestFiles", ParDo.of(new PlanFn(split)).withOutputTags(PLAN, TupleTagList.of(TALLIES)));
    out.get(PLAN).setCoder(SerializableCoder.of(SplitByFile.Plan.class));
    out.get(TALLIES).setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    return out;
  }

  /** Rows per (file, task kind), keyed {@code repo\npath\ttask}, summed per bundle. */
  private static final class CountFn<I> extends DoFn<I, KV<String, Long>> {
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
      List<RowCache.Entry> cached = cache != null && in instanceof IndexedChunk ic ? cache.get(cache.key(ic)) : null;
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
      counts.forEach((k, v) -> c.output(KV.of(k, v), Instant.EPOCH, GlobalWindow.INSTANCE));
      counts = null;
    }
  }

  private static final class PlanFn extends DoFn<KV<String, Iterable<KV<String, Long>>>, SplitByFile.Plan> {
    private final SplitByFile split;

    PlanFn(SplitByFile split) {
      this.split = split;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<KV<String, Long>>> all, MultiOutputReceiver out) {
      Map<String, Map<String, Long>> rows = new TreeMap<>();
      for (KV<String, Long> kv : all.getValue()) {
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
