package dev.repotune.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompletionHoldoutTest {
  @Test
  void aboutTheShareOfCodeFilesIsHeldOutAndTheSameFilesEveryTime() {
    CompletionHoldout h = new CompletionHoldout(0.1, 42);
    int held = 0;
    for (int i = 0; i < 5_000; i++) {
      String path = "src/main/java/p/C" + i + ".java";
      boolean out = h.isHeldOut("r", path, "java");
      assertEquals(out, new CompletionHoldout(0.1, 42).isHeldOut("r", path, "java"));
      held += out ? 1 : 0;
    }
    assertTrue(held > 400 && held < 600, "held out " + held + " of 5000 at 0.1");
  }

  @Test
  void anotherSeedHoldsOutOtherFiles() {
    int differ = 0;
    for (int i = 0; i < 1_000; i++) {
      String path = "C" + i + ".java";
      differ += new CompletionHoldout(0.2, 1).isHeldOut("r", path, "java")
          != new CompletionHoldout(0.2, 2).isHeldOut("r", path, "java") ? 1 : 0;
    }
    assertTrue(differ > 200, differ + " of 1000 differ");
  }

  @Test
  void proseAndDataAreNeverHeldOutNorIsAnythingAtShareZero() {
    CompletionHoldout h = new CompletionHoldout(0.49, 0);
    for (int i = 0; i < 200; i++) {
      assertFalse(h.isHeldOut("r", "doc" + i + ".md", "markdown"));
      assertFalse(h.isHeldOut("r", "data" + i + ".json", "json"));
      assertFalse(new CompletionHoldout(0, 0).isHeldOut("r", "C" + i + ".java", "java"));
    }
    assertTrue(CompletionHoldout.isCode("java"));
    assertTrue(CompletionHoldout.isCode("kotlin"));
    assertFalse(CompletionHoldout.isCode("xml"));
  }

  @Test
  void aShareOfHalfOrMoreIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new CompletionHoldout(0.5, 0));
    assertThrows(IllegalArgumentException.class, () -> new CompletionHoldout(-0.1, 0));
  }
}
