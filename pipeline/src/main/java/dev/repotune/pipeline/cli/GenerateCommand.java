package dev.repotune.pipeline.cli;

import dev.repotune.extractors.git.ResolvedRepository;
import dev.repotune.pipeline.DatasetFolder;
import dev.repotune.pipeline.Progress;
import dev.repotune.pipeline.RepotuneOptions;
import dev.repotune.pipeline.RepotunePipeline;
import dev.repotune.pipeline.stages.BeamCacheStore;
import dev.repotune.pipeline.stages.CheckAnswers;
import dev.repotune.pipeline.stages.Deduplicate;
import dev.repotune.pipeline.stages.ExtractChunks;
import dev.repotune.pipeline.stages.ReadHistory;
import dev.repotune.pipeline.stages.ReplayFixes;
import dev.repotune.pipeline.stages.TestMutants;
import dev.repotune.pipeline.stages.SftRows;
import dev.repotune.pipeline.stages.ToCptDocuments;
import dev.repotune.pipeline.stages.ToFimExamples;
import dev.repotune.pipeline.stages.ToHistoryRows;
import dev.repotune.pipeline.stages.ToRepoDocuments;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code repotune generate <git-url|path>...}: the main job, over one repository or several. Each
 * setting lives in the mixin that uses it, with its default, its one range check and how the dataset
 * records it; this command only puts them in order.
 */
@Command(
    name = "generate",
    description = "Turn git repositories into SFT and CPT shards.",
    mixinStandardHelpOptions = true,
    sortOptions = false)
public final class GenerateCommand extends BaseCommand {
  @Mixin InputMixin input = new InputMixin();
  @Mixin TasksMixin tasks = new TasksMixin();
  @Mixin OutputMixin output = new OutputMixin();
  @Mixin TeacherMixin teacher = new TeacherMixin();
  @Mixin QualityMixin quality = new QualityMixin();
  @Mixin CompletionMixin completion = new CompletionMixin();
  @Mixin HistoryMixin history = new HistoryMixin();
  @Mixin ExecMixin exec = new ExecMixin();
  @Mixin RetrievalMixin retrieval = new RetrievalMixin();
  @Mixin RunnerMixin runner = new RunnerMixin();

  @Override
  protected int doCall() throws Exception {
    List<String> sources = input.sources();
    output.checkOneFolder(sources);
    validate();
    if (teacher.isLlm() && !teacher.dryRun) {
      teacher.preflight(err());
    }
    Instant started = Instant.now();
    Path cache = runner.cacheDir();
    List<ResolvedRepository> repos = history.splitInTime(input.resolve(sources, cache, err()), err());
    if (teacher.dryRun) {
      return DryRunReport.run(
          work -> options(repos, work, cache), teacher, tasks.kinds(teacher.isLlm()), out(), err(), progressMode());
    }
    exec.prepare(repos, cache, err());
    String outDir;
    DatasetFolder folder;
    RepotuneOptions options = null;
    if (output.remote()) {
      // Beam's file systems (s3://, gs://) take their settings from the options, so they come first
      options = options(repos, (String) null, cache);
      FileSystems.setDefaultPipelineOptions(options);
      outDir = output.remoteOut();
      folder = DatasetFolder.prepareRemote(outDir, output.overwrite);
    } else {
      // the folder is claimed (its lock) before anything slow, so a second run into it is told at once
      Path local = output.outDir(repos.get(0).name());
      outDir = local.toString();
      folder = DatasetFolder.prepare(local, output.overwrite, input.guarded(sources, repos, cache));
    }
    DatasetFolder.Summary summary;
    PipelineResult result;
    InterruptHook onInterrupt = new InterruptHook(err(), outDir, commandLine(true), folder);
    try {
      if (options == null) {
        options = options(repos, (String) null, cache);
      }
      options.setWorkDir(folder.workLocation());
      if (output.remote() || !"direct".equals(runner.runner)) {
        // no worker opens the driver's clone: the repository travels with the job, as a bundle
        RepotunePipeline.shipRepositories(options, folder.workLocation());
      }
      onInterrupt.add();
      for (ResolvedRepository r : repos) {
        err().printf("repotune: %s @ %s (%s)%n", r.url(), r.commit().substring(0, 12), r.ref());
      }
      result = RepotunePipeline.run(options);
      PipelineResult.State state = Progress.watch(result, err(), progressMode(), Progress.stages(exec.exec));
      if (state != PipelineResult.State.DONE) {
        throw new ExitException(ExitCodes.RUN_FAILED, "run ended in state " + state + "; nothing was written to " + outDir);
      }
      summary = folder.finish(repos, config(), commandLine(false), Duration.between(started, Instant.now()));
    } finally {
      folder.abandon(); // a no-op once finished; on any failure the work folder goes and the lock is let go
      onInterrupt.remove();
    }
    summary.print(out());
    summary.warnings().forEach(w -> err().println("repotune: warning: " + w));
    history.adviseOnSplit(summary.counts(), err());
    printCacheUse(result);
    if (summary.failedCallShare() > teacher.maxFailedShare) {
      err().printf(
          "repotune: %,d teacher calls failed (%.0f%% of all, more than --max-failed-share %s); the dataset was written to %s, the errors are in failed/; rerun to retry them (answered calls are cached)%n",
          summary.failedCalls(), 100 * summary.failedCallShare(), teacher.maxFailedShare, outDir);
      return ExitCodes.RUN_FAILED;
    }
    return ExitCodes.OK;
  }

