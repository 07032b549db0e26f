package dev.repotune.pipeline.stages;

import dev.repotune.samples.Samples;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.Split;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Stage 8: train or test, by a hash of (repo, path). Every question about a file lands on the same side,
 * so SFT(test) asks about code the model only saw in CPT: the question a team actually has.
 */
public final class SplitTrainTest extends PTransform<PCollection<SftRecord>, PCollection<SftRecord>> {
  private final double testFraction;
  private final long seed;

  private SplitTrainTest(double testFraction, long seed) {
    this.testFraction = testFraction;
    this.seed = seed;
  }

  public static SplitTrainTest of(double testFraction, long seed) {
    return new SplitTrainTest(testFraction, seed);
  }

  @Override
  public PCollection<SftRecord> expand(PCollection<SftRecord> records) {
    return records.apply("AssignSplit", ParDo.of(new AssignFn(assigner())));
  }

  /** The split as a plain function of a row. */
  public Assigner assigner() {
    return new Assigner(testFraction, seed);
  }

  /** Sets a row's split from its (repo, path). */
  public record Assigner(double testFraction, long seed) implements java.io.Serializable {
    public SftRecord assign(SftRecord r) {
      return Samples.withSplit(r, Split.of(r.meta().repo(), r.meta().path(), testFraction, seed));
    }
  }

  private static final class AssignFn extends DoFn<SftRecord, SftRecord> {
    private final Assigner assigner;

    AssignFn(Assigner assigner) {
      this.assigner = assigner;
    }

    @ProcessElement
    public void process(@Element SftRecord r, OutputReceiver<SftRecord> out) {
      out.output(assigner.assign(r));
    }
  }
}
