package dev.repotune.prompts;

import static dev.repotune.prompts.CommitFixtures.BODY;
import static dev.repotune.prompts.CommitFixtures.CHANGES_LINE;
import static dev.repotune.prompts.CommitFixtures.ELEMENT;
import static dev.repotune.prompts.CommitFixtures.ELEMENT_DIFF;
import static dev.repotune.prompts.CommitFixtures.ELEMENT_TEST;
import static dev.repotune.prompts.CommitFixtures.GUARD;
import static dev.repotune.prompts.CommitFixtures.SUBJECT;
import static dev.repotune.prompts.CommitFixtures.TEST_DIFF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.history.CommitInfo;
import dev.repotune.extractors.history.FileChange;
import dev.repotune.extractors.history.MemberChange;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The history kinds on a hand-built jsoup fix ({@link CommitFixtures}): what each asks and states. */
class CommitTeacherTest {
  private static final EnumSet<TaskKind> HISTORY =
      EnumSet.of(TaskKind.CHANGE, TaskKind.COMMIT_MESSAGE, TaskKind.WHY, TaskKind.FIX_WITH_TEST);
  private static final CommitTeacher TEACHER = CommitTeacher.create(EnumSet.allOf(TaskKind.class), 3, 42L);

  /** The wrap method before the fix as the question shows it: dedented, its Javadoc kept. */
  private static final String WRAP_BEFORE_SHOWN = Sources.dedent(CommitFixtures.WRAP_BEFORE);
  private static final String WRAP_AFTER_SHOWN = Sources.dedent(CommitFixtures.WRAP_AFTER);
  private static final Pattern DIFF_BLOCK = Pattern.compile("(?s)(`{3,})diff\n.*?\n\\1");

  private static List<CommitQa> of(CommitTask t, TaskKind kind) {
    return TEACHER.ask(t).stream().filter(q -> q.task() == kind).toList();
  }

  private static String diffBlock(String... diffs) {
    StringBuilder b = new StringBuilder();
    for (String d : diffs) {
      b.append(d);
    }
    return "```diff\n" + b.toString().replaceFirst("\n$", "") + "\n```";
  }

  @Test
  void givenTheFix_thenChangeAsksTheMessageWithTheCodeBeforeAndAnswersTheMainDiffAndTheCodeAfter() {
    List<CommitQa> rows = of(CommitFixtures.fix(), TaskKind.CHANGE);
    assertEquals(3, rows.size());
    Set<String> questions = new HashSet<>();
    for (CommitQa q : rows) {
      questions.add(q.question());
      String wanted = "\n\n" + SUBJECT + "\n\n" + BODY + "\n\nThe code as it is now:\n\n"
          + "`Element.wrap(String)` in `" + ELEMENT + "`:\n```java\n" + WRAP_BEFORE_SHOWN + "\n```\n\n"
          + "`CHANGES.md`, the parts the change touches:"
          + String.join("", CommitView.oldSides(CommitFixtures.CHANGES_DIFF).stream()
              .map(h -> "\n```markdown\n" + h + "\n```").toList());
      assertTrue(q.question().endsWith(wanted), q.question());
      assertFalse(q.question().contains("jsoup changelog\n\nRelease"), "a changelog is shown by its changed parts only");
      assertFalse(q.question().contains(GUARD), "the question never holds the answer's code");
      assertFalse(q.question().contains("wrapWithoutParent"), "tests are fix-with-test's request, not change's");
      String fact = diffBlock(ELEMENT_DIFF, CommitFixtures.CHANGES_DIFF) + "\n\n"
          + "`Element.wrap(String)` in `" + ELEMENT + "` after the change:\n```java\n" + WRAP_AFTER_SHOWN + "\n```";
      assertTrue(q.answer().endsWith("\n\n" + fact), q.answer());
      assertTrue(q.answer().contains(GUARD));
      assertFalse(q.answer().contains(ELEMENT_TEST), "the answer is the main code's change");
      assertFalse(q.execCandidate());
      assertEquals("", q.symbol());
      assertEquals("offline", q.teacher());
    }
    assertEquals(3, questions.size(), "each variant is worded differently");
    assertEquals(List.of(0, 1, 2), rows.stream().map(CommitQa::variant).toList());
  }

