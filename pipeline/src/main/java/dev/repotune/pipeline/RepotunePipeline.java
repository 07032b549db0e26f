package dev.repotune.pipeline;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.git.ResolvedRepository;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.pipeline.stages.AskTeacher;
import dev.repotune.pipeline.stages.BuildIndex;
import dev.repotune.pipeline.stages.CapMix;
import dev.repotune.pipeline.stages.CheckAnswers;
import dev.repotune.pipeline.stages.Deduplicate;
import dev.repotune.pipeline.stages.ExtractChunks;
import dev.repotune.pipeline.stages.FilterSamples;
import dev.repotune.pipeline.stages.HoldOutFiles;
import dev.repotune.pipeline.stages.ReadHistory;
import dev.repotune.pipeline.stages.ReadRepository;
import dev.repotune.pipeline.stages.RedactSecrets;
import dev.repotune.pipeline.stages.ReplayFixes;
import dev.repotune.pipeline.stages.SftRows;
import dev.repotune.pipeline.stages.TeacherSpec;
import dev.repotune.pipeline.stages.TestMutants;
import dev.repotune.pipeline.stages.ToRetrievalData;
import dev.repotune.pipeline.stages.ToCptDocuments;
import dev.repotune.pipeline.stages.ToFimExamples;
import dev.repotune.pipeline.stages.ToHistoryRows;
import dev.repotune.pipeline.stages.ToRepoDocuments;
import dev.repotune.pipeline.stages.WriteShards;
import dev.repotune.prompts.OpenAiTeacher;
import dev.repotune.prompts.PriceTable;
import dev.repotune.prompts.TaskKind;
import dev.repotune.samples.CompletionHoldout;
import dev.repotune.samples.CptRecord;
import dev.repotune.samples.Failed;
import dev.repotune.samples.FimRecord;
import dev.repotune.samples.PreferenceRecord;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.RepoDocument;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.SplitByFile;
import dev.repotune.samples.quality.FilterConfig;
import dev.repotune.samples.quality.MixCap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The whole job: git repositories in, SFT and CPT shards out. {@link #build} reads top-down, one named
 * apply per stage in the order they run, each from a factory below (which {@code RepotunePipelineTest}
 * and the stage tests build too); every stage's rejected rows, failures and tallies are gathered as it
 * goes and flattened once at the end. The numbering is docs/architecture.md's.
 */
public final class RepotunePipeline {
  private RepotunePipeline() {}

  /** Builds and starts the job; the caller waits on the result. */
  public static PipelineResult run(RepotuneOptions options) {
    return build(options).run();
  }

  /** The pipeline, not yet run: tests and {@code --dry-run} look at it without running it. */
  public static Pipeline build(RepotuneOptions options) {
    Pipeline p = Pipeline.create(options);
    if (options.getDryRun()) {
      return buildDryRun(p, options);
    }
    Outcomes outcomes = new Outcomes();
    FilterConfig quality = filterConfig(options);

    // Steps:
    //  1. ReadRepository   files at the commit; skipped files become Rejected with their reason
    //  2. RedactSecrets    secrets and personal data replaced before any chunk, document, prompt or cache entry is made
    //  3. HoldOutFiles     the code files held out of every training output, for the completion test
    //  4. ExtractChunks    Java by declaration, Markdown by heading, the rest by token windows
    //  5. ToCptDocuments   every training file as a continued-pretraining document
    //  6. ReadHistory      the first-parent line's commits that say why, each as its change (--history)
    //  7. ToHistoryRows    change, commit-message, why and fix-with-test rows, and commit documents; none of a
    //                      commit that changes a held-out file
    //  8. ToFimExamples    fill-in-the-middle examples of every code file; the held-out files' are the test split, less
    //                      middles a training file or history row holds
    //  9. ToRepoDocuments  training files in dependency order, packed into repository-level documents
    // 10. ReplayFixes      fix-with-test commits replayed at their parent and at themselves: SWE-bench-style instances (--exec)
    // 11. BuildIndex       callers, implementers and tests, joined back onto each chunk
    // 12. FilterSamples    the trivial chunks the filter rules need to know of
    // 13. AskTeacher       questions and answers per chunk and task kind (the LLM path; offline, inside 15)
    // 14. CheckAnswers     the LLM's implement and write-test answers compiled and run by the repository's tests (--exec)
    // 15. SftRows          rows made (offline), filtered, split by file, signed and spilled in one step
    // 16. TestMutants      mutants of tested methods judged by their tests: fix-bug rows, preference pairs, RL tasks (--exec)
    // 17. ToRetrievalData  questions as queries of their chunks: triplets, beir/, the BM25 baseline, RAFT rows (--retrieval)
    // 18. Deduplicate      exact and near-duplicate SFT rows and CPT documents; test rows that copy train
    // 19. CapMix           no task kind above its share of the SFT rows dedup kept (--mix)
    // 20. WriteShards      SFT, CPT, FIM, repository-level, history, execution, retrieval, rejected and failed rows as shards
    // 21. CountOutcomes    every stage's tallies, for the manifest
    // Step 15 is one step because between separate steps the DirectRunner would hold every SFT row in memory.
    // Without --exec, steps 10, 14 and 16 are given no repository, without --retrieval 17 no chunk: the graph is
    // the same for every setting.
    ReadRepository read = readRepository(options);
    PCollection<SourceFile> files = outcomes.of(p.apply("ReadRepository", read));
    PCollection<SourceFile> clean = outcomes.of(files.apply("RedactSecrets", redactSecrets(options)));
    PCollectionTuple split = clean.apply("HoldOutFiles", HoldOutFiles.of(completionHoldout(options), read.specs()));
    outcomes.tallies(split.get(HoldOutFiles.TALLIES));
    PCollection<SourceFile> training = split.get(HoldOutFiles.TRAINING);
    PCollection<Chunk> chunks = outcomes.of(training.apply("ExtractChunks", extractChunks(options)));
    PCollection<CptRecord> documents = training.apply("ToCptDocuments", toCptDocuments(options));
    // with --history 0 the history steps list nothing: the graph is the same for every setting
    PCollection<ReadHistory.Change> changes = outcomes.of(p.apply("ReadHistory", readHistory(options)));
    PCollectionTuple history = changes.apply("ToHistoryRows", toHistoryRows(options, read.specs()));
    outcomes.of(ToHistoryRows.result(history));
    // the held-out middles are checked against the history's training texts as against the training files
    PCollectionTuple completion = split.and(ToFimExamples.TRAINING_TEXTS, history.apply("HistoryTexts", ToHistoryRows.trainingTexts()))
        .apply("ToFimExamples", toFimExamples(options, read.specs()));
    PCollection<FimRecord> fim = outcomes.of(ToFimExamples.result(completion));
    PCollection<RepoDocument> repoDocuments =
        completion.get(ToFimExamples.ENTRIES).apply("ToRepoDocuments", toRepoDocuments(options));
    PCollectionTuple replays = changes.apply("ReplayFixes", replayFixes(options));
    outcomes.rejected(replays.get(ReplayFixes.REJECTED)).failed(replays.get(ReplayFixes.FAILED))
        .tallies(replays.get(ReplayFixes.TALLIES));
    PCollection<IndexedChunk> indexed = chunks.apply("BuildIndex", BuildIndex.of());
    PCollectionView<Map<String, String>> trivial = chunks.apply("FilterSamples", FilterSamples.trivialChunks());
    List<PCollection<PreferenceRecord>> answerPairs = new ArrayList<>();
    PCollectionTuple sftRows = sftRows(options, indexed, trivial, quality, outcomes, answerPairs);
    PCollectionView<SplitByFile.Plan> plan = SftRows.plan(sftRows);
    List<PCollection<PreferenceRecord>> pairs = new ArrayList<>();
    for (PCollection<PreferenceRecord> unsplit : answerPairs) {
      pairs.add(unsplit.apply("SplitAnswerPairs", CheckAnswers.split(plan)));
    }
    PCollectionTuple mutants = indexed.apply("TestMutants", testMutants(options, plan));
    outcomes.rejected(mutants.get(TestMutants.REJECTED)).failed(mutants.get(TestMutants.FAILED))
        .tallies(mutants.get(TestMutants.TALLIES));
    pairs.add(mutants.get(TestMutants.PAIRS));
    PCollectionTuple retrieval = indexed.apply("ToRetrievalData", toRetrievalData(options, plan));
    outcomes.failed(retrieval.get(ToRetrievalData.FAILED)).tallies(retrieval.get(ToRetrievalData.TALLIES));
    PCollection<Deduplicate.Decisions> sftDuplicates =
        sftRows.get(SftRows.SIGNATURES).apply("DeduplicateSft", Deduplicate.decide(quality));
    PCollection<CptRecord> cpt = outcomes.of(documents.apply("DeduplicateCpt", Deduplicate.cpt(quality)));
    PCollectionView<Deduplicate.Decisions> sftDrops =
        sftDuplicates.apply("CapMix", CapMix.of(MixCap.parse(options.getMix())));
    WriteShards.Merged sft = WriteShards.mergeSft(options.getWorkDir(), sftRows.get(SftRows.RUNS), sftDrops);
    outcomes.rejected(sft.rejected()).tallies(sft.tallies());

    PCollection<Rejected> rejected = outcomes.flattenRejected();
    PCollection<Failed> failed = outcomes.flattenFailed();
    PCollectionTuple shards =
        PCollectionTuple.of(WriteShards.CPT, cpt)
            .and(WriteShards.FIM, fim)
            .and(WriteShards.SPILLED, completion.get(ToFimExamples.RUNS))
            .and(WriteShards.REPO, repoDocuments)
            .and(WriteShards.REJECTED, rejected)
            .and(WriteShards.FAILED, failed)
            .and(WriteShards.HISTORY, history.get(ToHistoryRows.ROWS))
            .and(WriteShards.COMMITS, history.get(ToHistoryRows.DOCUMENTS))
            .and(WriteShards.EXEC, mutants.get(TestMutants.ROWS))
            .and(WriteShards.PREFERENCE, PCollectionList.of(pairs).apply("FlattenPairs", Flatten.pCollections()))
            .and(WriteShards.RL, mutants.get(TestMutants.TASKS))
            .and(WriteShards.INSTANCES, replays.get(ReplayFixes.INSTANCES))
            .and(WriteShards.TRIPLETS, retrieval.get(ToRetrievalData.TRIPLETS))
            .and(WriteShards.RAFT, retrieval.get(ToRetrievalData.RAFT));
    outcomes.tallies(shards.apply("WriteShards", WriteShards.to(options.getWorkDir())));

    // The writer counts the rows of each output kind it wrote (OutputKind.count); the files and chunks
    // are counted here, and the rows into and out of each row-dropping stage, so the manifest proves
    // in = out + rejected + failed (the SFT rows' share comes in their tallies: SftRows counts what goes
    // in, the merge what stays).
    outcomes
        .tallies(clean.apply("TallyFiles", CountOutcomes.files()))
        .tallies(chunks.apply("TallyChunks", CountOutcomes.chunks()))
        .tallies(documents.apply("TallyCptIn", CountOutcomes.rows("Deduplicate.in")))
        .tallies(cpt.apply("TallyCptOut", CountOutcomes.rows("Deduplicate.out")));
    outcomes.allTallies().apply("CountOutcomes", CountOutcomes.write(options.getWorkDir()));
    return p;
  }

  /**
   * Steps 13 to 15: the LLM path asks in AskTeacher, checks the code answers in CheckAnswers and makes rows of them in SftRows; the offline
   * teacher is a plain function of a chunk, so SftRows asks it itself (and replays the row cache).
   */
  private static PCollectionTuple sftRows(
      RepotuneOptions o,
      PCollection<IndexedChunk> indexed,
      PCollectionView<Map<String, String>> trivial,
      FilterConfig quality,
      Outcomes outcomes,
      List<PCollection<PreferenceRecord>> unsplitPairs) {
    AskTeacher ask = askTeacher(o);
    SplitByFile split = new SplitByFile(o.getTestFraction(), o.getSeed());
    PCollectionTuple rows;
    if (ask.isLlm()) {
      StageResult<SftRecord> answered = indexed.apply("AskTeacher", ask);
      outcomes.of(answered);
      outcomes.tallies(ask.teacherTallies());
      PCollectionTuple checked =
          PCollectionTuple.of(CheckAnswers.ROWS, answered.getOutput()).and(CheckAnswers.CHUNKS, indexed)
              .apply("CheckAnswers", checkAnswers(o));
      outcomes.rejected(checked.get(CheckAnswers.REJECTED)).failed(checked.get(CheckAnswers.FAILED))
          .tallies(checked.get(CheckAnswers.TALLIES));
      rows = checked.get(CheckAnswers.KEPT).apply("SftRows", SftRows.fromRows(trivial, quality, split, o.getWorkDir()));
      unsplitPairs.add(checked.get(CheckAnswers.PAIRS));
    } else {
      AskTeacher.Selection selection = ask.select(indexed);
      outcomes.rejected(selection.overMax());
      rows =
          selection
              .asked()
              .apply(
                  "SftRows",
                  SftRows.fromChunks(ask.offlineAsker(), trivial, quality, split, o.getWorkDir(), o.getRowCacheDir()));
    }
    outcomes.rejected(rows.get(SftRows.REJECTED)).failed(rows.get(SftRows.FAILED)).tallies(rows.get(SftRows.TALLIES))
        .tallies(rows.get(SftRows.SPLIT_TALLIES));
    return rows;
  }

  /** Every stage's rejected rows, failures and tallies, gathered as the stages are applied. */
  private static final class Outcomes {
    private final List<PCollection<Rejected>> rejected = new ArrayList<>();
    private final List<PCollection<Failed>> failed = new ArrayList<>();
    private final List<PCollection<KV<String, Long>>> tallies = new ArrayList<>();

    /** Takes a stage's drops, failures and tallies; gives back what it kept. */
    <T> PCollection<T> of(StageResult<T> stage) {
      rejected(stage.getRejected()).failed(stage.getFailed()).tallies(stage.getTallies());
      return stage.getOutput();
    }

    Outcomes rejected(PCollection<Rejected> r) {
      if (r != null) {
        rejected.add(r);
      }
      return this;
    }

    Outcomes failed(PCollection<Failed> f) {
      if (f != null) {
        failed.add(f);
      }
      return this;
    }

    Outcomes tallies(PCollection<KV<String, Long>> t) {
      if (t != null) {
        tallies.add(t);
      }
      return this;
    }

    PCollection<Rejected> flattenRejected() {
      return PCollectionList.of(rejected).apply("FlattenRejected", Flatten.pCollections());
    }

    PCollection<Failed> flattenFailed() {
      return PCollectionList.of(failed).apply("FlattenFailed", Flatten.pCollections());
    }

    PCollectionList<KV<String, Long>> allTallies() {
      return PCollectionList.of(tallies);
    }
  }

  /**
   * {@code --dry-run}: steps 1, 2, 4, 11 and 13, and with an LLM teacher 6 and 7 for the history's issue
   * calls (redaction included, so the prompts and cache keys are
   * the ones a real run would use) with an AskTeacher that renders every prompt, looks it up in
   * the cache and tallies the calls it would make; only {@value #ESTIMATE_FILE} is written.
   */
  private static Pipeline buildDryRun(Pipeline p, RepotuneOptions options) {
    ReadRepository read = readRepository(options);
    PCollection<SourceFile> files = p.apply("ReadRepository", read).getOutput();
    PCollection<SourceFile> clean = files.apply("RedactSecrets", redactSecrets(options)).getOutput();
    PCollection<Chunk> chunks = clean.apply("ExtractChunks", ExtractChunks.of()).getOutput();
    PCollection<IndexedChunk> indexed = chunks.apply("BuildIndex", BuildIndex.of());
    AskTeacher ask = askTeacher(options);
    indexed.apply("AskTeacher", ask);
    if (ask.teacherTallies() != null) {
      // the history's issue calls too (steps 6 and 7), so the estimate is the whole run's
      PCollectionTuple history = p.apply("ReadHistory", readHistory(options)).getOutput()
          .apply("ToHistoryRows", toHistoryRows(options, read.specs()));
      PCollection<KV<String, Long>> estimates = history.has(ToHistoryRows.ESTIMATES)
          ? PCollectionList.of(ask.teacherTallies()).and(history.get(ToHistoryRows.ESTIMATES))
              .apply("FlattenEstimates", Flatten.pCollections())
          : ask.teacherTallies();
      CountOutcomes.writeSums(options.getWorkDir(), ESTIMATE_FILE, estimates);
    }
    return p;
  }

  /** The dry run's estimate: sorted {@code estimate.*} sums. */
  public static final String ESTIMATE_FILE = "_estimate.json";

  static ReadRepository readRepository(RepotuneOptions o) {
    if (o.getRepos() == null || o.getRepos().isEmpty()) {
      return ReadRepository.of(
          new ReadRepository.Spec(
              o.getRepoName(),
              o.getRepoUrl(),
              o.getRef(),
              o.getCommit(),
              o.getGitDir(),
              o.getInclude(),
              o.getExclude(),
              o.getMaxFileBytes()));
    }
    List<ReadRepository.Spec> specs = new ArrayList<>();
    for (String entry : o.getRepos()) {
      String[] f = entry.split("\t", -1);
      specs.add(
          new ReadRepository.Spec(
              f[0], f[1], f[2], f[3], f[4], o.getInclude(), o.getExclude(), o.getMaxFileBytes()));
    }
    return ReadRepository.of(specs);
  }

  /** One {@link RepotuneOptions#getRepos()} entry (git refs and redacted URLs hold no tab). */
  public static String repoEntry(ResolvedRepository r) {
    return String.join("\t", r.name(), r.url(), r.ref(), r.commit(), r.gitDir().toString());
  }

  /** The folder under a ship location that holds the repositories' bundles; not part of a finished dataset. */
  public static final String BUNDLES = "bundles";

  /**
   * Makes the repositories reach the workers through the job, not a shared disk: for each repository (each
   * {@link RepotuneOptions#getRepos()} entry, or the single {@link RepotuneOptions#getGitDir()} without
   * them) writes {@code <location>/bundles/<name, file-safe>-<commit, first 12>.bundle} (any Beam file
   * system) holding the snapshot commit and, with history on, the history head the job reads, each with its
   * history; then points the options' git directories at the bundles, which the workers unpack
   * ({@code WorkerGit}). Call it on the driver after the options are complete, before {@link #run}.
   */
  public static void shipRepositories(RepotuneOptions o, String location) {
    Map<String, String> heads = new java.util.HashMap<>();
    if (o.getHistory() > 0 && o.getHistoryHeads() != null) {
      for (String h : o.getHistoryHeads()) {
        String[] f = h.split("\t", -1);
        heads.put(f[0], f[1]);
      }
    }
    org.apache.beam.sdk.io.FileSystems.setDefaultPipelineOptions(o);
    org.apache.beam.sdk.io.fs.ResourceId folder = org.apache.beam.sdk.io.FileSystems.matchNewResource(location, true)
        .resolve(BUNDLES, org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions.RESOLVE_DIRECTORY);
    if (o.getRepos() == null || o.getRepos().isEmpty()) {
      o.setGitDir(ship(folder, o.getRepoName(), o.getGitDir(), o.getCommit(), heads.get(o.getRepoName())));
      return;
    }
    List<String> entries = new ArrayList<>();
    String gitDir = null;
    for (String entry : o.getRepos()) {
      String[] f = entry.split("\t", -1);
      String bundle = ship(folder, f[0], f[4], f[3], heads.get(f[0]));
      if (gitDir == null && (f[4].equals(o.getGitDir()) || o.getGitDir() == null)) {
        gitDir = bundle;
      }
      f[4] = bundle;
      entries.add(String.join("\t", f));
    }
    o.setRepos(entries);
    if (gitDir != null) {
      o.setGitDir(gitDir);
    }
  }

  /** Writes one repository's bundle into {@code folder}; returns its location. */
  private static String ship(org.apache.beam.sdk.io.fs.ResourceId folder, String name, String gitDir, String commit,
      String historyHead) {
    List<String> commits = new ArrayList<>(List.of(commit));
    if (historyHead != null && !historyHead.equals(commit)) {
      commits.add(historyHead);
    }
    String file = name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + commit.substring(0, Math.min(12, commit.length()))
        + ".bundle";
    org.apache.beam.sdk.io.fs.ResourceId id =
        folder.resolve(file, org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
    try (java.io.OutputStream out = java.nio.channels.Channels.newOutputStream(
        org.apache.beam.sdk.io.FileSystems.create(id, org.apache.beam.sdk.util.MimeTypes.BINARY))) {
      dev.repotune.extractors.git.GitBundles.write(java.nio.file.Path.of(gitDir), commits, out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write the bundle of " + name + " to " + id + ": " + e.getMessage(), e);
    }
    return id.toString();
  }

  static RedactSecrets redactSecrets(RepotuneOptions o) {
    return RedactSecrets.of().withKeepEmails(o.getKeepEmails());
  }

  static ExtractChunks extractChunks(RepotuneOptions o) {
    return ExtractChunks.of().withCache(o.getExtractCacheDir());
  }

  static ToCptDocuments toCptDocuments(RepotuneOptions o) {
    return ToCptDocuments.of().withCache(o.getTokenCacheDir()).withLicenceHeaders(o.getKeepLicenceHeaders());
  }

  static CompletionHoldout completionHoldout(RepotuneOptions o) {
    return new CompletionHoldout(o.getCompletionHoldout(), o.getSeed());
  }

  static ToFimExamples toFimExamples(RepotuneOptions o, List<ReadRepository.Spec> specs) {
    return ToFimExamples.of(
        new ToFimExamples.Settings(
            o.getProfile(), o.getSeed(), o.getFimPerFile(), o.getFimRandomShare(), o.getSpmShare(), o.getFimRate(),
            o.getContextTokens()), specs, o.getWorkDir())
        .withCache(o.getCompletionCacheDir());
  }

  static ToRepoDocuments toRepoDocuments(RepotuneOptions o) {
    return ToRepoDocuments.of(
            new ToRepoDocuments.Settings(o.getProfile(), o.getSeed(), o.getFimRate(), o.getSpmShare(), o.getContextTokens()))
        .withCache(o.getTokenCacheDir());
  }

  /** Each repository's history from its head ({@code historyHeads}, set by the driver; the snapshot commit without). */
  static ReadHistory readHistory(RepotuneOptions o) {
    Map<String, String[]> heads = new java.util.HashMap<>();
    if (o.getHistoryHeads() != null) {
      for (String h : o.getHistoryHeads()) {
        String[] f = h.split("\t", -1);
        heads.put(f[0], f);
      }
    }
    List<ReadHistory.Spec> specs = new ArrayList<>();
    for (ReadRepository.Spec r : readRepository(o).specs()) {
      String[] h = heads.get(r.name());
      specs.add(new ReadHistory.Spec(r.name(), r.gitDir(), h == null ? r.commit() : h[1], h == null ? 0 : Integer.parseInt(h[2])));
    }
    return ReadHistory.of(specs, new ReadHistory.Settings(o.getHistory(), o.getHistorySince(), o.getMaxCommitFiles(),
            o.getMaxDiffLines(), o.getMaxFileBytes(), o.getTestFraction(), o.getSeed()))
        .withCache(o.getHistoryCacheDir());
  }

  /**
   * Stage 7; with {@code --teacher openai} the change and fix-with-test rows also get their issue twins,
   * called under the run id AskTeacher calls under.
   */
  static ToHistoryRows toHistoryRows(RepotuneOptions o, List<ReadRepository.Spec> specs) {
    ToHistoryRows rows = ToHistoryRows.of(new ToHistoryRows.Settings(
        new java.util.TreeSet<>(TaskKind.parseList(o.getTasks())), o.getVariants(), o.getSeed(), o.getProfile(),
        o.getKeepEmails(), o.getContextTokens())).withCache(o.getHistoryCacheDir())
        .withHoldout(new HoldOutFiles.Rule(completionHoldout(o), specs));
    return "openai".equals(o.getTeacher()) ? rows.withTeacher(teacherSpec(o), runId(o)) : rows;
  }

  /**
   * Names one run's shared teacher budget and in-flight bound (per JVM), for AskTeacher and the history's
   * issue calls alike: the options' own id, which every stage of the run sees and no other run has.
   */
  static String runId(RepotuneOptions o) {
    return "run-" + o.getOptionsId();
  }

  /** The repositories the execution steps check: with {@code --exec}, those the driver built at their commit. */
  static List<ReadRepository.Spec> execSpecs(RepotuneOptions o) {
    List<ReadRepository.Spec> out = new ArrayList<>();
    if (!o.getExec() || o.getExecRepos() == null) {
      return out;
    }
    for (ReadRepository.Spec r : readRepository(o).specs()) {
      if (o.getExecRepos().contains(r.name())) {
        out.add(r);
      }
    }
    return out;
  }

  /** Stage 10: with {@code --exec}, the built repositories' fix-with-test commits replayed. */
  static ReplayFixes replayFixes(RepotuneOptions o) {
    List<ReplayFixes.Spec> specs = new ArrayList<>();
    execSpecs(o).forEach(r -> specs.add(new ReplayFixes.Spec(r.name(), r.gitDir())));
    return ReplayFixes.of(specs, new ReplayFixes.Settings(o.getMaxInstances(), o.getExecTimeoutSeconds(),
        o.getKeepEmails()), o.getExecCacheDir());
  }

  /** Stage 14: with {@code --exec}, the LLM's implement and write-test answers checked by the tests. */
  static CheckAnswers checkAnswers(RepotuneOptions o) {
    return CheckAnswers.of(testSpecs(o), new CheckAnswers.Settings(o.getSeed(), o.getExecTimeoutSeconds(),
        o.getKeepEmails()), o.getExecCacheDir());
  }

  /** Stage 16: with {@code --exec}, mutants of the built repositories' tested methods. */
  static TestMutants testMutants(RepotuneOptions o, PCollectionView<SplitByFile.Plan> plan) {
    return TestMutants.of(testSpecs(o), new TestMutants.Settings(o.getMaxMutants(), o.getSeed(),
        o.getExecTimeoutSeconds(), 2, o.getKeepEmails()), o.getExecCacheDir(), plan);
  }

  private static List<TestMutants.Spec> testSpecs(RepotuneOptions o) {
    List<TestMutants.Spec> specs = new ArrayList<>();
    execSpecs(o).forEach(r -> specs.add(new TestMutants.Spec(r.name(), r.gitDir(), r.commit())));
    return specs;
  }

  /** Stage 17: with {@code --retrieval}, triplets, the BEIR folder, the BM25 baseline and RAFT rows. */
  static ToRetrievalData toRetrievalData(RepotuneOptions o, PCollectionView<SplitByFile.Plan> plan) {
    return ToRetrievalData.of(new ToRetrievalData.Settings(o.getSeed(), o.getRaftK(), o.getRaftOracle()),
        o.getWorkDir(), plan).enabled(o.getRetrieval());
  }

  static FilterConfig filterConfig(RepotuneOptions o) {
    return FilterConfig.DEFAULT
        .withLanguage(o.getLanguage())
        .withKeepTrivialCode(o.getKeepTrivialCode());
  }

  static AskTeacher askTeacher(RepotuneOptions o) {
    if ("openai".equals(o.getTeacher())) {
      return AskTeacher.llm(teacherSpec(o), TaskKind.parseLlmList(o.getTasks())).withMaxChunks(o.getMaxChunks())
          .withRunId(runId(o));
    }
    return AskTeacher.offline(TaskKind.parseList(o.getTasks()))
        .withVariants(o.getVariants())
        .withSeed(o.getSeed())
        .withMaxChunks(o.getMaxChunks());
  }

  static TeacherSpec teacherSpec(RepotuneOptions o) {
    PriceTable prices;
    try {
      prices =
          o.getPriceTable() == null || o.getPriceTable().isBlank()
              ? PriceTable.defaults()
              : PriceTable.fromFile(java.nio.file.Path.of(o.getPriceTable()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return TeacherSpec.of(
            new OpenAiTeacher.Endpoint(
                o.getBaseUrl(), o.getModel(), o.getApiKeyEnv(), java.time.Duration.ofSeconds(o.getTimeoutSeconds())),
            o.getResponseCacheDir())
        .withConcurrency(o.getConcurrency())
        .withBudgetUsd(o.getBudgetUsd())
        .withPrices(prices)
        .withPairsPerChunk(o.getPairsPerChunk())
        .withMaxTokens(o.getMaxTokens())
        .withDryRun(o.getDryRun());
  }
}
