package dev.repotune.prompts;

import java.util.List;
import java.util.Map;

/**
 * A commit that changes both tests and main code: its message and the new or changed tests (as the
 * commit wrote them) as the request, with the main code as it was; the answer is the main-code diff and
 * the changed methods as they became, which the tests of the same commit check, so the row is marked
 * as a candidate for running them.
 */
final class FixWithTestDrafter implements CommitDrafter {
  @Override
  public List<CommitDraft> draft(TaskKind kind, CommitView c) {
    if (!c.changesTests() || !c.changesMainCode() || c.task.subject().isEmpty()
        || CommitView.diffLines(c.mainFiles) > CommitView.MAX_DIFF_LINES) {
      return List.of();
    }
    String tests = c.testParts() > 1 ? "\n\nThe tests:\n\n" : "\n\nThe test:\n\n";
    String tail = "\n\n" + c.task.message() + tests + c.testsAfter()
        + "\n\nThe code as it is now:\n\n" + c.beforeContext();
    Draft d = new Draft(c.phrasings.group("fix-with-test.q"), tail, null, ChangeDrafter.answer(c), Map.of());
    return List.of(new CommitDraft("", d, true));
  }
}
