package dev.repotune.samples;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.List;

/**
 * One RL task: a prompt that asks for a method, and how to score an answer by running the repository's
 * tests. One row is read as it is by two trainers:
 *
 * <ul>
 *   <li>verl, whose RL parquet has the columns {@code data_source} (string), {@code prompt} (a list of
 *       {@code {role, content}}), {@code ability} (string), {@code reward_model} (a struct {@code {style:
 *       "rule", ground_truth: string}}) and {@code extra_info} (a struct it hands the reward function);
 *       the layout of verl's {@code examples/data_preprocess/gsm8k.py}, field for field;
 *   <li>TRL's GRPOTrainer, which takes a prompt-only conversational dataset (a {@code prompt} column of
 *       messages, https://huggingface.co/docs/trl/dataset_formats) and passes every other column to the
 *       reward functions as keyword arguments
 *       (https://huggingface.co/docs/trl/grpo_trainer#using-a-custom-reward-function): a reward function
 *       reads {@code reward_model["ground_truth"]}.
 * </ul>
 *
 * {@code groundTruth} is a {@link GroundTruth} as JSON (verl's {@code ground_truth} is a string);
 * docs/rl-tasks.md says how a scorer reads it.
 *
 * @param dataSource {@code repotune/<repo>}: verl picks the reward function by it
 * @param ability "code"
 * @param style "rule": scored by running tests, not by a reward model
 */
public record RlTask(
    String id, String dataSource, List<Message> prompt, String ability, String style, String groundTruth,
    ExtraInfo extraInfo)
    implements Serializable {
  public static final String ABILITY = "code";
  public static final String STYLE = "rule";

  public RlTask {
    prompt = List.copyOf(prompt);
  }

  /** {@code repotune/<repo>}. */
  public static String dataSource(String repo) {
    return "repotune/" + repo;
  }

  /**
   * What verl and TRL hand the reward function beside the answer. {@code index} numbers the row in its
   * split as verl's examples do; repotune takes it from the row's id (its first 15 hex digits), so rows made
   * on different workers never share one. {@code reference} is the method as the repository has it, which
   * its tests pass.
   */
  public record ExtraInfo(
      String split, long index, String repo, String commit, String path, String symbol, String reference)
      implements Serializable {}

  /**
   * The scoring spec in {@code ground_truth}: put the answer in place of lines {@code startLine} to
   * {@code endLine} of {@code path} at {@code commit}, run {@code build}, then {@code test} with the
   * {@code tests} ({@code pkg.Class#method}); the answer is right when they pass.
   */
  public record GroundTruth(
      String repo, String commit, String path, String symbol, int startLine, int endLine, List<String> tests,
      String build, String test)
      implements Serializable {
    static final List<String> KEYS =
        List.of("repo", "commit", "path", "symbol", "start_line", "end_line", "tests", "build", "test");

    public GroundTruth {
      tests = List.copyOf(tests);
    }

    /** The spec as the one-line JSON of {@code ground_truth}, keys in {@link #KEYS} order. */
    public String json() {
      return JsonLines.write(g -> {
        g.writeStartObject();
        g.writeStringField("repo", JsonLines.required("ground_truth.repo", repo));
        g.writeStringField("commit", JsonLines.required("ground_truth.commit", commit));
        g.writeStringField("path", JsonLines.required("ground_truth.path", path));
        g.writeStringField("symbol", JsonLines.required("ground_truth.symbol", symbol));
        g.writeNumberField("start_line", startLine);
        g.writeNumberField("end_line", endLine);
        JsonLines.writeStrings(g, "ground_truth.", "tests", tests);
        g.writeStringField("build", JsonLines.required("ground_truth.build", build));
        g.writeStringField("test", JsonLines.required("ground_truth.test", test));
        g.writeEndObject();
      });
    }

    /** The spec of a {@code ground_truth} string; refuses a key that is missing, extra or out of order. */
    public static GroundTruth parse(String json) {
      JsonNode n = JsonLines.parse(json);
      JsonLines.exactKeys("ground_truth.", n, KEYS);
      long start = JsonLines.integer(n, "ground_truth.", "start_line");
      long end = JsonLines.integer(n, "ground_truth.", "end_line");
      if (start != (int) start || end != (int) end) {
        throw new IllegalArgumentException("ground_truth lines must be ints, got " + start + "-" + end);
      }
      return new GroundTruth(
          JsonLines.str(n, "ground_truth.", "repo"), JsonLines.str(n, "ground_truth.", "commit"),
          JsonLines.str(n, "ground_truth.", "path"), JsonLines.str(n, "ground_truth.", "symbol"),
          (int) start, (int) end, JsonLines.strings(n, "ground_truth.", "tests"),
          JsonLines.str(n, "ground_truth.", "build"), JsonLines.str(n, "ground_truth.", "test"));
    }
  }
}