  @Test
  void givenOnlyTestsOrDocsChanged_thenNoChangeIsAsked() {
    CommitTask docs = CommitFixtures.task("Note the wrap fix in the changelog for the next release",
        "", List.of(CommitFixtures.changes()), List.of());
    assertEquals(List.of(), of(docs, TaskKind.CHANGE));
    assertEquals(List.of(), of(docs, TaskKind.WHY));
    assertFalse(of(docs, TaskKind.COMMIT_MESSAGE).isEmpty(), "its message is still worth asking");
    CommitTask tests = CommitFixtures.task("Add a test of wrap on an element without a parent", "",
        List.of(CommitFixtures.elementTest()), List.of(CommitFixtures.wrapTest()));
    assertEquals(List.of(), of(tests, TaskKind.CHANGE));
    assertEquals(List.of(), of(tests, TaskKind.FIX_WITH_TEST));
  }

  @Test
  void givenTheFix_thenCommitMessageAsksTheWholeDiffAndAnswersTheMessageItself() {
    List<CommitQa> rows = of(CommitFixtures.fix(), TaskKind.COMMIT_MESSAGE);
    assertEquals(3, rows.size());
    for (CommitQa q : rows) {
      assertTrue(q.question().endsWith("\n\n" + diffBlock(ELEMENT_DIFF, TEST_DIFF, CommitFixtures.CHANGES_DIFF)),
          q.question());
      assertEquals(SUBJECT + "\n\n" + BODY, q.answer(), "the message and nothing else");
    }
    CommitTask noBody = CommitFixtures.task(SUBJECT, "", CommitFixtures.fix().files(), CommitFixtures.fix().members());
    assertEquals(SUBJECT, of(noBody, TaskKind.COMMIT_MESSAGE).get(0).answer());
  }

  @Test
  void givenABody_thenWhyNamesTheChangeBySubjectAndAnswersWithTheMessageAndWhatItTouched() {
    List<CommitQa> rows = of(CommitFixtures.fix(), TaskKind.WHY);
    assertEquals(3, rows.size(), "one member, three variants");
    for (CommitQa q : rows) {
      assertEquals("Element.wrap(String)", q.symbol());
      assertTrue(q.question().contains("`Element.wrap(String)`"), q.question());
      assertTrue(q.question().contains("the commit \"fix NPE in Element.wrap when the element has no parent\""),
          q.question());
      String quoted = "> " + SUBJECT + "\n>\n> " + BODY.replace("\n", "\n> ");
      assertTrue(q.answer().contains(":\n\n" + quoted + "\n\nThe change touched:\n"
          + "- `Element.wrap(String)` in `" + ELEMENT + "`\n"
          + "- `ElementTest.wrapWithoutParent()` (a test) in `" + ELEMENT_TEST + "`\n"
          + "- `CHANGES.md`"), q.answer());
      assertTrue(q.answer().endsWith("- `CHANGES.md`"), q.answer());
    }
  }

  @Test
  void givenNoBody_thenWhyIsAskedOnlyWhenTheSubjectSaysMoreThanTheMembersName() {
    CommitTask bare = CommitFixtures.task("Update Element.wrap", "",
        List.of(CommitFixtures.element()), List.of(CommitFixtures.wrap()));
    assertEquals(List.of(), of(bare, TaskKind.WHY), "restating the symbol gives no reason");
    assertFalse(of(bare, TaskKind.CHANGE).isEmpty(), "the change itself is still asked");
    assertFalse(WhyDrafter.saysMore("Tidy wrap in Element a bit", "", "Element.wrap(String)"));
    assertTrue(WhyDrafter.saysMore("Fix NPE when wrapping a detached element", "", "Element.wrap(String)"));
    assertFalse(WhyDrafter.saysMore("Remove StandardCharset use", "Fixes #1003", "DataUtil.load(File)"),
        "an issue reference alone is no reason (jsoup's \"Fixes #1003\")");
    assertTrue(WhyDrafter.substantive("The parent was null for a detached element. Fixes #1003"));
    assertFalse(WhyDrafter.substantive("Closes #12, see https://github.com/jhy/jsoup/issues/12"));

    CommitTask refsOnly = CommitFixtures.task(SUBJECT, "Fixes #1003",
        List.of(CommitFixtures.element()), List.of(CommitFixtures.wrap()));
    for (CommitQa q : of(refsOnly, TaskKind.WHY)) {
      assertTrue(q.question().contains("commit 4f1c2e9"), "a body of references names the commit by id: " + q.question());
    }

    CommitTask subjectOnly = CommitFixtures.task(SUBJECT, "",
        List.of(CommitFixtures.element()), List.of(CommitFixtures.wrap()));
    List<CommitQa> rows = of(subjectOnly, TaskKind.WHY);
    assertEquals(3, rows.size());
    for (CommitQa q : rows) {
      // the subject is the answer: the question names the commit by its short id instead
      assertTrue(q.question().contains("commit 4f1c2e9"), q.question());
      assertFalse(q.question().contains("detached") || q.question().contains("NPE"), q.question());
      assertTrue(q.answer().contains("> " + SUBJECT + "\n\nThe change touched:\n"), q.answer());
    }
  }

