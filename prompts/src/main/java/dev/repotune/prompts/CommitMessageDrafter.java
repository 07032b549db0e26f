package dev.repotune.prompts;

import dev.repotune.extractors.history.FileChange;
import java.util.List;

/**
 * The commit's whole diff (tests included: the message speaks for all of it) as the question; its own
 * message, subject and body, as the answer, with no lead-in, since a commit message is all the answer is.
 */
final class CommitMessageDrafter implements CommitDrafter {
  @Override
  public List<CommitDraft> draft(TaskKind kind, CommitView c) {
    List<FileChange> files =
        c.task.files().stream().filter(f -> c.mainFiles.contains(f) || c.testFiles.contains(f)).toList();
    if (files.isEmpty() || c.task.subject().isEmpty() || CommitView.diffLines(files) > CommitView.MAX_DIFF_LINES) {
      return List.of();
    }
    String tail = "\n\n" + CommitView.diffBlock(files);
    Draft d = Draft.fixed(c.phrasings.group("commit-message.q"), tail, c.task.message());
    return List.of(new CommitDraft("", d, false));
  }
}
