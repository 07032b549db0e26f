package dev.repotune.pipeline.stages;

import dev.repotune.pipeline.stages.LlmSteps.Call;
import dev.repotune.prompts.ReplyRules;
import dev.repotune.prompts.ResponseCache;
import dev.repotune.prompts.RetryPolicy;
import dev.repotune.prompts.TeacherAuthException;
import dev.repotune.prompts.TeacherException;
import dev.repotune.prompts.TeacherRequest;
import dev.repotune.prompts.TeacherResponse;
import dev.repotune.prompts.TeacherTimeoutException;
import java.io.IOException;
import java.time.Clock;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.beam.sdk.metrics.Counter;

/**
 * One teacher call as every LLM step makes it, on the run's {@link TeacherCallFn.Shared} pool: the
 * budget reserved for its worst case first, retries by the error's type, an in-flight permit held for
 * each HTTP exchange only, the auth stop, and the reply cached the moment it arrives. Chunk prompts
 * ({@link TeacherCallFn}) and commit prompts ({@link IssueRows}) share it, so one run has one budget and
 * one bound on requests in flight.
 */
final class TeacherCalls {
  private final TeacherSpec spec;
  private final TeacherCallFn.Shared shared;
  private final ResponseCache cache;
  private final Counter calls;
  private final Counter retries;

  TeacherCalls(TeacherSpec spec, TeacherCallFn.Shared shared, ResponseCache cache, Counter calls, Counter retries) {
    this.spec = spec;
    this.shared = shared;
    this.cache = cache;
    this.calls = calls;
    this.retries = retries;
  }

  /** {@link #call} queued on the run's pool. */
  Future<Call> submit(Call c) {
    return shared.pool.submit(() -> call(c));
  }

  /** A queued call's outcome; {@link #call} never throws, so an exception here is a bug. */
  static Call await(Future<Call> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a teacher call escaped its error handling", e.getCause());
    }
  }

  /** Once every call of a bundle has ended: a key refused throughout fails the run rather than its rows. */
  void stopIfRefused() {
    if (shared.authStop() != null) {
      throw new TeacherRefusedKey(shared.authStop());
    }
  }

  /** Runs on the pool; never throws: the call with its reply, or with the error that ended it. */
  Call call(Call c) {
    String model = spec.endpoint().model();
    if (shared.authStop() != null) {
      return c.failed("auth: not called, the endpoint refuses the key", 0);
    }
    double worstCase = CallBudget.worstCaseUsd(spec, c.request());
    if (!shared.budget.reserve(worstCase)) {
      return c.failed("budget: --budget-usd " + spec.budgetUsd() + " reached before this call", 0);
    }
    double actual = 0;
    try {
      calls.inc();
      RetryPolicy.Outcome<TeacherResponse> o =
          spec.retry().run(() -> askInFlight(c.request()), RetryPolicy.Sleeper.SYSTEM, Clock.systemUTC(), new Random());
      if (o.attempts() > 1) {
        retries.inc(o.attempts() - 1);
      }
      if (!o.ok()) {
        if (o.error() instanceof TeacherAuthException auth) {
          shared.noteAuthRefused(auth);
        }
        return c.failed(ReplyRules.describe(o.error()), o.attempts());
      }
      shared.noteAnswered();
      TeacherResponse r = o.value();
      actual = spec.prices().cost(model, r.usage().promptTokens(), r.usage().completionTokens());
      try {
        cache.put(c.request(), r);
      } catch (IOException e) {
        // The reply is still used; only a rerun would pay for it again.
      }
      return c.answered(r, o.attempts());
    } catch (RuntimeException e) {
      return c.failed("error: " + Stages.oneLine(e), 1);
    } finally {
      shared.budget.settle(worstCase, actual);
    }
  }

  /** One attempt, holding an in-flight permit for the exchange only (not for retry backoff). */
  private TeacherResponse askInFlight(TeacherRequest request) throws TeacherException {
    try {
      shared.inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TeacherTimeoutException("interrupted while waiting for a free slot", e);
    }
    try {
      if (shared.authStop() != null) { // refused while this call waited for its slot
        throw new TeacherAuthException("not called: the endpoint refuses the key");
      }
      return shared.teacher.ask(request);
    } finally {
      shared.inFlight.release();
    }
  }
}
