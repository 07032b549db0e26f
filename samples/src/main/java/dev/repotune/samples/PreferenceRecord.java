package dev.repotune.samples;

import java.io.Serializable;
import java.util.List;

/**
 * One preference pair in TRL's conversational preference layout: {@code prompt} (the system and user
 * turns), {@code chosen} and {@code rejected} (one assistant turn each), the shape DPOTrainer and TRL's
 * other pairwise trainers read (https://huggingface.co/docs/trl/dataset_formats, "Preference",
 * conversational column). The chosen answer is the method as the repository has it, which its tests
 * pass; the rejected one is a mutant of it that a test kills, or a teacher's answer that was run and
 * failed.
 */
public record PreferenceRecord(
    String id, List<Message> prompt, List<Message> chosen, List<Message> rejected, Meta meta)
    implements Serializable {
  /** The rejected side is a mutant of the method that a test of the repository kills. */
  public static final String BY_MUTANT = "mutant";
  /** The rejected side is a teacher's answer that compiles and fails a test. */
  public static final String BY_FAILING_TESTS = "fails_tests";
  /** The rejected side is a teacher's answer that does not compile. */
  public static final String BY_NOT_COMPILING = "does_not_compile";

  public PreferenceRecord {
    prompt = List.copyOf(prompt);
    chosen = List.copyOf(chosen);
    rejected = List.copyOf(rejected);
  }

  /**
   * Where the pair came from. {@code lines} is "start-end" of the method; {@code task} the prompt's task
   * ("implement"); {@code rejectedBy} one of {@link #BY_MUTANT}, {@link #BY_FAILING_TESTS}, {@link
   * #BY_NOT_COMPILING}; {@code mutation} the mutation's wire name for a mutant, else ""; {@code
   * failingTest} the test that failed on the rejected side ({@code pkg.Class#method}), "" when it did not
   * compile; {@code split} "train" or "test".
   */
  public record Meta(
      String repo,
      String commit,
      String path,
      String symbol,
      String lines,
      String task,
      String rejectedBy,
      String mutation,
      String failingTest,
      String split)
      implements Serializable {}
}
