package dev.repotune.pipeline.stages;

import dev.repotune.extractors.TokenCounter;
import dev.repotune.prompts.ChatMessage;
import dev.repotune.prompts.TeacherRequest;

/**
 * {@code --budget-usd} across one run's calls in one JVM. Just before a call starts its worst case
 * (prompt tokens in, {@code maxTokens} out) is reserved, and when it ends the reservation is settled
 * against what the reply cost, so only calls in flight hold a reservation and no call starts that could
 * pass the budget.
 */
final class CallBudget {
  private final double limitUsd;
  private double spent;
  private double reserved;

  /** A budget of {@code limitUsd}; 0 means none. */
  CallBudget(double limitUsd) {
    this.limitUsd = limitUsd;
  }

  /** Reserves the worst case of one call; false when that would pass the budget (0 = none). */
  synchronized boolean reserve(double usd) {
    if (limitUsd > 0 && spent + reserved + usd > limitUsd) {
      return false;
    }
    reserved += usd;
    return true;
  }

  /** Ends a call's reservation: {@code actualUsd} (0 for a call that failed) counts as spent. */
  synchronized void settle(double reservedUsd, double actualUsd) {
    reserved -= reservedUsd;
    spent += actualUsd;
  }

  /** A call's worst case under {@code spec}: its prompt's tokens in and {@code maxTokens} out. */
  static double worstCaseUsd(TeacherSpec spec, TeacherRequest request) {
    return spec.prices().cost(spec.endpoint().model(), promptTokens(request), spec.maxTokens());
  }

  /** The prompt's tokens as the budget and the dry-run estimate count them: content plus 4 a message. */
  static long promptTokens(TeacherRequest r) {
    long n = 0;
    for (ChatMessage m : r.messages()) {
      n += TokenCounter.count(m.content()) + 4;
    }
    return n;
  }
}
