package dev.repotune.pipeline.stages;

import dev.repotune.extractors.Chunk;
import dev.repotune.samples.Failed;
import dev.repotune.samples.JsonLines;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.quality.SampleFilters;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Stage 12: what the filter rules need beyond the row itself, and how a drop is recorded. The rules
 * ({@link dev.repotune.samples.quality.SampleFilters}: too short or long, empty or boilerplate answers,
 * answers that repeat the question, refusals, non-English questions under {@code --language en}, questions
 * about getters, setters and other trivial code) run inside {@link SftRows}, in the step that makes the
 * rows: between separate steps the DirectRunner would hold every row in memory at once. This transform
 * gives them their side input: which chunks are trivial, found from the chunks themselves (a row does not
 * carry its chunk's facts), as a map of the few trivial ones by id, with why.
 */
public final class FilterSamples extends PTransform<PCollection<Chunk>, PCollectionView<Map<String, String>>> {
  static final String STAGE = "FilterSamples";

  private FilterSamples() {}

  /** The trivial chunks (getters, setters, ...) by id, with why. */
  public static FilterSamples trivialChunks() {
    return new FilterSamples();
  }

  @Override
  public PCollectionView<Map<String, String>> expand(PCollection<Chunk> chunks) {
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
}
