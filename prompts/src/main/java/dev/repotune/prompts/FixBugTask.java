package dev.repotune.prompts;

import dev.repotune.extractors.StableIds;
import java.io.Serializable;
import java.util.Objects;

/**
 * One broken copy of a main-code method that a test of the repository catches, as {@link ExecTeacher}
 * asks about it: where the method is ({@code repo}, {@code path}, {@code symbol} as a chunk names it,
 * e.g. {@code HtmlTreeBuilder.process(Token)}), the method as written and its broken copy, the failing
 * test ({@code pkg.FooTest#bar()}), the message it fails with and its source ("" when not known).
 * {@code mutationKind} names the edit for the row's meta only: no text of the row may say it. The texts
 * come redacted, as every chunk does.
 */
public record FixBugTask(
    String repo,
    String path,
    String symbol,
    String enclosingType,
    String originalMethod,
    String mutatedMethod,
    String mutationKind,
    String failingTest,
    String failureMessage,
    String testText)
    implements Serializable {
  public FixBugTask {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(originalMethod, "originalMethod");
    Objects.requireNonNull(mutatedMethod, "mutatedMethod");
    Objects.requireNonNull(failingTest, "failingTest");
    if (originalMethod.equals(mutatedMethod)) {
      throw new IllegalArgumentException("the broken copy of " + symbol + " is the method as written");
    }
    enclosingType = enclosingType == null ? "" : enclosingType;
    mutationKind = mutationKind == null ? "" : mutationKind;
    failureMessage = failureMessage == null ? "" : failureMessage;
    testText = testText == null ? "" : testText;
  }

  /**
   * A stable id of this question (repository, method, broken copy, failing test; not the commit, so the
   * same bug on another commit is the same row): what stands in {@link QaPair#chunkId()}, and what
   * chooses its wording.
   */
  public String sourceId() {
    return StableIds.of("fix-bug", repo, path, symbol, mutatedMethod, failingTest);
  }
}