  @Test
  void givenManyChangedMembers_thenWhyAsksAboutThreeAtMost() {
    List<MemberChange> members = new java.util.ArrayList<>();
    for (String name : List.of("wrap", "before", "after", "prepend", "append")) {
      members.add(new MemberChange(ELEMENT, "Element." + name + "(String)", "method",
          "void " + name + "(String html) {\n  a();\n}", "void " + name + "(String html) {\n  b();\n}", false));
    }
    CommitTask t = CommitFixtures.task("Share the fragment parsing of the sibling inserters", BODY,
        List.of(CommitFixtures.element()), members);
    List<CommitQa> rows = of(t, TaskKind.WHY);
    assertEquals(List.of("Element.wrap(String)", "Element.before(String)", "Element.after(String)"),
        rows.stream().map(CommitQa::symbol).distinct().toList());
    assertEquals(9, rows.size());
  }

  @Test
  void givenATestWithTheFix_thenFixWithTestAsksTheTestAndAnswersTheMainChange() {
    List<CommitQa> rows = of(CommitFixtures.fix(), TaskKind.FIX_WITH_TEST);
    assertEquals(3, rows.size());
    for (CommitQa q : rows) {
      assertTrue(q.execCandidate(), "a test of the same commit checks the answer");
      assertTrue(q.question().contains("\n\n" + SUBJECT + "\n\n" + BODY + "\n\nThe test:\n\n"
          + "`ElementTest.wrapWithoutParent()` in `" + ELEMENT_TEST + "`:\n```java\n"
          + Sources.dedent(CommitFixtures.TEST_METHOD) + "\n```\n\nThe code as it is now:\n\n"), q.question());
      assertTrue(q.question().contains(WRAP_BEFORE_SHOWN));
      assertFalse(q.question().contains(GUARD));
      assertTrue(q.answer().contains(diffBlock(ELEMENT_DIFF, CommitFixtures.CHANGES_DIFF)), q.answer());
      assertTrue(q.answer().contains(WRAP_AFTER_SHOWN));
      assertFalse(q.answer().contains("wrapWithoutParent"), "the test is the question, not the answer");
    }
    assertEquals(List.of(), of(CommitFixtures.fixWithoutTest(), TaskKind.FIX_WITH_TEST), "no test, no fix-with-test");
    assertFalse(of(CommitFixtures.fixWithoutTest(), TaskKind.CHANGE).isEmpty());
  }

  @Test
  void givenTheSameSeed_thenTheSameRowsAndAnotherSeedWordsThemOtherwise() {
    CommitTask t = CommitFixtures.fix();
    List<CommitQa> a = CommitTeacher.create(HISTORY, 3, 7L).ask(t);
    assertEquals(a, CommitTeacher.create(HISTORY, 3, 7L).ask(t));
    assertEquals(a, CommitTeacher.create(EnumSet.allOf(TaskKind.class), 3, 7L).ask(t), "snapshot kinds are ignored");
    boolean differs = false;
    for (long seed = 8; seed < 12 && !differs; seed++) {
      differs = !CommitTeacher.create(HISTORY, 3, seed).ask(t).stream().map(CommitQa::question).toList()
          .equals(a.stream().map(CommitQa::question).toList());
    }
    assertTrue(differs, "the seed chooses the wordings");
    // the choice is per commit: another commit in between does not move this one's wordings
    CommitTeacher teacher = CommitTeacher.create(HISTORY, 3, 7L);
    teacher.ask(CommitFixtures.fixWithoutTest());
    assertEquals(a, teacher.ask(t));
    assertEquals(6, CommitTeacher.create(HISTORY, 10, 7L).ask(t).stream()
        .filter(q -> q.task() == TaskKind.CHANGE).count(), "capped by the six phrasings");
    assertEquals(HISTORY, CommitTeacher.create(EnumSet.allOf(TaskKind.class), 1, 0).tasks());
  }

