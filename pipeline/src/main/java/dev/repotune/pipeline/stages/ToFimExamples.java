package dev.repotune.pipeline.stages;

import com.github.javaparser.ast.CompilationUnit;
import dev.repotune.extractors.ExtractorVersion;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.TokenCounter;
import dev.repotune.extractors.completion.FileDependencies;
import dev.repotune.extractors.completion.FimMiddles;
import dev.repotune.extractors.completion.FimSpan;
import dev.repotune.extractors.git.FileOutcome;
import dev.repotune.extractors.git.RepositoryReader;
import dev.repotune.extractors.git.ResolvedRepository;
import dev.repotune.extractors.git.TreeEntry;
import dev.repotune.pipeline.StageResult;
import dev.repotune.pipeline.coders.Packed;
import dev.repotune.samples.CompletionHoldout;
import dev.repotune.samples.CptText;
import dev.repotune.samples.FimRecord;
import dev.repotune.samples.HeldOutCheck;
import dev.repotune.samples.ModelProfile;
import dev.repotune.samples.OutputKind;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.RepoEntry;
import dev.repotune.samples.Split;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Optional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.joda.time.Instant;

/**
 * Stage 8: fill-in-the-middle examples of every code file, in the profile's format ({@code --profile}),
 * and each training file's entry for the repository-level documents (stage 9; prose and data files too,
 * as context). A file is parsed once for both: its middles ({@link FimMiddles}: pieces of the syntax tree
 * and random spans) and what it depends on ({@link FileDependencies}).
 *
 * <p>The training files' examples are the {@code fim} train split; the held-out files' ({@link
 * HoldOutFiles}) are its test split, less any example whose middle (of at least {@link
 * HeldOutCheck#MIN_CHARS} characters that are not white space) occurs in a training file: such a middle
 * could be recalled rather than completed, so it is rejected ({@code middle_in_training}). Every training
 * output is made of the training files, so no held-out middle reaches one. An example is its whole file;
 * one longer than {@code --context-tokens} is rejected ({@code over_context}): a trainer would cut it at
 * its context, and the middle comes last.
 *
 * <p>With a cache folder, a file's middles, dependencies and counts are kept by its body and the
 * settings, so a rerun parses only the files that changed.
 *
 * <p>Token counts are o200k_base's with each special token as one ({@link ModelProfile#tokens}): the
 * profile's own tokenizer is not here offline. A file is counted once ({@link TokenCounter.Pieces}) and
 * each example from its parts.
 */
public final class ToFimExamples extends PTransform<PCollectionTuple, PCollectionTuple> {
  public static final String STAGE = "ToFimExamples";
  /** The FIM test rows (the training rows are spilled as they are made: {@link #RUNS}). */
  public static final TupleTag<FimRecord> ROWS = new TupleTag<>("fim_rows") {};
  /**
   * The FIM training rows, spilled to run files by the step that makes them, as {@link SftRows} does: a
   * file's examples are each the whole file twice over (text, and its parts), so on the DirectRunner,
   * which holds a collection whole until its consumer runs, the JDK's 50,000 examples took 670 MB.
   */
  public static final TupleTag<RunFiles.Run> RUNS = new TupleTag<>("fim_runs") {};
  /** The training files' entries for the repository-level documents. */
  public static final TupleTag<RepoEntry> ENTRIES = new TupleTag<>("repo_entries") {};
  public static final TupleTag<Rejected> REJECTED = new TupleTag<>("fim_rejected") {};
  public static final TupleTag<KV<String, Long>> TALLIES = new TupleTag<>("fim_tallies") {};
  /**
   * An input besides the files: texts of the other training outputs that are not read from the
   * snapshot (history rows, commit documents), by repository. A held-out middle in one of them is
   * rejected as one in a training file is: code moved out of a held-out file, or into it, is in the
   * history's diffs and older versions.
   */
  public static final TupleTag<KV<String, String>> TRAINING_TEXTS = new TupleTag<>("fim_training_texts") {};

  private final Settings settings;
  private final String cacheDir;
  private final List<ReadRepository.Spec> specs;
  private final String workDir;

  /** What decides the examples; the profile by name (its resource is read where it is used). */
  public record Settings(
      String profile, long seed, int perFile, double randomShare, double spmShare, double fimRate, int contextTokens)
      implements Serializable {}

  private ToFimExamples(Settings settings, String cacheDir, List<ReadRepository.Spec> specs, String workDir) {
    this.settings = settings;
    this.cacheDir = cacheDir;
    this.specs = List.copyOf(specs);
    this.workDir = workDir;
  }

