package dev.repotune.pipeline.stages;

import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.secrets.SecretRedactor;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * Replaces secrets in every file before anything else sees it: chunks, CPT documents, teacher prompts
 * and cache entries are all made from the redacted text, so no rule's secret can leave the machine or
 * reach a shard. Runs right after ReadRepository. Besides the files it emits tallies ({@code
 * secrets.redacted.<kind>}, {@code secrets.files}) summed per bundle, which CountOutcomes folds into the
 * manifest.
 */
public final class RedactSecrets extends PTransform<PCollection<SourceFile>, PCollectionTuple> {
  public static final String TALLY_PREFIX = "secrets.redacted.";
  public static final String FILES_TALLY = "secrets.files";

  private final TupleTag<SourceFile> files = new TupleTag<>() {};
  private final TupleTag<KV<String, Long>> tallies = new TupleTag<>() {};

  private RedactSecrets() {}

  public static RedactSecrets of() {
    return new RedactSecrets();
  }

  /** The redacted files in this stage's output. */
  public TupleTag<SourceFile> files() {
    return files;
  }

  /** The per-bundle counts by kind in this stage's output. */
  public TupleTag<KV<String, Long>> tallies() {
    return tallies;
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceFile> input) {
    return input.apply(
        "Redact", ParDo.of(new RedactFn(files, tallies)).withOutputTags(files, TupleTagList.of(tallies)));
  }

  private static final class RedactFn extends DoFn<SourceFile, SourceFile> {
    private final TupleTag<SourceFile> files;
    private final TupleTag<KV<String, Long>> tallies;
    private final Counter redacted = Metrics.counter(RedactSecrets.class, "secrets_redacted");
    private final Counter filesSeen = Metrics.counter(RedactSecrets.class, "files");
    private transient SecretRedactor redactor;
    private transient Map<String, Long> sums;

    RedactFn(TupleTag<SourceFile> files, TupleTag<KV<String, Long>> tallies) {
      this.files = files;
      this.tallies = tallies;
    }

    @Setup
    public void setup() {
      redactor = new SecretRedactor();
    }

    @StartBundle
    public void start() {
      sums = new TreeMap<>();
    }

    @ProcessElement
    public void process(@Element SourceFile f, MultiOutputReceiver out) {
      filesSeen.inc();
      SecretRedactor.Result r = redactor.redact(f.text());
      if (r.total() == 0) {
        out.get(files).output(f);
        return;
      }
      redacted.inc(r.total());
      sums.merge(FILES_TALLY, 1L, Long::sum);
      sums.merge(TALLY_PREFIX + "total", (long) r.total(), Long::sum);
      r.counts().forEach((kind, n) -> sums.merge(TALLY_PREFIX + kind, (long) n, Long::sum));
      out.get(files)
          .output(new SourceFile(f.repo(), f.commit(), f.path(), f.language(), f.blobSha(), r.text()));
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      sums.forEach((k, v) -> c.output(tallies, KV.of(k, v), Instant.EPOCH, GlobalWindow.INSTANCE));
      sums = null;
    }
  }
}
