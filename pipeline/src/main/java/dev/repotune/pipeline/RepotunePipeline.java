package dev.repotune.pipeline;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.pipeline.stages.AskTeacher;
import dev.repotune.pipeline.stages.BuildIndex;
import dev.repotune.pipeline.stages.ExtractChunks;
import dev.repotune.pipeline.stages.ReadRepository;
import dev.repotune.pipeline.stages.SplitTrainTest;
import dev.repotune.pipeline.stages.WriteShards;
import dev.repotune.samples.CptRecord;
import dev.repotune.samples.Failed;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.SftRecord;
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

    // Steps:
    //  1. ReadRepository  files at the commit; skipped files become Rejected with their reason
    //  2. ExtractChunks   Java by declaration, Markdown by heading, the rest by token windows
    //  3. ToCptDocuments  every kept file as a continued-pretraining document
    //  4. BuildIndex      callers, implementers and tests, joined back onto each chunk
    //  5. AskTeacher      questions and answers per chunk and task kind
    //  6. SplitTrainTest  train or test by file
    //  7. WriteShards     SFT, CPT, rejected and failed rows, plus the counts for the manifest
    StageResult<SourceFile> files = p.apply("ReadRepository", readRepository(options));
    StageResult<Chunk> chunks = files.getOutput().apply("ExtractChunks", ExtractChunks.of().withCache(options.getExtractCacheDir()));
    PCollection<CptRecord> cpt = files.getOutput().apply("ToCptDocuments", ToCptDocuments.of());
    PCollection<IndexedChunk> indexed = chunks.getOutput().apply("BuildIndex", BuildIndex.of());
    StageResult<SftRecord> answered = indexed.apply("AskTeacher", askTeacher(options));
    PCollection<SftRecord> sft =
        answered
            .getOutput()
            .apply(
                "SplitTrainTest",
                SplitTrainTest.of(options.getTestFraction(), options.getSeed()));

    PCollection<Rejected> rejected =
        PCollectionList.of(files.getRejected())
            .and(chunks.getRejected())
            .and(answered.getRejected())
            .apply("FlattenRejected", Flatten.pCollections());
    PCollection<Failed> failed =
        PCollectionList.of(files.getFailed())
            .and(chunks.getFailed())
            .and(answered.getFailed())
            .apply("FlattenFailed", Flatten.pCollections());

    PCollectionTuple.of(WriteShards.SFT, sft)
        .and(WriteShards.CPT, cpt)
        .and(WriteShards.REJECTED, rejected)
        .and(WriteShards.FAILED, failed)
        .apply("WriteShards", WriteShards.to(options.getWorkDir()));
    CountOutcomes.write(
        options.getWorkDir(),
        files.getOutput(),
        chunks.getOutput(),
        sft,
        cpt,
        rejected,
        failed);
    return p;
  }

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

  static AskTeacher askTeacher(RepotuneOptions o) {
    return AskTeacher.offline(AskTeacher.parseTasks(o.getTasks()))
        .withVariants(o.getVariants())
        .withSeed(o.getSeed())
        .withMaxChunks(o.getMaxChunks());
  }
}
