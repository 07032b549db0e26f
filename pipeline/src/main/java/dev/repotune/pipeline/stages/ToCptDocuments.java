package dev.repotune.pipeline.stages;

import dev.repotune.extractors.SourceFile;
import dev.repotune.samples.CptRecord;
import dev.repotune.samples.Samples;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Stage 5: every training file as one continued-pretraining document with a short path header: CPT keeps every file,
 * whichever split its questions went to, so SFT(test) measures what the model learned from reading.
 *
 * <p>A file's leading licence comment is left out (every file repeats it; {@code --keep-licence-headers}
 * keeps it) and a document that is not code or Markdown is cut to its first 32k characters: {@code
 * CptText}.
 *
 * <p>With a cache folder, a document's token count is kept by a hash of its text (path header and
 * redacted content, {@link TokenCountCache}): a rerun changes few files.
 */
public final class ToCptDocuments extends PTransform<PCollection<SourceFile>, PCollection<CptRecord>> {
  private final String cacheDir;
  private final boolean keepLicenceHeaders;

  private ToCptDocuments(String cacheDir, boolean keepLicenceHeaders) {
    this.cacheDir = cacheDir;
    this.keepLicenceHeaders = keepLicenceHeaders;
  }

  public static ToCptDocuments of() {
    return new ToCptDocuments(null, false);
  }

  /** Token counts cached under {@code dir} (any Beam file system); null or "" for none. */
  public ToCptDocuments withCache(String dir) {
    return new ToCptDocuments(dir == null || dir.isEmpty() ? null : dir, keepLicenceHeaders);
  }

  /** Keeps each file's leading licence comment, which is stripped by default ({@code CptText}). */
  public ToCptDocuments withLicenceHeaders(boolean keep) {
    return new ToCptDocuments(cacheDir, keep);
  }

  @Override
  public PCollection<CptRecord> expand(PCollection<SourceFile> files) {
    return files.apply(
        "ToDocument",
        ParDo.of(new ToDocumentFn(cacheDir, keepLicenceHeaders)));
  }

  private static final class ToDocumentFn extends DoFn<SourceFile, CptRecord> {
    private final TokenCountCache counts;
    private final boolean keepLicenceHeaders;

    ToDocumentFn(String cacheDir, boolean keepLicenceHeaders) {
      this.counts = new TokenCountCache(cacheDir, Metrics.counter(ToCptDocuments.class, "reused"));
      this.keepLicenceHeaders = keepLicenceHeaders;
    }

    @ProcessElement
    public void process(@Element SourceFile f, OutputReceiver<CptRecord> out) {
      if (f.text().isBlank()) {
        return; // nothing to read; ExtractChunks records the file as empty_file
      }
      out.output(Samples.cpt(f, counts::count, keepLicenceHeaders));
    }
  }
}
