package dev.repotune.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The issue twins of a commit's change and fix-with-test rows, and how an issue reply is read. */
class CommitTeacherIssueTest {
  private static final String ISSUE = "Element.wrap throws on a detached element\n\n"
      + "When I call `wrap` on an element I have not added to a document yet I get a NullPointerException.";
  private static final String CONTEXT = "The code as it is now:";

  private static final CommitTeacher TEACHER =
      CommitTeacher.create(EnumSet.allOf(TaskKind.class), 3, 7L);

  @Test
  void givenAnIssue_thenEachChangeAndFixWithTestQuestionIsAskedWithItAndAnsweredTheSame() {
    CommitTask fix = CommitFixtures.fix();
    List<CommitQa> originals = TEACHER.ask(fix).stream()
        .filter(q -> q.task() == TaskKind.CHANGE || q.task() == TaskKind.FIX_WITH_TEST).toList();
    assertTrue(originals.stream().anyMatch(q -> q.task() == TaskKind.FIX_WITH_TEST), "the fixture has a test");
    List<CommitQa> issues = TEACHER.askAsIssue(fix, ISSUE, "some-model", "abcdef012345");
    assertEquals(originals.size(), issues.size());
    for (int i = 0; i < issues.size(); i++) {
      CommitQa o = originals.get(i);
      CommitQa q = issues.get(i);
      assertEquals(List.of(o.task(), o.symbol(), o.variant(), o.answer(), o.execCandidate()),
          List.of(q.task(), q.symbol(), q.variant(), q.answer(), q.execCandidate()));
      assertTrue(o.question().contains(CommitFixtures.SUBJECT), o.question());
      assertTrue(q.question().contains("\n\n" + ISSUE + "\n\n"), q.question());
      assertFalse(q.question().contains(CommitFixtures.SUBJECT), "the message is replaced: " + q.question());
      assertFalse(q.question().contains(CommitFixtures.BODY), "its body too: " + q.question());
      assertEquals(o.question().substring(o.question().indexOf(CONTEXT)),
          q.question().substring(q.question().indexOf(CONTEXT)), "the same code as it is");
      assertEquals("some-model", q.teacher());
      assertEquals("abcdef012345", q.promptVersion());
    }
  }

  @Test
  void givenOnlyOtherKinds_orABlankIssue_orOneCitingLines_thenNothingIsAsked() {
    CommitTask fix = CommitFixtures.fix();
    CommitTeacher why = CommitTeacher.create(Set.of(TaskKind.WHY, TaskKind.COMMIT_MESSAGE), 1, 0L);
    assertTrue(why.askAsIssue(fix, ISSUE, "m", "v").isEmpty());
    assertTrue(TEACHER.askAsIssue(fix, " \n", "m", "v").isEmpty());
    assertTrue(TEACHER.askAsIssue(fix, "Crash\n\nSee line 42 of Element.java.", "m", "v").isEmpty());
    assertFalse(TEACHER.askAsIssue(fix, ISSUE, "m", "v").isEmpty());
  }

  private static TeacherResponse reply(String text, String finishReason) {
    return new TeacherResponse(text, new TeacherResponse.Usage(10, 20), finishReason, false);
  }

  @Test
  void aReplyGivesItsFirstPairOrWhyItGivesNone() {
    IssuePrompt.Issue ok = IssuePrompt.read(reply(
        "```json\n{\"pairs\": [{\"question\": \"Title\\n\\nText\", \"answer\": \"It should work.\"}]}\n```", "stop"));
    assertNull(ok.problem());
    assertEquals("Title\n\nText", ok.text());
    assertEquals("It should work.", ok.expected());
    assertEquals("truncated", IssuePrompt.read(reply("{\"pairs\": [", "length")).problem().reason());
    assertEquals("refused", IssuePrompt.read(reply("", TeacherResponse.REFUSAL)).problem().reason());
    assertEquals("refused", IssuePrompt.read(reply("I'm sorry, I can't help.", "stop")).problem().reason());
    IssuePrompt.Issue garbage = IssuePrompt.read(reply("Sure! Here it is.", "stop"));
    assertEquals("unparseable", garbage.problem().reason());
    assertEquals("", garbage.text());
  }
}