  @Test
  void givenAnyRow_thenNoLineNumberOutsideItsDiffBlocksAndNoAuthor() {
    List<CommitQa> rows = TEACHER.ask(CommitFixtures.fix());
    assertEquals(HISTORY, EnumSet.copyOf(rows.stream().map(CommitQa::task).toList()));
    for (CommitQa q : rows) {
      for (String text : List.of(q.question(), q.answer())) {
        String prose = DIFF_BLOCK.matcher(text).replaceAll("");
        assertFalse(prose.contains("@@"), text);
        assertFalse(CommitView.LINE_NUMBER.matcher(prose).find(), text);
        assertFalse(prose.matches("(?s).*\\b(?:1012|640)\\b.*"), "hunk starts stay inside the diff: " + text);
      }
    }
    CommitTask cites = CommitFixtures.task(SUBJECT, "The NPE was thrown at line 1015 of Element.java.",
        CommitFixtures.fix().files(), CommitFixtures.fix().members());
    assertEquals(List.of(), TEACHER.ask(cites), "a message citing lines is not asked");
    CommitTask trace = CommitFixtures.task(SUBJECT, "at org.jsoup.nodes.Element.wrap(Element.java:1015)",
        CommitFixtures.fix().files(), CommitFixtures.fix().members());
    assertEquals(List.of(), TEACHER.ask(trace));
  }

  @Test
  void givenNoSubject_thenNothingIsAskedAndAPullRequestsMergeIsAskedAsItsChange() {
    CommitTask fix = CommitFixtures.fix();
    assertEquals(List.of(), TEACHER.ask(new CommitTask(fix.repo(), fix.commit(), " ", "", fix.files(), fix.members())));
    CommitInfo merge = new CommitInfo(fix.commit().id(), fix.commit().parent(), 0L, fix.commit().message(), 2, false);
    List<CommitQa> asMerge = TEACHER.ask(new CommitTask(fix.repo(), merge, SUBJECT, BODY, fix.files(), fix.members()));
    assertEquals(TEACHER.ask(fix).stream().map(CommitQa::answer).toList(), asMerge.stream().map(CommitQa::answer).toList());
  }

  @Test
  void givenAFileWithoutMembers_thenItsBeforeTextWhenShortAndOnlyItsHunksOldSideWhenLong() {
    FileChange shortFile = CommitFixtures.longFile("src/main/resources/org/jsoup/nodes/entities.properties", 20);
    CommitTask small = CommitFixtures.task("Map the middle entity to its new value", "", List.of(shortFile), List.of());
    String q = of(small, TaskKind.CHANGE).get(0).question();
    assertTrue(q.endsWith("`src/main/resources/org/jsoup/nodes/entities.properties`:\n```properties\n"
        + shortFile.before().strip() + "\n```"), q);

    FileChange longFile = CommitFixtures.longFile("src/main/resources/org/jsoup/nodes/entities.properties", 600);
    CommitTask big = CommitFixtures.task("Map the middle entity to its new value", "", List.of(longFile), List.of());
    String q2 = of(big, TaskKind.CHANGE).get(0).question();
    String oldSide = String.join("\n", "key297=value297", "key298=value298", "key299=value299", "key300=value300",
        "key301=value301", "key302=value302", "key303=value303");
    assertTrue(q2.endsWith("`src/main/resources/org/jsoup/nodes/entities.properties`, the parts the change touches:\n"
        + "```properties\n" + oldSide + "\n```"), q2);
    assertFalse(q2.contains("key1=value1\n"), "not the whole long file");
    assertFalse(q2.contains("changed"), "only the old side");

    FileChange added = new FileChange("add", null, "src/main/java/org/jsoup/helper/Consumer.java", false, null,
        "package org.jsoup.helper;\n", "diff --git a/x b/x\n+++ b/src/main/java/org/jsoup/helper/Consumer.java\n"
            + "@@ -0,0 +1 @@\n+package org.jsoup.helper;\n", 1, 0);
    CommitTask add = CommitFixtures.task("Add a Consumer for the Java 7 build", "", List.of(added), List.of());
    assertTrue(of(add, TaskKind.CHANGE).get(0).question()
        .endsWith("`src/main/java/org/jsoup/helper/Consumer.java` does not exist yet."));
  }

