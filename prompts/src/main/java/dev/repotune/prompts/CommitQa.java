package dev.repotune.prompts;

import dev.repotune.extractors.StableIds;
import java.io.Serializable;
import java.util.Objects;

/**
 * One question and its answer about a commit, as {@link CommitTeacher} states it. {@code symbol} is the
 * member a why question asks about ("" for the kinds asked once per commit); {@code variant} numbers the
 * wordings of one (commit, task, symbol) from 0. {@code execCandidate} marks a row whose answer a test of
 * the same commit checks (fix-with-test): running that test on the parent with the answer applied is a
 * check an execution stage can make.
 */
public record CommitQa(
    String repo,
    String commitId,
    TaskKind task,
    String symbol,
    int variant,
    String question,
    String answer,
    boolean execCandidate,
    String teacher,
    String promptVersion)
    implements Serializable {
  public CommitQa {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(commitId, "commitId");
    Objects.requireNonNull(task, "task");
    symbol = symbol == null ? "" : symbol;
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(teacher, "teacher");
    Objects.requireNonNull(promptVersion, "promptVersion");
  }

  /**
   * A stable id for the commit's question of this task and symbol (its variants share it, as a chunk's
   * variants share the chunk id): what stands in {@link QaPair#chunkId()} for a row of the history.
   */
  public String sourceId() {
    return StableIds.of("commit", repo, commitId, task.wireName(), symbol);
  }

  /** As a {@link QaPair}, for the stages that write SFT rows; {@link #sourceId()} is its chunk id. */
  public QaPair toQaPair() {
    return new QaPair(sourceId(), task, question, answer, teacher, promptVersion);
  }
}