  /**
   * Examples of the files of the repositories {@code specs} names (read again to check held-out
   * middles); the training rows spilled under {@code workDir}, the folder {@link WriteShards} merges.
   */
  public static ToFimExamples of(Settings settings, List<ReadRepository.Spec> specs, String workDir) {
    return new ToFimExamples(settings, null, specs, workDir);
  }

  /** Each file's middles, dependencies and counts cached under {@code dir} (any Beam file system); null for none. */
  public ToFimExamples withCache(String dir) {
    return new ToFimExamples(settings, dir, specs, workDir);
  }

  /** Takes {@link HoldOutFiles#TRAINING}, {@link HoldOutFiles#HELD_OUT} and {@link #TRAINING_TEXTS}. */
  @Override
  public PCollectionTuple expand(PCollectionTuple files) {
    TupleTag<FimRecord> rows = new TupleTag<>() {};
    TupleTag<RepoEntry> entries = new TupleTag<>() {};
    TupleTag<RunFiles.Run> runs = new TupleTag<>() {};
    TupleTag<KV<String, Long>> counts = new TupleTag<>() {};
    PCollectionTuple training =
        files.get(HoldOutFiles.TRAINING)
            .apply("TrainingExamples",
                ParDo.of(new ExamplesFn(settings, Split.TRAIN, rows, entries, cacheDir, workDir, runs, counts))
                    .withOutputTags(rows, TupleTagList.of(entries).and(REJECTED).and(runs).and(counts)));
    PCollectionTuple heldOut =
        files.get(HoldOutFiles.HELD_OUT)
            .apply("HeldOutExamples", ParDo.of(new ExamplesFn(settings, Split.TEST, rows, entries, cacheDir, null, runs, counts))
                .withOutputTags(rows, TupleTagList.of(entries).and(REJECTED)));
    training.get(rows).setCoder(SerializableCoder.of(FimRecord.class));
    PCollection<FimRecord> candidates = heldOut.get(rows).setCoder(SerializableCoder.of(FimRecord.class));
    heldOut.get(entries).setCoder(SerializableCoder.of(RepoEntry.class));

    // Which held-out middles a training file contains: the held-out rows, packed, go to one place per
    // repository with the other training texts (packed too), which reads the training files from the
    // repository itself, scans them and the texts once and keeps the rows whose middle none holds. No
    // side input (on the DirectRunner, the training files held back for one stalled the run) and no join
    // by id (one bundle per id made one shard run per row).
    TupleTag<FimRecord> kept = new TupleTag<>() {};
    KvCoder<String, byte[]> packedCoder = KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of());
    PCollection<KV<String, byte[]>> packedRows =
        candidates
            .apply("PackHeldOut", ParDo.of(new Packed.PerKey<>(SerializableCoder.of(FimRecord.class), r -> r.meta().repo())))
            .setCoder(packedCoder);
    PCollection<KV<String, byte[]>> packedTexts =
        files.get(TRAINING_TEXTS)
            .apply("PackTrainingTexts", ParDo.of(new Packed.PerKey<>(TEXT_CODER, KV::getKey)))
            .setCoder(packedCoder);
    PCollectionTuple test =
        KeyedPCollectionTuple.of(HELD_OUT_ROWS, packedRows)
            .and(OTHER_TEXTS, packedTexts)
            .apply("GroupHeldOut", CoGroupByKey.create())
            .apply("ScanTraining", ParDo.of(new ScanFn(specs, kept)).withOutputTags(kept, TupleTagList.of(REJECTED).and(TALLIES)));

