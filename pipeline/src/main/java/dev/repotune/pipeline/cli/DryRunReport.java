package dev.repotune.pipeline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.pipeline.DatasetFolder;
import dev.repotune.pipeline.Progress;
import dev.repotune.pipeline.RepotuneOptions;
import dev.repotune.pipeline.RepotunePipeline;
import dev.repotune.prompts.QaPrompt;
import dev.repotune.prompts.TaskKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.beam.sdk.PipelineResult;

/** {@code --dry-run}: runs the job up to AskTeacher's cache lookup, prints what the calls would be, and writes nothing. */
final class DryRunReport {
  private DryRunReport() {}

  /** Runs the job with the options {@code optionsFor} makes for a scratch work folder, then prints the estimate. */
  static int run(
      Function<Path, RepotuneOptions> optionsFor, TeacherMixin teacher, Set<TaskKind> tasks,
      PrintWriter out, PrintWriter err, Progress.Mode mode) throws IOException {
    Path work = Files.createTempDirectory("repotune-dry-run");
    try {
      PipelineResult result = RepotunePipeline.run(optionsFor.apply(work));
      PipelineResult.State state = Progress.watch(result, err, mode, Progress.DRY_RUN_STAGES);
      if (state != PipelineResult.State.DONE) {
        throw new ExitException(ExitCodes.RUN_FAILED, "dry run ended in state " + state);
      }
      Map<String, Long> e = new TreeMap<>();
      Path estimate = work.resolve(RepotunePipeline.ESTIMATE_FILE);
      if (Files.exists(estimate)) {
        new ObjectMapper().readTree(estimate.toFile())
            .fields().forEachRemaining(f -> e.put(f.getKey(), f.getValue().asLong()));
      }
      print(e, teacher, tasks, out);
      return ExitCodes.OK;
    } finally {
      DatasetFolder.deleteRecursively(work);
    }
  }

  /** The estimate's sums ({@code estimate.*}) as calls per task, tokens and the most it can cost. */
  static void print(Map<String, Long> e, TeacherMixin teacher, Set<TaskKind> tasks, PrintWriter o) {
    long fresh = e.getOrDefault("estimate.calls.fresh", 0L);
    long cached = e.getOrDefault("estimate.calls.cached", 0L);
    o.printf("Dry run: nothing was called and no dataset was written.%n");
    if (!teacher.isLlm()) {
      o.printf("  teacher  offline: 0 calls, $0.00%n");
      return;
    }
    o.printf("  prompts  %,d rendered: %,d already cached, %,d to call%n", fresh + cached, cached, fresh);
    for (TaskKind k : tasks) {
      String t = k.wireName();
      o.printf("    %-10s template %s: %,d already cached, %,d to call%n", t, QaPrompt.load(k).version(),
          e.getOrDefault("estimate.tasks." + t + ".cached", 0L), e.getOrDefault("estimate.tasks." + t + ".fresh", 0L));
    }
    String issue = dev.repotune.pipeline.stages.IssueRows.TASK;
    if (e.containsKey("estimate.tasks." + issue + ".cached") || e.containsKey("estimate.tasks." + issue + ".fresh")) {
      o.printf("    %-10s template %s: %,d already cached, %,d to call (one per commit with a change or fix-with-test row)%n",
          issue, dev.repotune.prompts.IssuePrompt.load().version(),
          e.getOrDefault("estimate.tasks." + issue + ".cached", 0L), e.getOrDefault("estimate.tasks." + issue + ".fresh", 0L));
    }
    o.printf("  tokens   %,d in, at most %,d out (--max-tokens %d per call)%n",
        e.getOrDefault("estimate.tokens.in", 0L), e.getOrDefault("estimate.tokens.out_max", 0L), teacher.maxTokens);
    if (teacher.prices().knows(teacher.model)) {
      o.printf("  cost     at most $%.4f with %s%s%n", e.getOrDefault("estimate.cost_microusd_max", 0L) / 1e6, teacher.model,
          teacher.budgetUsd > 0 ? String.format(" (--budget-usd %.2f)", teacher.budgetUsd) : "");
    } else {
      o.printf("  cost     unknown: %s is not in the price table (a local model costs nothing; else pass --price-table)%n", teacher.model);
    }
  }
}
