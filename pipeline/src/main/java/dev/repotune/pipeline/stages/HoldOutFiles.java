package dev.repotune.pipeline.stages;

import dev.repotune.extractors.SourceFile;
import dev.repotune.samples.CompletionHoldout;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import java.util.Map;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Stage 3: the code files held out of every training output for the completion test ({@code
 * --completion-holdout}, {@link CompletionHoldout}; in repositories of at least {@link #MIN_CODE_FILES}
 * code files) go apart before anything is made of the rest. The
 * training files go on to chunks, CPT, FIM and repository-level documents; the held-out files reach only
 * the FIM test split. Holding them out here, before the index, means no SFT row can quote them either (a
 * caller's line, a test's body, a callee's signature): the job reads the repository as if they were not
 * there.
 */
public final class HoldOutFiles extends PTransform<PCollection<SourceFile>, PCollectionTuple> {
  /** The files every training output is made of. */
  public static final TupleTag<SourceFile> TRAINING = new TupleTag<>("training") {};
  /** The held-out code files, for the FIM test split. */
  public static final TupleTag<SourceFile> HELD_OUT = new TupleTag<>("held_out") {};
  /** {@code files.held_out}: how many were held out. */
  public static final TupleTag<KV<String, Long>> TALLIES = new TupleTag<>("held_out_tallies") {};

  /**
   * A repository with fewer code files holds none out: there, one held-out file would take a twentieth
   * of the code from training to test the completion of a single file.
   */
  public static final int MIN_CODE_FILES = 20;

  private final CompletionHoldout holdout;

  private HoldOutFiles(CompletionHoldout holdout) {
    this.holdout = holdout;
  }

  public static HoldOutFiles of(CompletionHoldout holdout) {
    return new HoldOutFiles(holdout);
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceFile> files) {
    PCollectionView<Map<String, Long>> codeFiles =
        files
            .apply("CodeFiles", Filter.by((SourceFile f) -> CompletionHoldout.isCode(f.language())))
            .apply("ByRepo", MapElements.into(TypeDescriptors.strings()).via(SourceFile::repo))
            .apply("Count", Count.perElement())
            .apply("CountView", View.asMap());
    PCollectionTuple out =
        files.apply("Split", ParDo.of(new SplitFn(holdout, codeFiles)).withSideInputs(codeFiles)
            .withOutputTags(TRAINING, TupleTagList.of(HELD_OUT).and(TALLIES)));
    out.get(TRAINING).setCoder(files.getCoder());
    out.get(HELD_OUT).setCoder(files.getCoder());
    return out;
  }

  private static final class SplitFn extends DoFn<SourceFile, SourceFile> {
    private final CompletionHoldout holdout;
    private final Counter heldOut = Metrics.counter(HoldOutFiles.class, "held_out");

    private final PCollectionView<Map<String, Long>> codeFiles;

    SplitFn(CompletionHoldout holdout, PCollectionView<Map<String, Long>> codeFiles) {
      this.holdout = holdout;
      this.codeFiles = codeFiles;
    }

    @ProcessElement
    public void process(@Element SourceFile f, MultiOutputReceiver out, ProcessContext c) {
      boolean large = c.sideInput(codeFiles).getOrDefault(f.repo(), 0L) >= MIN_CODE_FILES;
      if (large && holdout.isHeldOut(f.repo(), f.path(), f.language()) && !f.text().isBlank()) {
        heldOut.inc();
        out.get(HELD_OUT).output(f);
        out.get(TALLIES).output(KV.of("files.held_out", 1L));
      } else {
        out.get(TRAINING).output(f);
      }
    }
  }
}
