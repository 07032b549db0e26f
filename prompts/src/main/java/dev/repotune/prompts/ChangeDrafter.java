package dev.repotune.prompts;

import java.util.List;
import java.util.Map;

/**
 * The commit's message as a developer's request, with the main code it changes as it was before; the
 * answer is the commit's diff of main code and the changed methods as they became. Tests are left out of
 * both: they are fix-with-test's request. Not asked without a main-code change, or when the diff is too
 * long to show whole.
 */
final class ChangeDrafter implements CommitDrafter {
  @Override
  public List<CommitDraft> draft(TaskKind kind, CommitView c) {
    if (!c.changesMainCode() || c.task.subject().isEmpty()
        || CommitView.diffLines(c.mainFiles) > CommitView.MAX_DIFF_LINES) {
      return List.of();
    }
    String tail = "\n\n" + c.task.message() + "\n\nThe code as it is now:\n\n" + c.beforeContext();
    Draft d = new Draft(c.phrasings.group("change.q"), tail, null, answer(c), Map.of());
    return List.of(new CommitDraft("", d, false));
  }

  /** The main-code diff, then each changed method as the commit left it. */
  static String answer(CommitView c) {
    String after = c.afterState();
    return CommitView.diffBlock(c.mainFiles) + (after.isEmpty() ? "" : "\n\n" + after);
  }
}
