package dev.repotune.pipeline.cli;

import dev.repotune.pipeline.RepotuneOptions;
import dev.repotune.pipeline.stages.AskTeacher;
import dev.repotune.prompts.TaskKind;
import dev.repotune.samples.quality.MixCap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * What is asked about each chunk (which task kinds, in how many wordings, of how many chunks) and how
 * much of the dataset each kind may be ({@code --mix}).
 */
final class TasksMixin {
  @Recorded
  @Option(
      names = "--tasks",
      split = ",",
      completionCandidates = TaskKind.Names.class,
      description = "Task kinds: ${COMPLETION-CANDIDATES} (default: all offline; with --teacher openai explain alone, and only kinds that have an LLM template).")
  List<String> tasks = new ArrayList<>();

  @Recorded(teacher = Recorded.Teacher.OFFLINE)
  @Option(names = "--variants", description = "Differently worded questions per fact (default: ${DEFAULT-VALUE}).", defaultValue = "" + AskTeacher.DEFAULT_VARIANTS)
  int variants;

  @Recorded
  @Option(
      names = "--mix",
      paramLabel = "TASK=SHARE,...",
      description = "Cap task kinds' shares of the SFT rows, e.g. locate=0.2,callers=0.15; a kind not named may have a quarter, 1 lifts a cap (default: no kind above a quarter).",
      defaultValue = "")
  String mix;

  @Recorded
  @Option(names = "--max-chunks", description = "Ask about at most N chunks, 0 = all (default: ${DEFAULT-VALUE}).", defaultValue = "0")
  int maxChunks;

  void validate() {
    Usage.check(variants >= 1 && variants <= 10, "--variants must be between 1 and 10, got " + variants);
    Usage.check(maxChunks >= 0, "--max-chunks must be 0 (all) or more, got " + maxChunks);
    mixCap();
  }

  /** {@code --mix} as the cap it sets; a bad entry is a usage error saying which. */
  MixCap mixCap() {
    try {
      return MixCap.parse(mix);
    } catch (IllegalArgumentException e) {
      throw Usage.error(e.getMessage());
    }
  }

  // ---- The one place that reads --tasks: its check, the kinds a run asks and config's "tasks" entry. ----

  /** The task kinds a run asks; none named means every kind the teacher has a way to ask. */
  Set<TaskKind> kinds(boolean llm) {
    String list = String.join(",", tasks);
    try {
      return llm ? TaskKind.parseLlmList(list) : TaskKind.parseList(list);
    } catch (IllegalArgumentException e) {
      throw Usage.error(e.getMessage());
    }
  }

  /** config's "tasks": the kinds asked by wire name, not the list as typed. */
  void record(Map<String, Object> config, boolean llm) {
    config.replace("tasks", kinds(llm).stream().map(TaskKind::wireName).toList());
    Map<String, Double> shares = new LinkedHashMap<>();
    kinds(llm).stream().filter(k -> !k.isHistory() && !k.isExec()).forEach(k -> shares.put(k.wireName(), mixCap().share(k.wireName())));
    config.replace("mix", shares); // every SFT kind asked with its share, not the list as typed (history rows are not capped)
  }

  // ---- end of --tasks ----

  void applyTo(RepotuneOptions o) {
    o.setTasks(String.join(",", tasks));
    o.setMix(mixCap().toString());
    o.setVariants(variants);
    o.setMaxChunks(maxChunks);
  }
}
