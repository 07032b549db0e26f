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
    //  2. RedactSecrets   secrets replaced before any chunk, document, prompt or cache entry is made
    //  3. ExtractChunks   Java by declaration, Markdown by heading, the rest by token windows
    //  4. ToCptDocuments  every kept file as a continued-pretraining document
    //  5. BuildIndex      callers, implementers and tests, joined back onto each chunk
    //  6. AskTeacher      questions and answers per chunk and task kind
    //  7. FilterSamples   drops rows not worth training on, each with its reason
    //  8. SplitTrainTest  train or test by file (before dedup, so dedup keeps the train copy)
    //  9. Deduplicate     exact and near-duplicate SFT rows and CPT documents; test rows that copy train
    // 10. WriteShards     SFT, CPT, rejected and failed rows, plus the counts for the manifest
    StageResult<SourceFile> files = p.apply("ReadRepository", readRepository(options));
    RedactSecrets redact = RedactSecrets.of();
    PCollectionTuple redacted = files.getOutput().apply("RedactSecrets", redact);
    PCollection<SourceFile> clean = redacted.get(redact.files());
    StageResult<Chunk> chunks =
        clean.apply("ExtractChunks", ExtractChunks.of().withCache(options.getExtractCacheDir()));
    PCollection<CptRecord> documents = clean.apply("ToCptDocuments", ToCptDocuments.of());
    PCollection<IndexedChunk> indexed = chunks.getOutput().apply("BuildIndex", BuildIndex.of());
    AskTeacher ask = askTeacher(options);
    StageResult<SftRecord> answered = indexed.apply("AskTeacher", ask);
    FilterConfig quality = filterConfig(options);
    StageResult<SftRecord> filtered =
        answered
            .getOutput()
            .apply("FilterSamples", FilterSamples.of(quality, chunks.getOutput()));
    PCollection<SftRecord> split =
        filtered
            .getOutput()
            .apply(
                "SplitTrainTest",
                SplitTrainTest.of(options.getTestFraction(), options.getSeed()));
    StageResult<SftRecord> dedupSft = split.apply("DeduplicateSft", Deduplicate.sft(quality));
    StageResult<CptRecord> dedupCpt = documents.apply("DeduplicateCpt", Deduplicate.cpt(quality));
    PCollection<SftRecord> sft = dedupSft.getOutput();
    PCollection<CptRecord> cpt = dedupCpt.getOutput();

    PCollection<Rejected> rejected =
        PCollectionList.of(files.getRejected())
            .and(chunks.getRejected())
            .and(answered.getRejected())
            .and(filtered.getRejected())
            .and(dedupSft.getRejected())
            .and(dedupCpt.getRejected())
            .apply("FlattenRejected", Flatten.pCollections());
    PCollection<Failed> failed =
        PCollectionList.of(files.getFailed())
            .and(chunks.getFailed())
            .and(answered.getFailed())
            .and(filtered.getFailed())
            .and(dedupSft.getFailed())
            .and(dedupCpt.getFailed())
            .apply("FlattenFailed", Flatten.pCollections());

    PCollectionTuple.of(WriteShards.SFT, sft)
        .and(WriteShards.CPT, cpt)
        .and(WriteShards.REJECTED, rejected)
        .and(WriteShards.FAILED, failed)
        .apply("WriteShards", WriteShards.to(options.getWorkDir()));
    // Rows into and out of each row-dropping stage: the manifest proves in = out + rejected + failed.
    Map<String, PCollection<?>> stageRows = new TreeMap<>();
    stageRows.put("FilterSamples.in", answered.getOutput());
    stageRows.put("FilterSamples.out", filtered.getOutput());
    stageRows.put("Deduplicate.in", PCollectionList.of(split.apply("SftRowIds", CountOutcomes.ids(SftRecord::id)))
        .and(documents.apply("CptRowIds", CountOutcomes.ids(CptRecord::id)))
        .apply("FlattenDedupIn", Flatten.pCollections()));
    stageRows.put("Deduplicate.out", PCollectionList.of(sft.apply("KeptSftIds", CountOutcomes.ids(SftRecord::id)))
        .and(cpt.apply("KeptCptIds", CountOutcomes.ids(CptRecord::id)))
        .apply("FlattenDedupOut", Flatten.pCollections()));
    CountOutcomes.write(
        options.getWorkDir(),
        redacted.get(redact.tallies()),
        clean,
        chunks.getOutput(),
        answered.getOutput(),
        sft,
        cpt,
        rejected,
        failed,
        ask.teacherTallies(),
        stageRows);
    return p;
  }

  /**
   * {@code --dry-run}: steps 1, 2, 3, 5 and 6 (redaction included, so the prompts and cache keys are
   * the ones a real run would use) with an AskTeacher that renders every prompt, looks it up in
   * the cache and tallies the calls it would make; only {@value #ESTIMATE_FILE} is written.
   */
  private static Pipeline buildDryRun(Pipeline p, RepotuneOptions options) {
    StageResult<SourceFile> files = p.apply("ReadRepository", readRepository(options));
    RedactSecrets redact = RedactSecrets.of();
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
