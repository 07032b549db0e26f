package dev.repotune.pipeline;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.pipeline.stages.AskTeacher;
import dev.repotune.pipeline.stages.BuildIndex;
import dev.repotune.pipeline.stages.Deduplicate;
import dev.repotune.pipeline.stages.ExtractChunks;
import dev.repotune.pipeline.stages.FilterSamples;
import dev.repotune.pipeline.stages.ReadRepository;
import dev.repotune.pipeline.stages.RedactSecrets;
import dev.repotune.pipeline.stages.SplitTrainTest;
import dev.repotune.pipeline.stages.TeacherSpec;
import dev.repotune.prompts.OpenAiTeacher;
import dev.repotune.prompts.PriceTable;
import dev.repotune.pipeline.stages.WriteShards;
import dev.repotune.pipeline.stages.SftRows;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import dev.repotune.samples.CptRecord;
import dev.repotune.samples.Failed;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.quality.FilterConfig;
import java.util.Map;
import java.util.TreeMap;
import dev.repotune.pipeline.stages.ToCptDocuments;
import dev.repotune.extractors.git.ResolvedRepository;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/** The whole job: git repositories in, SFT and CPT shards out. One named apply per stage. */
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

    // Steps:
    //  1. ReadRepository  files at the commit; skipped files become Rejected with their reason
    //  2. RedactSecrets   secrets and personal data replaced before any chunk, document, prompt or cache entry is made
    //  3. ExtractChunks   Java by declaration, Markdown by heading, the rest by token windows
    //  4. ToCptDocuments  every kept file as a continued-pretraining document
    //  5. BuildIndex      callers, implementers and tests, joined back onto each chunk
    //  6. AskTeacher      questions and answers per chunk and task kind
    //  7. FilterSamples   drops rows not worth training on, each with its reason
    //  8. SplitTrainTest  train or test by file (before dedup, so dedup keeps the train copy)
    //  9. Deduplicate     exact and near-duplicate SFT rows and CPT documents; test rows that copy train
    // 10. WriteShards     SFT, CPT, rejected and failed rows, plus the counts for the manifest
    // The SFT rows go through 6 (offline) or 7 (LLM) to the spilling half of 10 in one step, SftRows:
    // between separate steps the DirectRunner would hold all of them in memory at once.
    StageResult<SourceFile> files = p.apply("ReadRepository", readRepository(options));
    RedactSecrets redact = RedactSecrets.of().withKeepEmails(options.getKeepEmails());
    PCollectionTuple redacted = files.getOutput().apply("RedactSecrets", redact);
    PCollection<SourceFile> clean = redacted.get(redact.files());
    StageResult<Chunk> chunks =
        clean.apply("ExtractChunks", ExtractChunks.of().withCache(options.getExtractCacheDir()));
    PCollection<CptRecord> documents =
        clean.apply("ToCptDocuments", ToCptDocuments.of().withCache(options.getTokenCacheDir()));
    PCollection<IndexedChunk> indexed = chunks.getOutput().apply("BuildIndex", BuildIndex.of());
    AskTeacher ask = askTeacher(options);
    FilterConfig quality = filterConfig(options);
    SplitTrainTest split = SplitTrainTest.of(options.getTestFraction(), options.getSeed());
    PCollectionView<Map<String, String>> trivial =
        chunks.getOutput().apply("FilterSamples", new TrivialChunks());
    List<PCollection<Rejected>> rejectedParts = new ArrayList<>();
    List<PCollection<Failed>> failedParts = new ArrayList<>();
    PCollectionTuple sftRows;
    if (ask.isLlm()) {
      StageResult<SftRecord> answered = indexed.apply("AskTeacher", ask);
      rejectedParts.add(answered.getRejected());
      failedParts.add(answered.getFailed());
      sftRows =
          answered.getOutput().apply("SftRows", SftRows.fromRows(trivial, quality, split, options.getWorkDir()));
    } else {
      AskTeacher.Selection selection = ask.select(indexed);
      if (selection.overMax() != null) {
        rejectedParts.add(selection.overMax());
      }
      sftRows =
          selection
              .asked()
              .apply(
                  "SftRows",
                  SftRows.fromChunks(
                      ask.offlineAsker(), trivial, quality, split, options.getWorkDir(), options.getRowCacheDir()));
    }
    PCollectionView<Deduplicate.Decisions> sftDrops =
        sftRows.get(SftRows.SIGNATURES).apply("DeduplicateSft", new Decide(quality));
    WriteShards.Merged sft = WriteShards.mergeSft(options.getWorkDir(), sftRows.get(SftRows.RUNS), sftDrops);
    StageResult<CptRecord> dedupCpt = documents.apply("DeduplicateCpt", Deduplicate.cpt(quality));
    PCollection<CptRecord> cpt = dedupCpt.getOutput();

    rejectedParts.addAll(
        List.of(files.getRejected(), chunks.getRejected(), sftRows.get(SftRows.REJECTED), sft.rejected(), dedupCpt.getRejected()));
    failedParts.addAll(
        List.of(files.getFailed(), chunks.getFailed(), sftRows.get(SftRows.FAILED), dedupCpt.getFailed()));
    PCollection<Rejected> rejected =
        PCollectionList.of(rejectedParts).apply("FlattenRejected", Flatten.pCollections());
    PCollection<Failed> failed =
        PCollectionList.of(failedParts).apply("FlattenFailed", Flatten.pCollections());

    PCollectionTuple.of(WriteShards.CPT, cpt)
        .and(WriteShards.REJECTED, rejected)
        .and(WriteShards.FAILED, failed)
        .apply("WriteShards", WriteShards.to(options.getWorkDir()));
    // Rows into and out of each row-dropping stage: the manifest proves in = out + rejected + failed.
    // The SFT rows' share comes in their tallies (SftRows counts what goes in, the merge what stays).
    Map<String, PCollection<?>> stageRows = new TreeMap<>();
    stageRows.put("Deduplicate.in", documents.apply("CptRowIds", CountOutcomes.ids(CptRecord::id)));
    stageRows.put("Deduplicate.out", cpt.apply("KeptCptIds", CountOutcomes.ids(CptRecord::id)));
    PCollection<KV<String, Long>> sftTallies =
        PCollectionList.of(sftRows.get(SftRows.TALLIES)).and(sft.tallies()).apply("FlattenSftTallies", Flatten.pCollections());
    CountOutcomes.write(
        options.getWorkDir(),
        redacted.get(redact.tallies()),
        clean,
        chunks.getOutput(),
        sftTallies,
        cpt,
        rejected,
        failed,
        ask.teacherTallies(),
        stageRows);
    return p;
  }

  /** FilterSamples' side input: the trivial chunks, found off the main path. */
  private static final class TrivialChunks
      extends PTransform<PCollection<Chunk>, PCollectionView<Map<String, String>>> {
    @Override
    public PCollectionView<Map<String, String>> expand(PCollection<Chunk> chunks) {
      return FilterSamples.trivialChunks(chunks);
    }
  }

  /** Deduplicate's decisions for the SFT rows SftRows signed. */
  private static final class Decide
      extends PTransform<PCollection<KV<String, byte[]>>, PCollectionView<Deduplicate.Decisions>> {
    private final FilterConfig quality;

    Decide(FilterConfig quality) {
      this.quality = quality;
    }

    @Override
    public PCollectionView<Deduplicate.Decisions> expand(PCollection<KV<String, byte[]>> signatures) {
      return Deduplicate.decide(signatures, quality);
    }
  }

  /**
   * {@code --dry-run}: steps 1, 2, 3, 5 and 6 (redaction included, so the prompts and cache keys are
   * the ones a real run would use) with an AskTeacher that renders every prompt, looks it up in
   * the cache and tallies the calls it would make; only {@value #ESTIMATE_FILE} is written.
   */
  private static Pipeline buildDryRun(Pipeline p, RepotuneOptions options) {
    StageResult<SourceFile> files = p.apply("ReadRepository", readRepository(options));
    RedactSecrets redact = RedactSecrets.of().withKeepEmails(options.getKeepEmails());
    PCollection<SourceFile> clean =
        files.getOutput().apply("RedactSecrets", redact).get(redact.files());
    StageResult<Chunk> chunks = clean.apply("ExtractChunks", ExtractChunks.of());
    PCollection<IndexedChunk> indexed = chunks.getOutput().apply("BuildIndex", BuildIndex.of());
    AskTeacher ask = askTeacher(options);
    indexed.apply("AskTeacher", ask);
    if (ask.teacherTallies() != null) {
      CountOutcomes.writeSums(options.getWorkDir(), ESTIMATE_FILE, ask.teacherTallies());
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

  static FilterConfig filterConfig(RepotuneOptions o) {
    return FilterConfig.DEFAULT
        .withLanguage(o.getLanguage())
        .withKeepTrivialCode(o.getKeepTrivialCode());
  }

  static AskTeacher askTeacher(RepotuneOptions o) {
    if ("openai".equals(o.getTeacher())) {
      return AskTeacher.llm(teacherSpec(o), AskTeacher.parseLlmTasks(o.getTasks())).withMaxChunks(o.getMaxChunks());
    }
    return AskTeacher.offline(AskTeacher.parseTasks(o.getTasks()))
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
