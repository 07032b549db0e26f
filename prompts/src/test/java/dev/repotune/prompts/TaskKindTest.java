package dev.repotune.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The task catalogue: what the rest of the job reads off each constant. */
class TaskKindTest {
  @Test
  void givenWireNames_thenEachParsesBackToItsKind() {
    for (TaskKind k : TaskKind.values()) {
      assertEquals(k, TaskKind.byWireName(k.wireName()));
      assertEquals(k, TaskKind.parse(k.name()));
      assertEquals(k, TaskKind.parse(" " + k.wireName().toUpperCase() + " "));
    }
    assertEquals("write-test", TaskKind.WRITE_TEST.wireName());
    assertNull(TaskKind.byWireName("no-such-task"));
    assertNull(TaskKind.byWireName(null));
  }

  @Test
  void givenNoList_thenOfflineAsksEveryKindAndTheLlmExplainAlone() {
    assertEquals(Set.of(TaskKind.values()), TaskKind.parseList(""));
    assertEquals(Set.of(TaskKind.values()), TaskKind.parseList(null));
    assertEquals(Set.of(TaskKind.EXPLAIN), TaskKind.parseLlmList(" "));
  }

  @Test
  void givenAList_thenItsKindsInCatalogueOrderWhateverTheOrderGiven() {
    assertEquals(
        List.of(TaskKind.EXPLAIN, TaskKind.CALLERS, TaskKind.WRITE_TEST),
        new ArrayList<>(TaskKind.parseList("write-test, callers,EXPLAIN,,callers")));
  }

  @Test
  void givenAnUnknownName_thenTheMessageListsTheCatalogue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TaskKind.parseList("explain,explian"));
    assertEquals(
        "unknown task in --tasks explain,explian (known: " + String.join(", ", TaskKind.wireNames()) + ")",
        e.getMessage());
    assertTrue(e.getMessage().contains("write-test"));
  }

  @Test
  void givenAKindWithoutTemplate_thenTheLlmListRefusesItByName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TaskKind.parseLlmList("explain,locate,signature"));
    assertTrue(e.getMessage().startsWith("--teacher openai has no template for signature, locate "), e.getMessage());
    for (TaskKind k : TaskKind.withLlmTemplate()) {
      assertTrue(e.getMessage().contains(k.wireName()), k.wireName());
    }
    assertEquals(Set.of(TaskKind.EXPLAIN, TaskKind.TESTS), TaskKind.parseLlmList("tests,explain"));
  }

  @Test
  void givenTheCatalogue_thenEveryKindWithATemplateLoadsItAndNoOtherDoes() {
    for (TaskKind k : TaskKind.values()) {
      if (k.hasLlmTemplate()) {
        assertNotNull(QaPrompt.load(k).version(), k.wireName());
      } else {
        assertThrows(IllegalArgumentException.class, () -> QaPrompt.load(k), k.wireName());
      }
    }
    assertFalse(TaskKind.withLlmTemplate().isEmpty());
  }

  @Test
  void givenTestCode_thenNoKindAsksAboutIt() {
    for (TaskKind k : TaskKind.values()) {
      assertFalse(k.subjects().includes(false, true), k.wireName());
      assertFalse(k.subjects().includes(true, true), k.wireName());
    }
    assertTrue(TaskKind.Subjects.MEMBERS.includes(false, false));
    assertFalse(TaskKind.Subjects.MEMBERS.includes(true, false));
    assertTrue(TaskKind.Subjects.TYPES.includes(true, false));
    assertFalse(TaskKind.Subjects.TYPES.includes(false, false));
    assertTrue(TaskKind.Subjects.MEMBERS_AND_TYPES.includes(true, false));
  }

  @Test
  void givenTheCliHelp_thenItsCandidatesAreTheCatalogue() {
    List<String> names = new ArrayList<>();
    new TaskKind.Names().forEach(names::add);
    assertEquals(TaskKind.wireNames(), names);
    assertEquals(TaskKind.values().length, names.size());
  }

  @Test
  void givenKindsAChunkLacks_thenTheirNeedsAreNamedInCatalogueOrder() {
    assertEquals(
        "callers needs callers or subtypes in the index, tests needs tests that call it",
        TaskKind.llmNeeds(Set.of(TaskKind.TESTS, TaskKind.CALLERS, TaskKind.EXPLAIN)));
    for (TaskKind k : TaskKind.withLlmTemplate()) {
      if (k != TaskKind.EXPLAIN) {
        assertTrue(TaskKind.llmNeeds(Set.of(k)).startsWith(k.wireName() + " needs "), k.wireName());
      }
    }
  }

  @Test
  void givenFixBug_thenItIsAnExecKindThatOnlyItsOwnTeacherAsks() {
    assertEquals("fix-bug", TaskKind.FIX_BUG.wireName());
    assertEquals(TaskKind.FIX_BUG, TaskKind.parse("FIX_BUG"));
    assertEquals(Set.of(TaskKind.FIX_BUG), TaskKind.parseList("fix-bug"));
    assertEquals(List.of(TaskKind.IMPLEMENT, TaskKind.FIX_BUG), new ArrayList<>(TaskKind.parseList("fix-bug,implement")));
    assertTrue(TaskKind.parseList(null).contains(TaskKind.FIX_BUG), "no --tasks means every kind, exec included");
    assertTrue(TaskKind.wireNames().contains("fix-bug"));
    List<String> help = new ArrayList<>();
    new TaskKind.Names().forEach(help::add);
    assertTrue(help.contains("fix-bug"), help.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskKind.parseLlmList("fix-bug"));
    assertTrue(e.getMessage().startsWith("--teacher openai has no template for fix-bug "), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> QaPrompt.load(TaskKind.FIX_BUG));

    assertEquals(TaskKind.Subjects.MUTANTS, TaskKind.FIX_BUG.subjects());
    assertEquals(TaskKind.Dedup.CODE, TaskKind.FIX_BUG.dedup());
    assertFalse(TaskKind.FIX_BUG.isHistory());
    assertFalse(TaskKind.FIX_BUG.isGraphFact());
    assertFalse(TaskKind.FIX_BUG.hasLlmTemplate());
    assertNull(TaskKind.FIX_BUG.drafter());
    assertNull(TaskKind.FIX_BUG.commitDrafter());
    assertFalse(TaskKind.Subjects.MUTANTS.includes(false, false));
    assertFalse(TaskKind.Subjects.MUTANTS.includes(true, false));
    for (TaskKind k : TaskKind.values()) {
      assertEquals(k == TaskKind.FIX_BUG, k.isExec(), k.wireName());
      assertFalse(k.isExec() && k.isHistory(), k.wireName());
    }
    // neither snapshot nor history teacher asks it
    for (var c : Fixtures.all()) {
      assertEquals(List.of(), OfflineTeacher.create(EnumSet.of(TaskKind.FIX_BUG), 3, 0).generate(c), c.chunk().id());
    }
    assertEquals(Set.of(), CommitTeacher.create(EnumSet.allOf(TaskKind.class), 1, 0).tasks().stream()
        .filter(TaskKind::isExec).collect(java.util.stream.Collectors.toSet()));
  }
}
