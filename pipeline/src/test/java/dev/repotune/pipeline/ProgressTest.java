package dev.repotune.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.pipeline.stages.AskTeacher;
import dev.repotune.pipeline.stages.BuildIndex;
import dev.repotune.pipeline.stages.ExtractChunks;
import dev.repotune.pipeline.stages.ReadRepository;
import dev.repotune.pipeline.stages.RedactSecrets;
import dev.repotune.pipeline.stages.WriteShards;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricKey;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.junit.jupiter.api.Test;

class ProgressTest {
  /** Counter values as a runner reports them, by stage class and counter name. */
  private static final class Values {
    final Map<String, Long> map = new TreeMap<>();

    Values set(Class<?> stage, String counter, long n) {
      map.put(Progress.Counts.key(stage, counter), n);
      return this;
    }

    Progress.Counts counts() {
      return Progress.Counts.of(map);
    }
  }

  private static Progress.Clock clockOf(Progress.Counts... polls) {
    Progress.Clock clock = new Progress.Clock();
    for (int i = 0; i < polls.length; i++) {
      clock.observe(Progress.STAGES, polls[i], Duration.ofSeconds(i));
    }
    return clock;
  }

  @Test
  void givenHalfTheFilesRead_whenTerminal_thenBarCountTotalRateAndElapsed() {
    Progress.Counts zero = new Values().counts();
    Progress.Counts half = new Values().set(ReadRepository.class, "to_read", 10).set(ReadRepository.class, "read", 5)
        .set(ReadRepository.class, "files", 4).counts();
    // Polls at 0 s, 1 s (nothing yet) and 2 s: the stage started after the 1 s poll.
    Progress.Clock clock = clockOf(zero, zero, half);

    List<String> lines = Progress.board(Progress.heading(null, Optional.of(Duration.ofSeconds(2))), Progress.STAGES, half, clock, true);

    assertEquals(1 + Progress.STAGES.size(), lines.size(), String.join("\n", lines));
    assertEquals("repotune: running for 2.0s", lines.get(0));
    assertEquals(
        String.format("  %-14s %s %-24s %10s %7s", "ReadRepository", "[########--------]", "5/10 files", "5.0/s", "1.0s"),
        lines.get(1));
    // The read is not finished, so the next stages' totals are not known yet: no bar, no total.
    assertEquals(
        String.format("  %-14s %s %-24s %10s %7s", "RedactSecrets", " ".repeat(18), "0 files", "-", "-"),
        lines.get(2));
  }

  @Test
  void givenReadFinished_thenLaterTotalsBecomeKnownStageByStage() {
    Values v = new Values().set(ReadRepository.class, "to_read", 10).set(ReadRepository.class, "read", 10)
        .set(ReadRepository.class, "files", 8).set(ExtractChunks.class, "files", 3)
        .set(ExtractChunks.class, "chunks", 30);
    Progress.Counts reading = v.counts();
    assertEquals(OptionalLong.of(8), stage("RedactSecrets").total().apply(reading), "kept files are Redact's input");
    assertEquals(OptionalLong.of(8), stage("ExtractChunks").total().apply(reading));
    assertEquals(OptionalLong.empty(), stage("BuildIndex").total().apply(reading), "chunks still coming");

    Progress.Counts extracted = v.set(ExtractChunks.class, "files", 8).set(ExtractChunks.class, "chunks", 95).counts();
    assertEquals(OptionalLong.of(95), stage("BuildIndex").total().apply(extracted));
    assertEquals(OptionalLong.empty(), stage("AskTeacher").total().apply(extracted));
  }

