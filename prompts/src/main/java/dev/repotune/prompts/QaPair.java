package dev.repotune.prompts;

import java.io.Serializable;
import java.util.Objects;

/**
 * One question and its answer about one chunk, as a teacher produced it. {@code teacher} names the
 * teacher ("offline", or the model), {@code promptVersion} the content hash of the template or phrasing
 * set that produced it, so a dataset says exactly what made each row.
 */
public record QaPair(
    String chunkId,
    TaskKind taskKind,
    String question,
    String answer,
    String teacher,
    String promptVersion)
    implements Serializable {
  public QaPair {
    Objects.requireNonNull(chunkId, "chunkId");
    Objects.requireNonNull(taskKind, "taskKind");
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(teacher, "teacher");
    Objects.requireNonNull(promptVersion, "promptVersion");
  }
}