  /** Every setting's one check, in the order a user reads the usage lines (the first wrong one is named). */
  private void validate() {
    output.validate();
    tasks.validate();
    input.validate();
    teacher.validate();
    quality.validate();
    completion.validate();
    history.validate();
    exec.validate();
    retrieval.validate();
    runner.validate();
    tasks.kinds(teacher.isLlm());
  }

  /** The damaged-cache warning; with --verbose, what the caches saved. */
  private void printCacheUse(PipelineResult result) {
    long damaged = Progress.counter(result, BeamCacheStore.class, BeamCacheStore.DAMAGED);
    if (damaged > 0 || verbose()) {
      err().printf(
          "repotune: %s%,d damaged cache entries ignored (their content was made again)%n",
          damaged > 0 ? "warning: " : "", damaged);
    }
    if (verbose()) {
      err().printf(
          "repotune: %,d files parsed, %,d reused from the extraction cache%n",
          Progress.counter(result, ExtractChunks.class, "extracted"),
          Progress.counter(result, ExtractChunks.class, "cache_hits"));
      err().printf(
          "repotune: %,d chunks' rows replayed from the row cache%n", Progress.counter(result, SftRows.class, "reused"));
      err().printf(
          "repotune: %,d CPT and %,d repository-level documents' token counts reused from the token cache%n",
          Progress.counter(result, ToCptDocuments.class, "reused"), Progress.counter(result, ToRepoDocuments.class, "reused"));
      err().printf("repotune: dedup took %,d ms (signatures and clustering, summed over threads)%n", Deduplicate.millis(result));
      err().printf(
          "repotune: %,d files' FIM middles reused from the completion cache%n",
          Progress.counter(result, ToFimExamples.class, "reused"));
      err().printf(
          "repotune: completion data took %,d ms for FIM examples and %,d ms for repository documents (summed over threads)%n",
          Progress.counter(result, ToFimExamples.class, "millis"), Progress.counter(result, ToRepoDocuments.class, "millis"));
      err().printf(
          "repotune: %,d commits read, %,d changes and %,d commits' rows reused from the history cache; history rows took %,d ms (summed over threads)%n",
          Progress.counter(result, ReadHistory.class, "commits"), Progress.counter(result, ReadHistory.class, "reused"),
          Progress.counter(result, ToHistoryRows.class, "reused"), Progress.counter(result, ToHistoryRows.class, "millis"));
      err().printf(
          "repotune: %,d mutants checked, %,d verdicts reused from the execution cache; mutants took %,d ms; %,d history commits replayed, %,d reused; %,d answers checked, %,d reused%n",
          Progress.counter(result, TestMutants.class, "checked"), Progress.counter(result, TestMutants.class, "reused"),
          Progress.counter(result, TestMutants.class, "millis"), Progress.counter(result, ReplayFixes.class, "replayed"),
          Progress.counter(result, ReplayFixes.class, "reused"), Progress.counter(result, CheckAnswers.class, "checked"),
          Progress.counter(result, CheckAnswers.class, "reused"));
    }
  }

  /** The Beam options of one run: Beam's own flags (after --), then every mixin's settings. */
  private RepotuneOptions options(List<ResolvedRepository> repos, Path workDir, Path cache) {
    return options(repos, workDir == null ? null : workDir.toString(), cache);
  }

  private RepotuneOptions options(List<ResolvedRepository> repos, String workDir, Path cache) {
    List<String> beamArgs = input.beamArgs();
    RepotuneOptions o = PipelineOptionsFactory.fromArgs(beamArgs.toArray(String[]::new)).withValidation().as(RepotuneOptions.class);
    input.applyTo(o, repos);
    tasks.applyTo(o);
    output.applyTo(o);
    teacher.applyTo(o);
    quality.applyTo(o);
    completion.applyTo(o);
    history.applyTo(o);
    exec.applyTo(o);
    retrieval.applyTo(o);
    runner.applyTo(o, beamArgs, cache);
    if (workDir != null) {
      o.setWorkDir(workDir);
    }
    return o;
  }

  /** The settings that decide the data; they go into the manifest. */
  Map<String, Object> config() {
    Map<String, Object> c = RunRecord.config(spec.commandLine().getParseResult(), teacher.isLlm());
    tasks.record(c, teacher.isLlm());
    completion.record(c);
    return c;
  }

  /** The command as a user would retype it, without credentials; to resume, with its folders. */
  String commandLine(boolean resume) {
    return RunRecord.commandLine(spec.commandLine().getParseResult(), teacher.isLlm(), resume);
  }
}
