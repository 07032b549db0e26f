package dev.repotune.pipeline.stages;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.repotune.extractors.TokenCounter;
import dev.repotune.prompts.ChatMessage;
import dev.repotune.prompts.SamplingParams;
import dev.repotune.prompts.TaskKind;
import dev.repotune.prompts.TeacherRequest;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The budget a run's calls share: a worst case is held while a call runs, then what it cost. */
@RunWith(JUnit4.class)
public class CallBudgetTest {
  @Test
  public void givenReservationsInFlight_thenNoCallStartsThatCouldPassTheBudget() {
    CallBudget budget = new CallBudget(1.0);
    assertTrue(budget.reserve(0.6));
    assertFalse("0.6 held + 0.6 would pass 1.0", budget.reserve(0.6));
    assertTrue(budget.reserve(0.4));
    budget.settle(0.6, 0.1); // the first call cost less than its worst case
    assertTrue("0.1 spent + 0.4 held + 0.5 is the budget exactly", budget.reserve(0.5));
    assertFalse(budget.reserve(0.01));
  }

  @Test
  public void givenFailedCalls_thenTheirReservationsAreFreedAndNothingSpent() {
    CallBudget budget = new CallBudget(1.0);
    for (int i = 0; i < 10; i++) {
      assertTrue(budget.reserve(0.9));
      budget.settle(0.9, 0);
    }
  }

  @Test
  public void givenNoBudget_thenEveryCallStarts() {
    CallBudget none = new CallBudget(0);
    for (int i = 0; i < 5; i++) {
      assertTrue(none.reserve(1e6));
    }
  }

  @Test
  public void givenRequest_thenPromptTokensCountFourAMessage() {
    TeacherRequest r =
        new TeacherRequest("c", TaskKind.EXPLAIN, "v",
            List.of(new ChatMessage("system", "You answer."), new ChatMessage("user", "What does `add` return?")),
            new SamplingParams("m", 0.2, 100, null));
    long expected = TokenCounter.count("You answer.") + TokenCounter.count("What does `add` return?") + 8;
    assertEquals(expected, CallBudget.promptTokens(r));
  }
}
