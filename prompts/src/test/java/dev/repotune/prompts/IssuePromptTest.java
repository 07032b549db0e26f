package dev.repotune.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.history.FileChange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The LLM request that rewrites a commit as a user's issue. */
class IssuePromptTest {
  private static final SamplingParams PARAMS = new SamplingParams("gpt-4o-mini", 0.2, 512, "{}");

  @Test
  void givenTheFix_thenTheRequestHoldsItsMessageFilesAndDiffAndIsVersionedByItsTemplate() {
    IssuePrompt p = IssuePrompt.load();
    TeacherRequest r = p.render(CommitFixtures.fix(), PARAMS);
    assertEquals(TaskKind.CHANGE, r.taskKind());
    assertEquals(IssuePrompt.requestId(CommitFixtures.fix()), r.chunkId());
    assertEquals(p.version(), r.promptVersion());
    assertTrue(p.version().matches("[0-9a-f]{12}"), p.version());
    assertEquals(List.of("system", "user"), r.messages().stream().map(ChatMessage::role).toList());
    assertTrue(r.messages().get(0).content().startsWith("You are a user of jsoup who files issues"));
    String user = r.messages().get(1).content();
    assertTrue(user.contains("Commit message:\n" + CommitFixtures.SUBJECT + "\n\n" + CommitFixtures.BODY + "\n"), user);
    assertTrue(user.contains("- " + CommitFixtures.ELEMENT + " (modify)\n- " + CommitFixtures.ELEMENT_TEST
        + " (modify)\n- CHANGES.md (modify)\n"), user);
    assertTrue(user.contains("```diff\n" + CommitFixtures.ELEMENT_DIFF + CommitFixtures.TEST_DIFF), user);
    assertTrue(user.endsWith("{\"pairs\": [{\"question\": \"...\", \"answer\": \"...\"}]}"), user);

    IssuePrompt edited = IssuePrompt.load(name -> name.equals(IssuePrompt.TEMPLATE)
        ? "### system\nYou file issues for {repo}.\n### user\n{message}\n{diff}\n".getBytes(StandardCharsets.UTF_8)
        : bytes(name));
    assertNotEquals(p.version(), edited.version(), "editing the template re-asks");
    assertEquals("You file issues for jsoup.", edited.render(CommitFixtures.fix(), PARAMS).messages().get(0).content());
  }

  @Test
  void givenALongDiff_thenItIsCutSayingHowManyLinesWereLeftOut() {
    FileChange big = CommitFixtures.longFile("src/main/resources/a.properties", 10);
    StringBuilder diff = new StringBuilder(big.diff());
    for (int i = 0; i < IssuePrompt.MAX_DIFF_LINES; i++) {
      diff.append("+extra").append(i).append("=x\n");
    }
    FileChange f = new FileChange("modify", big.oldPath(), big.newPath(), false, big.before(), big.after(),
        diff.toString(), IssuePrompt.MAX_DIFF_LINES, 1);
    String total = CommitView.diff(List.of(f));
    int lines = total.split("\n", -1).length;
    String capped = IssuePrompt.cappedDiff(List.of(f));
    assertEquals(IssuePrompt.MAX_DIFF_LINES + 1, capped.split("\n", -1).length);
    assertTrue(capped.endsWith("\n... (" + (lines - IssuePrompt.MAX_DIFF_LINES) + " more lines of the diff left out)"));
    assertTrue(total.startsWith(capped.substring(0, capped.lastIndexOf("\n..."))));
    assertFalse(IssuePrompt.cappedDiff(CommitFixtures.fix().files()).contains("left out"));
  }

  private static byte[] bytes(String name) {
    try (var in = IssuePrompt.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