  @Test
  void givenADiffTooLongToShowWhole_thenTheKindsThatShowItAreNotAsked() {
    FileChange huge = CommitFixtures.longFile("src/main/resources/a.properties", 10);
    StringBuilder diff = new StringBuilder(huge.diff());
    for (int i = 0; i < CommitView.MAX_DIFF_LINES; i++) {
      diff.append("+extra").append(i).append("=x\n");
    }
    FileChange big = new FileChange("modify", huge.oldPath(), huge.newPath(), false, huge.before(), huge.after(),
        diff.toString(), CommitView.MAX_DIFF_LINES + 1, 1);
    CommitTask t = CommitFixtures.task("Add the extra keys the new parser reads", BODY, List.of(big), List.of());
    assertEquals(List.of(), of(t, TaskKind.CHANGE));
    assertEquals(List.of(), of(t, TaskKind.COMMIT_MESSAGE));
  }

  @Test
  void givenARow_thenItsSourceIdIsSharedByItsVariantsAndDiffersPerTaskAndMember() {
    List<CommitQa> rows = TEACHER.ask(CommitFixtures.fix());
    assertEquals(4, rows.stream().map(CommitQa::sourceId).distinct().count(), "one per task (one why member)");
    CommitQa first = rows.get(0);
    QaPair p = first.toQaPair();
    assertEquals(first.sourceId(), p.chunkId());
    assertEquals(first.task(), p.taskKind());
    assertEquals(TEACHER.promptVersion(), p.promptVersion());
    assertEquals(new OfflineTeacherTestAccess().offlineVersion(), TEACHER.promptVersion(), "one phrasing file");
    assertNotEquals(rows.get(0).sourceId(), rows.get(rows.size() - 1).sourceId());
  }

  /** The offline teacher's version, to show both teachers share one phrasing file. */
  private static final class OfflineTeacherTestAccess {
    String offlineVersion() {
      return OfflineTeacher.create(EnumSet.of(TaskKind.EXPLAIN), 1, 0).promptVersion();
    }
  }

  @Test
  void givenTheCatalogue_thenHistoryKindsAreInvisibleToTheSnapshot() {
    for (TaskKind k : HISTORY) {
      assertTrue(k.isHistory(), k.wireName());
      assertEquals(TaskKind.Subjects.COMMITS, k.subjects());
      assertFalse(k.subjects().includes(false, false));
      assertFalse(k.subjects().includes(true, false));
      assertFalse(k.isGraphFact());
      assertFalse(k.hasLlmTemplate());
      assertEquals(null, k.drafter());
      assertTrue(TaskKind.parseList(null).contains(k), "no --tasks means every kind, history included");
    }
    assertEquals(List.of("change", "commit-message", "why", "fix-with-test"),
        HISTORY.stream().map(TaskKind::wireName).toList());
    assertEquals(TaskKind.Dedup.CODE, TaskKind.CHANGE.dedup());
    assertEquals(TaskKind.Dedup.CODE, TaskKind.FIX_WITH_TEST.dedup());
    assertEquals(TaskKind.Dedup.PROSE, TaskKind.COMMIT_MESSAGE.dedup());
    assertEquals(TaskKind.Dedup.PROSE, TaskKind.WHY.dedup());
    for (TaskKind k : TaskKind.values()) {
      assertEquals(HISTORY.contains(k), k.isHistory(), k.wireName());
    }
    assertEquals(List.of(), OfflineTeacher.create(HISTORY, 3, 0).generate(Fixtures.toJson()),
        "the chunk teacher asks no history kind");
  }
}
