package dev.repotune.extractors.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs mutants of one file against the tests linked to their method, a few at a time: each trial is mostly
 * a waiting launcher JVM, so {@code threads} of them keep the machine's cores busy.
 */
public final class MutantCheck {
  private MutantCheck() {}

  /** A mutant and its trial; killed when a selected test failed on it (a compile error kills nothing). */
  public record Checked(Mutant mutant, SourceTrial.Outcome outcome) {
    public boolean killed() {
      return outcome.verdict() == SourceTrial.Verdict.FAILS_TESTS && outcome.firstFailure().isPresent();
    }

    /** The key of the test that failed first, or "" when none did. */
    public String killedBy() {
      return outcome.firstFailure().map(TestOutcome::key).orElse("");
    }

    /** That test's assertion message, or "" (also for the launcher's own engine line, which says nothing of the bug). */
    public String message() {
      return outcome.firstFailure().map(TestOutcome::message).filter(m -> !SourceTrial.Outcome.isEngineIssue(m))
          .orElse("");
    }
  }

  /** Trials of every mutant on a pool of {@code threads}; results in the mutants' order. */
  public static List<Checked> checkAll(SourceTrial trial, String relativePath, List<Mutant> mutants,
      List<String> tests, Limits limits, int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "mutant-check");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<SourceTrial.Outcome>> futures = new ArrayList<>();
      for (Mutant m : mutants) {
        futures.add(pool.submit(() -> trial.run(relativePath, m.fileText(), tests, limits)));
      }
      List<Checked> out = new ArrayList<>();
      for (int i = 0; i < mutants.size(); i++) {
        out.add(new Checked(mutants.get(i), futures.get(i).get()));
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking mutants of " + relativePath, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a mutant trial of " + relativePath + " failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