  @Test
  void givenAnLlmRun_thenAskTeacherCountsCallsUntilSamplesAppear() {
    Values v = new Values().set(AskTeacher.class, "teacher_calls", 7);
    List<String> lines = Progress.board("", Progress.STAGES, v.counts(), clockOf(v.counts()), false);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("  AskTeacher") && l.contains("7 calls")), String.join("\n", lines));

    v.set(AskTeacher.class, "samples", 21);
    lines = Progress.board("", Progress.STAGES, v.counts(), clockOf(v.counts()), false);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("  AskTeacher") && l.contains("21 samples")), String.join("\n", lines));
  }

  @Test
  void givenStageThatStopped_thenItKeepsItsOwnElapsedAndRate() {
    Progress.Counts zero = new Values().counts();
    Progress.Counts some = new Values().set(BuildIndex.class, "chunks", 300).counts();
    Progress.Counts all = new Values().set(BuildIndex.class, "chunks", 600).counts();
    // Not started at 0 s and 1 s; 300 at 2 s; 600 at 3 s; unchanged at 4 s and 5 s.
    Progress.Clock clock = clockOf(zero, zero, some, all, all, all);
    assertEquals(Duration.ofSeconds(2), clock.elapsed("BuildIndex").orElseThrow());
    List<String> lines = Progress.board("", Progress.STAGES, all, clock, false);
    assertEquals(
        String.format("  %-14s %-24s %10s %7s", "BuildIndex", "600 chunks", "300/s", "2.0s"),
        lines.stream().filter(l -> l.startsWith("  BuildIndex")).findFirst().orElseThrow());
    assertFalse(String.join("\n", lines).contains("["), "no bars off a terminal");
  }

  @Test
  void givenPlainLine_thenOnlyStartedStagesWithCountsTotalsAndRates() {
    Progress.Counts zero = new Values().counts();
    Progress.Counts c = new Values().set(ReadRepository.class, "to_read", 1200).set(ReadRepository.class, "read", 1200)
        .set(ReadRepository.class, "files", 1200).set(RedactSecrets.class, "files", 600).counts();
    Progress.Clock clock = clockOf(zero, zero, zero, zero, c);
    assertEquals(
        "repotune: 10.0s  ReadRepository 1,200/1,200 files (1,200/s)  RedactSecrets 600/1,200 files (600/s)",
        Progress.plainLine(Progress.STAGES, c, clock, Duration.ofSeconds(10)));
  }

  @Test
  void givenQuietOrVerbose_thenNoRedrawnBoard() {
    assertEquals(Progress.Mode.QUIET, Progress.Mode.detect(true, false));
    assertEquals(Progress.Mode.QUIET, Progress.Mode.detect(true, true));
    assertEquals(Progress.Mode.PLAIN, Progress.Mode.detect(false, true), "the runner's log shares the stream");
  }

  @Test
  void givenStateAndElapsed_thenHeading() {
    assertEquals("repotune: running for 1m05s", Progress.heading(null, Optional.of(Duration.ofSeconds(65))));
    assertEquals("repotune: finished in 3.5s", Progress.heading(PipelineResult.State.DONE, Optional.of(Duration.ofMillis(3500))));
    assertEquals("repotune: stopped (FAILED) after 0.5s",
        Progress.heading(PipelineResult.State.FAILED, Optional.of(Duration.ofMillis(500))));
    assertEquals("repotune: finished", Progress.heading(PipelineResult.State.DONE, Optional.empty()));
  }

  /** Embedded Flink returns from run() only once the job is done: one poll, no time seen to pass. */
  @Test
  void givenCountsSeenOnlyAtTheEnd_thenCountsWithoutRateOrElapsed() {
    Progress.Counts c = new Values().set(BuildIndex.class, "chunks", 600).counts();
    Progress.Clock clock = new Progress.Clock();
    clock.observe(Progress.STAGES, c, Duration.ZERO);
    assertEquals(
        String.format("  %-14s %-24s %10s %7s", "BuildIndex", "600 chunks", "-", "-"),
        Progress.board("", Progress.STAGES, c, clock, false).stream().filter(l -> l.startsWith("  BuildIndex")).findFirst().orElseThrow());
  }

  @Test
  void givenDurationsAndRates_thenShortHumanText() {
    assertEquals("59.9s", Progress.time(Duration.ofMillis(59_900)));
    assertEquals("1m05s", Progress.time(Duration.ofSeconds(65)));
    assertEquals("2h03m", Progress.time(Duration.ofSeconds(2 * 3600 + 3 * 60 + 9)));
    assertEquals("2.5/s", Progress.rate(5, Optional.of(Duration.ofSeconds(2))));
    assertEquals("-", Progress.rate(5, Optional.empty()));
    assertEquals("[################]", Progress.bar(12, OptionalLong.of(12)));
    assertEquals("[----------------]", Progress.bar(0, OptionalLong.of(12)));
  }

  // watch(): driven by a stub result that runs for a few polls, then is done.

  private static class StubResult implements PipelineResult {
    int pollsLeft;
    Supplier<MetricResults> metrics;

    StubResult(int polls, Supplier<MetricResults> metrics) {
      this.pollsLeft = polls;
      this.metrics = metrics;
    }

    @Override
    public State getState() {
      return pollsLeft > 0 ? State.RUNNING : State.DONE;
    }

    @Override
    public State cancel() {
      return State.CANCELLED;
    }

    @Override
    public State waitUntilFinish(org.joda.time.Duration duration) {
      return pollsLeft-- > 0 ? null : State.DONE;
    }

    @Override
    public State waitUntilFinish() {
      pollsLeft = 0;
      return State.DONE;
    }

    @Override
    public MetricResults metrics() {
      return metrics.get();
    }
  }

  private static MetricResults results(Values v) {
    List<MetricResult<Long>> counters = new ArrayList<>();
    v.map.forEach((key, n) -> {
      String[] ns = key.split("/");
      counters.add(MetricResult.create(MetricKey.create("step", MetricName.named(ns[0], ns[1])), false, n));
    });
    return new MetricResults() {
      @Override
      public MetricQueryResults queryMetrics(MetricsFilter filter) {
        return MetricQueryResults.create(counters, List.of(), List.of(), List.of());
      }
    };
  }

  private static String watch(PipelineResult result, Progress.Mode mode) {
    StringWriter err = new StringWriter();
    PipelineResult.State state = Progress.watch(result, new PrintWriter(err), mode);
    assertEquals(PipelineResult.State.DONE, state);
    return err.toString();
  }

  @Test
  void givenPlainMode_whenJobEnds_thenEveryStageLineWithFinalCounts() {
    Values v = new Values().set(ReadRepository.class, "to_read", 6).set(ReadRepository.class, "read", 6)
        .set(ReadRepository.class, "files", 6).set(WriteShards.class, "rows", 1234);
    String err = watch(new StubResult(2, () -> results(v)), Progress.Mode.PLAIN);
    List<String> lines = err.lines().toList();
    assertEquals(1 + Progress.STAGES.size(), lines.size(), err);
    assertTrue(lines.get(0).startsWith("repotune: finished in "), err);
    assertTrue(lines.get(1).matches("  ReadRepository +6/6 files .*"), err);
    assertTrue(lines.get(lines.size() - 1).matches("  WriteShards +1,234 rows .*"), err);
    assertFalse(err.contains("\033"), "no escape codes off a terminal");
  }

  @Test
  void givenResultAlreadyDoneWhenWatched_thenFinalCountsUnderAHeadingWithoutTime() {
    Values v = new Values().set(ReadRepository.class, "to_read", 6).set(ReadRepository.class, "read", 6);
    String err = watch(new StubResult(0, () -> results(v)), Progress.Mode.PLAIN);
    assertEquals("repotune: finished", err.lines().findFirst().orElseThrow(), err);
    assertTrue(err.lines().anyMatch(l -> l.matches("  ReadRepository +6/6 files +- +-")), err);
  }

  /** A short job can end during the first wait: it ran while watched, so its time is known. */
  @Test
  void givenJobThatEndsBeforeTheFirstPoll_thenHeadingStillHasItsTime() {
    Values v = new Values().set(ReadRepository.class, "to_read", 6).set(ReadRepository.class, "read", 6);
    StubResult endsDuringFirstWait = new StubResult(0, () -> results(v)) {
      boolean waited;

      @Override
      public State getState() {
        return waited ? State.DONE : State.RUNNING;
      }

      @Override
      public State waitUntilFinish(org.joda.time.Duration duration) {
        waited = true;
        return State.DONE;
      }
    };
    String err = watch(endsDuringFirstWait, Progress.Mode.PLAIN);
    assertTrue(err.lines().findFirst().orElseThrow().matches("repotune: finished in [0-9.]+s"), err);
  }

  @Test
  void givenTerminalMode_thenRedrawsInPlace() {
    Values v = new Values().set(ReadRepository.class, "to_read", 6).set(ReadRepository.class, "read", 3);
    String err = watch(new StubResult(2, () -> results(v)), Progress.Mode.TERMINAL);
    int height = 1 + Progress.STAGES.size();
    assertTrue(err.contains("\033[" + height + "A"), "cursor moves back over the board: " + err);
    assertTrue(err.contains("repotune: finished in "), err);
    assertTrue(err.contains("[########--------] 3/6 files"), err);
  }

  @Test
  void givenQuietMode_thenNothing() {
    Values v = new Values().set(ReadRepository.class, "read", 3);
    assertEquals("", watch(new StubResult(3, () -> results(v)), Progress.Mode.QUIET));
  }

  @Test
  void givenRunnerWithoutMetrics_thenNoLinesAndNoCrash() {
    StubResult noMetrics = new StubResult(3, () -> {
      throw new UnsupportedOperationException("this runner reports metrics at the end only");
    });
    assertEquals("", watch(noMetrics, Progress.Mode.PLAIN));
    assertEquals("", watch(new StubResult(3, noMetrics.metrics), Progress.Mode.TERMINAL));
  }

  private static Progress.Stage stage(String name) {
    return Progress.STAGES.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
