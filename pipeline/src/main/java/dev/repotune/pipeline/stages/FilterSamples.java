package dev.repotune.pipeline.stages;

import dev.repotune.extractors.Chunk;
import dev.repotune.pipeline.StageResult;
import dev.repotune.samples.Failed;
import dev.repotune.samples.JsonLines;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.quality.FilterConfig;
import dev.repotune.samples.quality.SampleFilters;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Stage 6: drops SFT rows not worth training on (too short or long, empty or boilerplate answers, answers
 * that repeat the question, refusals, non-English questions under {@code --language en}, questions about
 * getters, setters and other trivial code). Each drop is a {@link Rejected} with its reason. Which chunks
 * are trivial comes from the chunks themselves, as a side input of the few trivial ones, because a row
 * does not carry its chunk's facts.
 */
public final class FilterSamples extends PTransform<PCollection<SftRecord>, StageResult<SftRecord>> {
  static final String STAGE = "FilterSamples";

  private final FilterConfig config;
  private final transient PCollection<Chunk> chunks;

  private FilterSamples(FilterConfig config, PCollection<Chunk> chunks) {
    this.config = config;
    this.chunks = chunks;
  }

  /** Filters rows made from {@code chunks} by the rules and thresholds of {@code config}. */
  public static FilterSamples of(FilterConfig config, PCollection<Chunk> chunks) {
    return new FilterSamples(config, chunks);
  }

  @Override
  public StageResult<SftRecord> expand(PCollection<SftRecord> rows) {
    PCollectionView<Map<String, String>> trivial = trivialChunks(chunks);
    TupleTag<SftRecord> kept = new TupleTag<>() {};
    TupleTag<Rejected> rejected = new TupleTag<>() {};
    TupleTag<Failed> failed = new TupleTag<>() {};
    PCollectionTuple out =
        rows.apply(
            "Filter",
            ParDo.of(new FilterFn(config, trivial, kept, rejected, failed))
                .withSideInputs(trivial)
                .withOutputTags(kept, TupleTagList.of(rejected).and(failed)));
    return StageResult.of(out, kept, rejected, failed);
  }

  /** The trivial chunks (getters, setters, ...) by id, with why: the few chunks whose rows are dropped. */
  public static PCollectionView<Map<String, String>> trivialChunks(PCollection<Chunk> chunks) {
    return chunks
        .apply("FindTrivialChunks", ParDo.of(new TrivialChunkFn()))
        .apply("TrivialChunksAsMap", View.asMap());
  }

  /** A dropped row's record in {@code rejected/}. */
  static Rejected rejected(SftRecord r, SampleFilters.Drop drop) {
    return new Rejected(STAGE, drop.reason(), drop.detail(), JsonLines.sft(r));
  }

  /** A row the rules could not be checked on, for {@code failed/}. */
  static Failed failed(SftRecord r, RuntimeException e) {
    return new Failed(STAGE, Stages.oneLine(e), r.meta().chunkId(), 1);
  }

  private static final class TrivialChunkFn extends DoFn<Chunk, KV<String, String>> {
    @ProcessElement
    public void process(@Element Chunk c, OutputReceiver<KV<String, String>> out) {
      SampleFilters.trivialCode(c).ifPresent(why -> out.output(KV.of(c.id(), why)));
    }
  }

  private static final class FilterFn extends DoFn<SftRecord, SftRecord> {
    private final FilterConfig config;
    private final PCollectionView<Map<String, String>> trivialView;
    private final TupleTag<SftRecord> kept;
    private final TupleTag<Rejected> rejected;
    private final TupleTag<Failed> failed;
    private final Counter dropped = Metrics.counter(FilterSamples.class, "rejected");
    private final Counter rows = Metrics.counter(FilterSamples.class, "rows");
    private transient SampleFilters filters;
    private transient Map<String, String> bundleTrivial;

    FilterFn(
        FilterConfig config,
        PCollectionView<Map<String, String>> trivial,
        TupleTag<SftRecord> kept,
        TupleTag<Rejected> rejected,
        TupleTag<Failed> failed) {
      this.config = config;
      this.trivialView = trivial;
      this.kept = kept;
      this.rejected = rejected;
      this.failed = failed;
    }

    @Setup
    public void setup() {
      filters = new SampleFilters(config);
    }

    @StartBundle
    public void start() {
      bundleTrivial = null; // one global window: read the map once per bundle, not once per row
    }

    @ProcessElement
    public void process(ProcessContext c, MultiOutputReceiver out) {
      SftRecord r = c.element();
      rows.inc();
      Optional<SampleFilters.Drop> drop;
      try {
        if (bundleTrivial == null) {
          bundleTrivial = c.sideInput(trivialView);
        }
        drop = filters.check(r, Optional.ofNullable(bundleTrivial.get(r.meta().chunkId())));
      } catch (RuntimeException e) {
        out.get(failed).output(failed(r, e));
        return;
      }
      if (drop.isEmpty()) {
        out.get(kept).output(r);
        return;
      }
      dropped.inc();
      out.get(rejected).output(rejected(r, drop.get()));
    }
  }
}
