package dev.repotune.pipeline.stages;

import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.secrets.PiiRedactor;
import dev.repotune.extractors.secrets.SecretRedactor;
import dev.repotune.pipeline.StageResult;
import dev.repotune.samples.Failed;
import dev.repotune.samples.Rejected;
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
 * Stage 2: replaces secrets, then personal data (e-mail addresses unless {@code --keep-emails}, public IP
 * addresses), in every file before anything else sees it: chunks, CPT documents, teacher prompts and
 * cache entries are all made from the redacted text, so no rule's secret or address can leave the
 * machine or reach a shard. Runs right after ReadRepository. Besides the files it emits tallies ({@code
 * secrets.redacted.<kind>}, {@code secrets.files}, {@code pii.redacted.<kind>}, {@code pii.files})
 * summed per bundle, which CountOutcomes folds into the manifest.
 */
public final class RedactSecrets extends PTransform<PCollection<SourceFile>, StageResult<SourceFile>> {
  static final String STAGE = "RedactSecrets";
  public static final String TALLY_PREFIX = "secrets.redacted.";
  public static final String FILES_TALLY = "secrets.files";
  public static final String PII_TALLY_PREFIX = "pii.redacted.";
  public static final String PII_FILES_TALLY = "pii.files";

  private final TupleTag<SourceFile> files = new TupleTag<>() {};
  private final TupleTag<KV<String, Long>> tallies = new TupleTag<>() {};
  private final TupleTag<Rejected> rejected = new TupleTag<>() {};
  private final TupleTag<Failed> failed = new TupleTag<>() {};

  private final boolean keepEmails;

  private RedactSecrets(boolean keepEmails) {
    this.keepEmails = keepEmails;
  }

  public static RedactSecrets of() {
    return new RedactSecrets(false);
  }

  /** {@code --keep-emails}: e-mail addresses stay; secrets and IP addresses are still redacted. */
  public RedactSecrets withKeepEmails(boolean keep) {
    return new RedactSecrets(keep);
  }

  /**
   * The redacted files, their tallies, and as failed the files a rule could not be run on (left out, so
   * an unredacted text never goes on); it rejects nothing.
   */
  @Override
  public StageResult<SourceFile> expand(PCollection<SourceFile> input) {
    PCollectionTuple out =
        input.apply(
            "Redact",
            ParDo.of(new RedactFn(files, tallies, failed, keepEmails))
                .withOutputTags(files, TupleTagList.of(tallies).and(rejected).and(failed)));
    return StageResult.of(out, files, rejected, failed).withTallies(out.get(tallies));
  }

  private static final class RedactFn extends DoFn<SourceFile, SourceFile> {
    private final TupleTag<SourceFile> files;
    private final TupleTag<KV<String, Long>> tallies;
    private final TupleTag<Failed> failed;
    private final Counter redacted = Metrics.counter(RedactSecrets.class, "secrets_redacted");
    private final Counter filesSeen = Metrics.counter(RedactSecrets.class, "files");
    private final boolean keepEmails;
    private transient SecretRedactor redactor;
    private transient PiiRedactor pii;
    private transient Map<String, Long> sums;

    RedactFn(
        TupleTag<SourceFile> files, TupleTag<KV<String, Long>> tallies, TupleTag<Failed> failed, boolean keepEmails) {
      this.files = files;
      this.tallies = tallies;
      this.failed = failed;
      this.keepEmails = keepEmails;
    }

    @Setup
    public void setup() {
      redactor = new SecretRedactor();
      pii = new PiiRedactor(!keepEmails, true);
    }

    @StartBundle
    public void start() {
      sums = new TreeMap<>();
    }

    @ProcessElement
    public void process(@Element SourceFile f, MultiOutputReceiver out) {
      filesSeen.inc();
      SecretRedactor.Result r;
      SecretRedactor.Result p;
      try {
        r = redactor.redact(f.text());
        p = pii.redact(r.text());
      } catch (RuntimeException | StackOverflowError e) {
        out.get(failed).output(new Failed(STAGE, Stages.oneLine(e), f.path(), 1));
        return;
      }
      if (r.total() == 0 && p.total() == 0) {
        out.get(files).output(f);
        return;
      }
      redacted.inc(r.total());
      tally(r, FILES_TALLY, TALLY_PREFIX);
      tally(p, PII_FILES_TALLY, PII_TALLY_PREFIX);
      out.get(files)
          .output(new SourceFile(f.repo(), f.commit(), f.path(), f.language(), f.blobSha(), p.text()));
    }

    private void tally(SecretRedactor.Result r, String filesTally, String prefix) {
      if (r.total() == 0) {
        return;
      }
      sums.merge(filesTally, 1L, Long::sum);
      sums.merge(prefix + "total", (long) r.total(), Long::sum);
      r.counts().forEach((kind, n) -> sums.merge(prefix + kind, (long) n, Long::sum));
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      sums.forEach((k, v) -> c.output(tallies, KV.of(k, v), Instant.EPOCH, GlobalWindow.INSTANCE));
      sums = null;
    }
  }
}
