package dev.repotune.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.index.IndexedChunk;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** One LLM template per task kind, each versioned by its own content. */
class QaPromptTest {
  private static final SamplingParams PARAMS = new SamplingParams("m", 0.2, 500, "{}");

  private static byte[] resource(String name) {
    try (InputStream in = QaPrompt.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void givenEachLlmKind_whenRender_thenItsOwnTemplateKindAndVersion() {
    IndexedChunk toJson = Fixtures.toJson();
    Set<String> versions = new HashSet<>();
    Set<String> userMessages = new HashSet<>();
    for (TaskKind k : TaskKind.withLlmTemplate()) {
      QaPrompt p = QaPrompt.load(k);
      TeacherRequest r = p.render(Fixtures.REPO, toJson, 3, PARAMS);
      assertEquals(k, r.taskKind());
      assertEquals(p.version(), r.promptVersion());
      assertEquals(12, p.version().length());
      String user = r.messages().get(1).content();
      assertTrue(user.contains("Symbol: Gson.toJson(Object) (method)"), user);
      assertFalse(user.matches("(?s).*\\{(repo|path|code|facts|k|symbol)}.*"), "placeholder left in " + k);
      versions.add(p.version());
      userMessages.add(user);
    }
    assertEquals(TaskKind.withLlmTemplate().size(), versions.size(), "each template has its own version");
    assertEquals(TaskKind.withLlmTemplate().size(), userMessages.size(), "each template renders its own prompt");
  }

  @Test
  void givenOneTemplateEdited_whenLoad_thenOnlyThatKindsVersionChanges() {
    Function<String, byte[]> edited =
        name -> name.equals("llm-tests.prompt")
            ? (new String(resource(name), StandardCharsets.UTF_8) + "\nBe brief.\n").getBytes(StandardCharsets.UTF_8)
            : resource(name);
    for (TaskKind k : TaskKind.withLlmTemplate()) {
      String original = QaPrompt.load(k).version();
      String after = QaPrompt.load(k, edited).version();
      if (k == TaskKind.TESTS) {
        assertNotEquals(original, after);
      } else {
        assertEquals(original, after, k.wireName());
      }
    }
    Function<String, byte[]> schemaEdited =
        name -> name.equals(QaPrompt.SCHEMA) ? "{\"type\":\"object\"}".getBytes(StandardCharsets.UTF_8) : resource(name);
    for (TaskKind k : TaskKind.withLlmTemplate()) {
      assertNotEquals(QaPrompt.load(k).version(), QaPrompt.load(k, schemaEdited).version(), "the shared schema is part of every version");
    }
  }

  @Test
  void givenChunks_whenApplies_thenEachTaskOnlyWhereItsInputsExist() {
    // toJson: a documented method with callers and tests.
    assertEquals(TaskKind.withLlmTemplate(), applying(Fixtures.toJson()));
    // A test method: nothing to implement, document or test; it has callers and tests of its own.
    assertEquals(EnumSet.of(TaskKind.EXPLAIN, TaskKind.CALLERS, TaskKind.TESTS), applying(Fixtures.testMethod()));
    // A pom.xml window: only the general questions.
    assertEquals(EnumSet.of(TaskKind.EXPLAIN), applying(Fixtures.window()));
  }

  private static Set<TaskKind> applying(IndexedChunk ic) {
    Set<TaskKind> out = EnumSet.noneOf(TaskKind.class);
    for (TaskKind k : TaskKind.withLlmTemplate()) {
      if (QaPrompt.load(k).applies(ic)) {
        out.add(k);
      }
    }
    return out;
  }

  @Test
  void givenKindWithoutTemplate_whenLoad_thenRefusedAndVersionsListOnlyTheAsked() {
    assertThrows(IllegalArgumentException.class, () -> QaPrompt.load(TaskKind.SIGNATURE));
    Map<String, String> v = QaPrompt.versions(EnumSet.of(TaskKind.TESTS, TaskKind.EXPLAIN));
    assertEquals(List.of("explain", "tests"), List.copyOf(v.keySet()));
    assertEquals(QaPrompt.load(TaskKind.TESTS).version(), v.get("tests"));
  }

  @Test
  void givenAnswerWithFencedCode_whenGroundingCheck_thenOnlyTheProseIsJudged() {
    IndexedChunk ic = Fixtures.toJson();
    String answer = "It checks `toJson` on an array.\n```java\n@Test\npublic void serializesArray() {\n"
        + "  assertThat(new Gson().toJson(new int[] {1})).isEqualTo(\"[1]\");\n}\n```";
    assertTrue(Grounding.check(answer, ic.chunk(), ic.index(), Set.of()).grounded());
    assertFalse(Grounding.check(answer + " Compare `frobnicate`.", ic.chunk(), ic.index(), Set.of()).grounded());
  }
}
