package dev.repotune.pipeline.stages;

import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.TokenCounter;
import dev.repotune.samples.CptRecord;
import dev.repotune.samples.Samples;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Every kept file as one continued-pretraining document with a short path header: CPT keeps every file,
 * whichever split its questions went to, so SFT(test) measures what the model learned from reading.
 */
public final class ToCptDocuments extends PTransform<PCollection<SourceFile>, PCollection<CptRecord>> {
  private ToCptDocuments() {}

  public static ToCptDocuments of() {
    return new ToCptDocuments();
  }

  @Override
  public PCollection<CptRecord> expand(PCollection<SourceFile> files) {
    return files.apply("ToDocument", ParDo.of(new ToDocumentFn()));
  }

  private static final class ToDocumentFn extends DoFn<SourceFile, CptRecord> {
    @ProcessElement
    public void process(@Element SourceFile f, OutputReceiver<CptRecord> out) {
      if (f.text().isBlank()) {
        return; // nothing to read; ExtractChunks records the file as empty_file
      }
      out.output(Samples.cpt(f, TokenCounter::count));
    }
  }
}
