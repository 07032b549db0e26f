package dev.repotune.pipeline.stages;

import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.git.RepositoryReader;
import dev.repotune.extractors.git.TreeEntry;
import dev.repotune.samples.CompletionHoldout;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
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

  private final Rule rule;

  private HoldOutFiles(Rule rule) {
    this.rule = rule;
  }

  /** Holds out files of the repositories {@code specs} names (their trees are listed to count code files). */
  public static HoldOutFiles of(CompletionHoldout holdout, List<ReadRepository.Spec> specs) {
    return new HoldOutFiles(new Rule(holdout, specs));
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceFile> files) {
    PCollectionTuple out =
        files.apply("Split", ParDo.of(new SplitFn(rule)).withOutputTags(TRAINING, TupleTagList.of(HELD_OUT).and(TALLIES)));
    out.get(TRAINING).setCoder(files.getCoder());
    out.get(HELD_OUT).setCoder(files.getCoder());
    return out;
  }

  /**
   * Which paths are held out, for every step that reads the repository: this stage's split, and the
   * history's rows, whose older versions of a held-out file would otherwise bring it into training
   * (jsoup: 26 of its 37 held-out FIM middles were in commit documents and history rows). A path is
   * decided by {@link CompletionHoldout} in a repository of at least {@link #MIN_CODE_FILES} code files.
   */
  public static final class Rule implements java.io.Serializable {
    private final CompletionHoldout holdout;
    private final List<ReadRepository.Spec> specs;
    private transient Map<String, Long> codeFiles;

    public Rule(CompletionHoldout holdout, List<ReadRepository.Spec> specs) {
      this.holdout = holdout;
      this.specs = List.copyOf(specs);
    }

    /** The settings that decide (for cache keys): the share and seed, not the trees. */
    @Override
    public String toString() {
      return holdout.toString();
    }

    /** Whether the repository is large enough to hold files out: the same answer in every step. */
    public boolean holdsOut(String repo) {
      return codeFiles().getOrDefault(repo, 0L) >= MIN_CODE_FILES;
    }

    /** Whether the file at {@code path} is held out (its text aside: a blank file is never held out). */
    public boolean isHeldOut(String repo, String path, String language) {
      return holdsOut(repo) && holdout.isHeldOut(repo, path, language);
    }

    /**
     * Each repository's code files, from its tree's listing (the paths alone: a quick walk). Counted here
     * rather than from the files as a side input: on the DirectRunner, files held back until a side
     * input is ready travel on in bundles of one, and a later map side input (FilterSamples' trivial
     * chunks) copied its whole state at every bundle, which stalled the JDK's run.
     */
    private synchronized Map<String, Long> codeFiles() {
      if (codeFiles == null) {
        Map<String, Long> counts = new TreeMap<>();
        for (ReadRepository.Spec spec : specs) {
          long n = 0;
          try (RepositoryReader reader = spec.openReader()) {
            for (TreeEntry e : reader.list(spec.resolved())) {
              n += e.isKept() && CompletionHoldout.isCode(e.language()) ? 1 : 0;
            }
          } catch (Exception e) {
            n = 0; // ReadRepository reports an unreadable repository; none of it is held out
          }
          counts.put(spec.name(), n);
        }
        codeFiles = counts;
      }
      return codeFiles;
    }
  }

  private static final class SplitFn extends DoFn<SourceFile, SourceFile> {
    private final Rule rule;
    private final Counter heldOut = Metrics.counter(HoldOutFiles.class, "held_out");

    SplitFn(Rule rule) {
      this.rule = rule;
    }

    @ProcessElement
    public void process(@Element SourceFile f, MultiOutputReceiver out) {
      if (rule.isHeldOut(f.repo(), f.path(), f.language()) && !f.text().isBlank()) {
        heldOut.inc();
        out.get(HELD_OUT).output(f);
        out.get(TALLIES).output(KV.of("files.held_out", 1L));
      } else {
        out.get(TRAINING).output(f);
      }
    }
  }
}