    return PCollectionTuple.of(ROWS, test.get(kept).setCoder(SerializableCoder.of(FimRecord.class)))
        .and(RUNS, training.get(runs).setCoder(SerializableCoder.of(RunFiles.Run.class)))
        .and(ENTRIES, training.get(entries).setCoder(SerializableCoder.of(RepoEntry.class)))
        .and(REJECTED, PCollectionList.of(test.get(REJECTED)).and(heldOut.get(REJECTED)).and(training.get(REJECTED))
            .apply("FimRejected", Flatten.pCollections()))
        .and(TALLIES, PCollectionList.of(test.get(TALLIES))
            .and(training.get(counts).setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())))
            .apply("FimTallies", Flatten.pCollections()));
  }

  /** The stage's test rows, rejected rows and tallies (the spilled rows' counts too), for the graph's bookkeeping. */
  public static StageResult<FimRecord> result(PCollectionTuple out) {
    return StageResult.of(out.get(ROWS), out.get(REJECTED), null).withTallies(out.get(TALLIES));
  }

  /**
   * A file's examples and, for a training file, its repository-level entry. With a work folder the
   * examples are spilled there as run files (and counted for the manifest) rather than output.
   */
  private static final class ExamplesFn extends DoFn<SourceFile, FimRecord> {
    private final Settings s;
    private final String split;
    private final TupleTag<FimRecord> rows;
    private final TupleTag<RepoEntry> entries;
    private final String workDir;
    private final TupleTag<RunFiles.Run> runs;
    private final TupleTag<KV<String, Long>> counts;
    private transient RunFiles.Spiller spiller;
    private transient Map<String, Long> sums;
    private transient ModelProfile profile;
    /** Per repository, the room a document has for files (the header and FIM reserve are counted once). */
    private transient Map<String, Integer> rooms;
    private final Counter examples = Metrics.counter(ToFimExamples.class, "examples");
    private final Counter millis = Metrics.counter(ToFimExamples.class, "millis");
    private final Counter reused = Metrics.counter(ToFimExamples.class, "reused");
    private final Counter spilled = Metrics.counter(WriteShards.class, "rows");
    /** Null: no cache. */
    private final BeamCacheStore cache;

    ExamplesFn(Settings s, String split, TupleTag<FimRecord> rows, TupleTag<RepoEntry> entries, String cacheDir,
        String workDir, TupleTag<RunFiles.Run> runs, TupleTag<KV<String, Long>> counts) {
      this.s = s;
      this.workDir = workDir;
      this.runs = runs;
      this.counts = counts;
      this.cache = cacheDir == null || cacheDir.isEmpty() ? null : new BeamCacheStore(cacheDir, ".fim");
      this.split = split;
      this.rows = rows;
      this.entries = entries;
    }

    @Setup
    public void setup() {
      profile = ModelProfile.named(s.profile());
      rooms = new HashMap<>();
    }

    @StartBundle
    public void start() {
      if (workDir != null) {
        spiller = new RunFiles.Spiller(workDir, OutputKind.FIM.folder());
        sums = new TreeMap<>();
      }
    }

    @ProcessElement
    public void process(@Element SourceFile f, MultiOutputReceiver out) throws IOException {
      long t0 = System.nanoTime();
      try {
        make(f, out);
      } finally {
        millis.inc((System.nanoTime() - t0) / 1_000_000);
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) throws IOException {
      if (spiller == null) {
        return;
      }
      for (RunFiles.Run r : spiller.flush()) {
        c.output(runs, r, Instant.EPOCH, GlobalWindow.INSTANCE);
      }
      sums.forEach((k, v) -> c.output(counts, KV.of(k, v), Instant.EPOCH, GlobalWindow.INSTANCE));
      spiller = null;
      sums = null;
    }

    private void make(SourceFile f, MultiOutputReceiver out) throws IOException {
      boolean code = CompletionHoldout.isCode(f.language());
      if (f.text().isBlank() || !code && !split.equals(Split.TRAIN)) {
        return;
      }
      String body = CptText.body(f.language(), f.text(), false);
      if (body.isBlank()) {
        return;
      }
      if (!code) {
        // prose and data have no FIM examples, but the README and the build file are context in a
        // repository-level document (a data file capped as in CPT)
        TokenCounter.Pieces pieces = TokenCounter.Pieces.of(body);
        List<Integer> cuts = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        cut(f, body, pieces, cuts, counts);
        out.get(entries).output(RepoEntry.of(f.repo(), f.commit(), f.path(), f.language(), body,
            FileDependencies.none(f.path()), cuts, counts, List.of()));
        return;
      }
      long fileSeed = StableIds.prefix64(Long.toString(s.seed()), "fim", f.repo(), f.path());
      Facts facts = facts(f, body, fileSeed);
      if (facts.spans().isEmpty() && split.equals(Split.TEST)) {
        // a held-out file reaches no training output; without a middle it reaches none at all
        out.get(REJECTED).output(new Rejected(STAGE, "no_middle", "a held-out file with no middle to complete",
            Stages.json("repo", f.repo(), "path", f.path())));
        return;
      }
      for (int i = 0; i < Math.min(s.perFile(), facts.spans().size()); i++) {
        FimRecord r = example(f, body, facts, i, fileSeed);
        if (r.meta().tokens() > s.contextTokens()) {
          // a trainer cuts a text at its context: the middle, which comes last, would be lost
          out.get(REJECTED).output(new Rejected(STAGE, "over_context",
              "the example has " + r.meta().tokens() + " tokens, more than --context-tokens " + s.contextTokens()
                  + ": a trainer would cut off its middle",
              Stages.json("id", r.id(), "repo", f.repo(), "path", f.path(), "split", split)));
          continue;
        }
        if (spiller == null) {
          out.get(rows).output(r);
        } else {
          OutputKind.FIM.count(r, sums);
          spilled.inc();
          for (RunFiles.Run run : spiller.add(OutputKind.FIM, r)) {
            out.get(runs).output(run);
          }
        }
        examples.inc();
      }
      if (split.equals(Split.TRAIN)) {
        out.get(entries).output(RepoEntry.of(f.repo(), f.commit(), f.path(), f.language(), body, facts.dependencies(),
            facts.cuts(), facts.pieceTokens(), facts.spans()));
      }
    }

    /** The file's facts from the cache, else worked out (one parse) and cached. */
    private Facts facts(SourceFile f, String body, long fileSeed) {
      String key = cache == null ? null
          : StableIds.of("completion", ExtractorVersion.value(), s.toString(), split, f.repo(), f.path(), body);
      if (key != null) {
        try {
          Optional<byte[]> hit = cache.read(key);
          if (hit.isPresent()) {
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(hit.get()))) {
              reused.inc();
              return (Facts) in.readObject();
            }
          }
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
          // worked out again below
        }
      }
      CompilationUnit unit = f.language().equals("java") ? FimMiddles.parse(body) : null;
      int wanted = Math.max(s.perFile(), split.equals(Split.TRAIN) ? 1 : 0);
      List<FimSpan> spans = wanted == 0 ? List.of() : FimMiddles.choose(unit, body, fileSeed, wanted, s.randomShare());
      TokenCounter.Pieces pieces = TokenCounter.Pieces.of(body);
      List<Integer> spanTokens = new ArrayList<>();
      for (FimSpan span : spans) {
        spanTokens.add(pieces.count(0, span.start()) + pieces.count(span.start(), span.end())
            + pieces.count(span.end(), body.length()));
      }
      List<Integer> cuts = new ArrayList<>();
      List<Integer> counts = new ArrayList<>();
      if (split.equals(Split.TRAIN)) {
        cut(f, body, pieces, cuts, counts);
      }
      FileDependencies deps =
          unit == null || !split.equals(Split.TRAIN) ? FileDependencies.none(f.path()) : FileDependencies.of(f.path(), unit);
      Facts facts = new Facts(spans, spanTokens, deps, cuts, counts);
      if (key != null) {
        try {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(facts);
          }
          cache.write(key, bytes.toByteArray());
        } catch (IOException e) {
          // the next run works it out again
        }
      }
      return facts;
    }

    private FimRecord example(SourceFile f, String body, Facts facts, int i, long fileSeed) {
      FimSpan span = facts.spans().get(i);
      ModelProfile.Mode mode =
          new SplittableRandom(fileSeed + 31L * (i + 1)).nextDouble() < s.spmShare() ? ModelProfile.Mode.SPM : ModelProfile.Mode.PSM;
      String prefix = span.prefix(body);
      String middle = span.middle(body);
      String suffix = span.suffix(body);
      String text = profile.fimText(prefix, middle, suffix, mode);
      int tokens = facts.spanTokens().get(i) + profile.tokens(profile.fimText("", "", "", mode), TokenCounter::count);
      String id = StableIds.of(f.repo(), f.commit(), f.path(), "fim", Integer.toString(span.start()),
          Integer.toString(span.end()), mode.wireName(), s.profile());
      return new FimRecord(id, text, prefix, middle, suffix, f.path(), mode.wireName(), span.kind().wireName(),
          new FimRecord.Meta(f.repo(), f.commit(), f.language(), s.profile(), tokens, split));
    }

    /** Where the file is cut so that each piece fits a document with the profile's wrappers, and each piece's tokens. */
    private void cut(SourceFile f, String body, TokenCounter.Pieces pieces, List<Integer> cuts, List<Integer> counts) {
      int room = Math.max(16, rooms.computeIfAbsent(f.repo(), r -> ToRepoDocuments.room(repoSettings(s), profile, r))
          - ToRepoDocuments.wrapper(profile, f.path()));
      int[] at = pieces.cuts();
      int from = 0;
      while (from < body.length()) {
        int to = furthest(pieces, at, from, room, body);
        if (to < body.length()) {
          cuts.add(to);
        }
        counts.add(pieces.count(from, to));
        from = to;
      }
    }
  }

  /** The settings of stage 9 that decide where a file is cut. */
  static ToRepoDocuments.Settings repoSettings(Settings s) {
    return new ToRepoDocuments.Settings(s.profile(), s.seed(), s.fimRate(), s.spmShare(), s.contextTokens());
  }

  /**
   * What a file's examples and entry are made of, kept in the completion cache by the file's body and
   * the settings: its middles with their tokens (prefix, middle and suffix together), its dependencies,
   * and its cuts with each piece's tokens.
   */
  record Facts(
      List<FimSpan> spans, List<Integer> spanTokens, FileDependencies dependencies, List<Integer> cuts,
      List<Integer> pieceTokens)
      implements Serializable {}

  /**
   * The furthest place after {@code from} where a piece of at most {@code room} tokens can end: a cut of
   * {@code pieces} (a line start), else, for one line longer than the room, the longest run of
   * characters that fits (never inside a surrogate pair).
   */
  static int furthest(TokenCounter.Pieces pieces, int[] at, int from, int room, String text) {
    int length = text.length();
    if (pieces.count(from, length) <= room) {
      return length;
    }
    int best = -1;
    int lo = java.util.Arrays.binarySearch(at, from);
    lo = lo >= 0 ? lo + 1 : -lo - 1;
    int hi = at.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (pieces.count(from, at[mid]) <= room) {
        best = at[mid];
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (best > from) {
      return best;
    }
    int a = from + 1;
    int b = length;
    while (a < b) {
      int mid = (a + b + 1) >>> 1;
      if (pieces.count(from, mid) <= room) {
        a = mid;
      } else {
        b = mid - 1;
      }
    }
    int end = Math.max(from + 1, a);
    if (end < length && Character.isLowSurrogate(text.charAt(end)) && Character.isHighSurrogate(text.charAt(end - 1))) {
      end = end - 1 > from ? end - 1 : end + 1;
    }
    return end;
  }

  /**
   * A repository's held-out rows against its training files, read from the repository (every kept file
   * but the held-out ones; as committed, before redaction and without the licence cut, so a little more
   * than the training outputs hold), and against its other training texts ({@link #TRAINING_TEXTS}):
   * keeps each row whose middle none of them holds, rejects the rest.
   */
  private static final TupleTag<byte[]> HELD_OUT_ROWS = new TupleTag<>("held_out_rows") {};
  private static final TupleTag<byte[]> OTHER_TEXTS = new TupleTag<>("other_training_texts") {};
  private static final KvCoder<String, String> TEXT_CODER = KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());

  private static final class ScanFn extends DoFn<KV<String, CoGbkResult>, FimRecord> {
    private final List<ReadRepository.Spec> specs;
    private final TupleTag<FimRecord> kept;

    ScanFn(List<ReadRepository.Spec> specs, TupleTag<FimRecord> kept) {
      this.specs = specs;
      this.kept = kept;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> repo, MultiOutputReceiver out) throws Exception {
      List<FimRecord> rows = Packed.unpackAll(SerializableCoder.of(FimRecord.class), repo.getValue().getAll(HELD_OUT_ROWS));
      Set<String> middles = new HashSet<>();
      Set<String> heldOutPaths = new HashSet<>();
      for (FimRecord r : rows) {
        heldOutPaths.add(r.path());
        if (HeldOutCheck.counts(r.middle())) {
          middles.add(r.middle());
        }
      }
      Set<String> found = new HashSet<>();
      if (!middles.isEmpty()) {
        HeldOutCheck check = HeldOutCheck.of(middles);
        for (ReadRepository.Spec spec : specs) {
          if (!spec.name().equals(repo.getKey())) {
            continue;
          }
          try (RepositoryReader reader = spec.openReader()) {
            ResolvedRepository resolved = spec.resolved();
            for (TreeEntry e : reader.list(resolved)) {
              if (!e.isKept() || heldOutPaths.contains(e.path())) {
                continue;
              }
              FileOutcome f = reader.load(resolved, e);
              if (f.isKept()) {
                check.scan(f.file().text(), found::add);
              }
            }
          }
        }
        for (byte[] batch : repo.getValue().getAll(OTHER_TEXTS)) {
          for (KV<String, String> text : Packed.unpackAll(TEXT_CODER, List.of(batch))) {
            check.scan(text.getValue(), found::add);
          }
        }
      }
      for (FimRecord r : rows) {
        if (found.contains(r.middle())) {
          out.get(REJECTED).output(new Rejected(STAGE, "middle_in_training",
              "the held-out middle occurs in a training file or history row, so it could be recalled rather than completed",
              Stages.json("id", r.id(), "repo", r.meta().repo(), "path", r.path(), "middle", r.middle())));
        } else {
          out.get(kept).output(r);
        }
      }
    }
  }
}
