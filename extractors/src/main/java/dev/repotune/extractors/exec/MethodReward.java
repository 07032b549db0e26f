package dev.repotune.extractors.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * The reward docs/rl-tasks.md specifies for an answer that writes one method: the answer's last code
 * block replaces lines {@code startLine..endLine} of the file in the built copy, the file is compiled alone
 * and the task's tests run; 1 when they all pass, else 0. One class so that {@code repotune eval} and
 * {@code bench/RlScore.java} (a reward function's reference) never score the same answer differently.
 * Thread-safe: a trial never writes the work copy.
 */
public final class MethodReward {
  /** Why an answer scored what it did; only PASSES is rewarded. */
  public enum Verdict {
    PASSES,
    FAILS_TESTS,
    DOES_NOT_COMPILE,
    TIMED_OUT,
    NO_CODE_BLOCK,
    NOT_A_METHOD;

    /** The lower-case name a JSON line or a report shows. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The verdict and, unless it passed, the first compile error or failing test, on one line. */
  public record Result(Verdict verdict, String why) {
    public double reward() {
      return verdict == Verdict.PASSES ? 1.0 : 0.0;
    }

    /** Whether the patched file compiled (a failing or timed-out test run compiled first). */
    public boolean compiled() {
      return verdict == Verdict.PASSES || verdict == Verdict.FAILS_TESTS || verdict == Verdict.TIMED_OUT;
    }
  }

  private final BuiltCopy.State state;
  private final SourceTrial trial;
  private final Limits limits;

  /** Scores against {@code state}, which must have built ({@link BuiltCopy.State#ok}). */
  public MethodReward(BuiltCopy.State state, BuiltCopy.Settings settings) {
    if (!state.ok()) {
      throw new IllegalArgumentException("the repository did not build: " + state.build().errorText());
    }
    this.state = state;
    this.trial = new SourceTrial(state.workCopy(), state.build(), BuiltCopy.testRun(state, settings));
    this.limits = settings.testLimits();
  }

  /** The answer scored as the method at {@code path} lines {@code startLine..endLine}, judged by {@code tests}. */
  public Result score(String path, int startLine, int endLine, List<String> tests, String answer) {
    String file;
    try {
      file = Files.readString(state.workCopy().resolve(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + " in " + state.workCopy(), e);
    }
    Optional<String> code = AnswerPatch.code(answer == null ? "" : answer);
    if (code.isEmpty()) {
      return new Result(Verdict.NO_CODE_BLOCK, "the answer has no code");
    }
    Optional<String> patched = AnswerPatch.replaceMethod(file, startLine, endLine, code.get());
    if (patched.isEmpty()) {
      return new Result(Verdict.NOT_A_METHOD, "the answer's code is not one method");
    }
    SourceTrial.Outcome o = trial.run(path, patched.get(), tests, limits);
    return switch (o.verdict()) {
      case PASSES -> new Result(Verdict.PASSES, "");
      case DOES_NOT_COMPILE -> new Result(Verdict.DOES_NOT_COMPILE, String.join(" | ", o.compileErrors()));
      case TIMED_OUT -> new Result(Verdict.TIMED_OUT, "the tests hit their time limit of " + limits.timeout().toSeconds() + " s");
      case FAILS_TESTS -> new Result(Verdict.FAILS_TESTS,
          o.firstFailure().map(f -> f.key() + ": " + f.message()).orElse("a test did not run"));
    };
  }
}
