package dev.repotune.pipeline;

import dev.repotune.samples.Failed;
import dev.repotune.samples.OutputKind;
import dev.repotune.samples.Rejected;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * What a stage gives back: what it kept, what it chose to drop (with the reason) and what it could not do
 * (with the error). Failures are data, never exceptions out of the transform (rrio's {@code Result}), so
 * every chunk can be accounted for at the end. A stage that counts what it did for the manifest adds its
 * named tallies ({@link #withTallies}), so every stage's counts reach {@link CountOutcomes} in one shape.
 */
public final class StageResult<T> implements POutput {
  private final Pipeline pipeline;
  private final TupleTag<T> outputTag;
  private final PCollection<T> output;
  private final TupleTag<Rejected> rejectedTag;
  private final PCollection<Rejected> rejected;
  private final TupleTag<Failed> failedTag;
  private final PCollection<Failed> failed;
  private final PCollection<KV<String, Long>> tallies;
  private final TupleTag<KV<String, Long>> talliesTag = new TupleTag<>("tallies") {};

  private StageResult(
      Pipeline pipeline,
      TupleTag<T> outputTag,
      PCollection<T> output,
      TupleTag<Rejected> rejectedTag,
      PCollection<Rejected> rejected,
      TupleTag<Failed> failedTag,
      PCollection<Failed> failed,
      PCollection<KV<String, Long>> tallies) {
    this.pipeline = pipeline;
    this.outputTag = outputTag;
    this.output = output;
    this.rejectedTag = rejectedTag;
    this.rejected = rejected;
    this.failedTag = failedTag;
    this.failed = failed;
    this.tallies = tallies;
  }

  /** Splits a multi-output ParDo's tuple into the three streams. */
  public static <T> StageResult<T> of(
      PCollectionTuple tuple,
      TupleTag<T> outputTag,
      TupleTag<Rejected> rejectedTag,
      TupleTag<Failed> failedTag) {
    return new StageResult<>(
        tuple.getPipeline(),
        outputTag,
        tuple.get(outputTag),
        rejectedTag,
        tuple.get(rejectedTag),
        failedTag,
        tuple.get(failedTag),
        null);
  }

  /** A result from separately built streams (for stages made of several steps). */
  public static <T> StageResult<T> of(
      PCollection<T> output, PCollection<Rejected> rejected, PCollection<Failed> failed) {
    return new StageResult<>(
        output.getPipeline(),
        new TupleTag<T>("output") {},
        output,
        new TupleTag<Rejected>(OutputKind.REJECTED.folder()) {},
        rejected,
        new TupleTag<Failed>(OutputKind.FAILED.folder()) {},
        failed,
        null);
  }

  /** This result with the stage's named tallies for the manifest ({@code files.kept}, ...). */
  public StageResult<T> withTallies(PCollection<KV<String, Long>> stageTallies) {
    return new StageResult<>(pipeline, outputTag, output, rejectedTag, rejected, failedTag, failed, stageTallies);
  }

  public PCollection<T> getOutput() {
    return output;
  }

  public PCollection<Rejected> getRejected() {
    return rejected;
  }

  public PCollection<Failed> getFailed() {
    return failed;
  }

  /** The stage's tallies, or null when it counts nothing of its own. */
  public PCollection<KV<String, Long>> getTallies() {
    return tallies;
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    Map<TupleTag<?>, PValue> out = new java.util.LinkedHashMap<>();
    out.put(outputTag, output);
    out.put(rejectedTag, rejected);
    out.put(failedTag, failed);
    if (tallies != null) {
      out.put(talliesTag, tallies);
    }
    return out;
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
