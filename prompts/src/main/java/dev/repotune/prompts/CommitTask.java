package dev.repotune.prompts;

import dev.repotune.extractors.history.CommitInfo;
import dev.repotune.extractors.history.FileChange;
import dev.repotune.extractors.history.MemberChange;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One commit as {@link CommitTeacher} asks about it: the repository, the commit, its message already
 * cleaned (trailers, sign-offs and issue boilerplate taken out; {@code body} empty when it has none), the
 * files it changes against its first parent and the Java declarations those changes touch. Nothing names
 * the author: {@link CommitInfo} keeps none.
 */
public record CommitTask(
    String repo, CommitInfo commit, String subject, String body, List<FileChange> files, List<MemberChange> members)
    implements Serializable {
  public CommitTask {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(commit, "commit");
    subject = subject == null ? "" : subject.strip();
    body = body == null ? "" : body.strip();
    files = List.copyOf(files);
    members = List.copyOf(members);
  }

  /** The message as the commit wrote it after cleaning: the subject, then the body after a blank line. */
  public String message() {
    return body.isEmpty() ? subject : subject + "\n\n" + body;
  }

  /** The commit's id shortened as git shows it (seven hex digits). */
  public String shortId() {
    String id = commit.id();
    return id.length() > 7 ? id.substring(0, 7) : id;
  }
}
