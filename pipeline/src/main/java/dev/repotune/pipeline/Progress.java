package dev.repotune.pipeline;

import dev.repotune.pipeline.stages.AskTeacher;
import dev.repotune.pipeline.stages.ExtractChunks;
import dev.repotune.pipeline.stages.ReadRepository;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Shows a running job's progress from its counters: files read, chunks, samples. On a terminal one line
 * is redrawn in place; otherwise (CI, a log file) a plain line is printed every ten seconds.
 */
public final class Progress {
  private Progress() {}

  /** Waits for the job to end, printing progress to {@code err}; returns the final state. */
  public static PipelineResult.State watch(PipelineResult result, PrintWriter err) {
    boolean terminal = System.console() != null;
    Instant start = Instant.now();
    Instant lastPrint = Instant.EPOCH;
    String last = "";
    PipelineResult.State state;
    while (true) {
      state = result.waitUntilFinish(org.joda.time.Duration.millis(terminal ? 500 : 1000));
      if (state != null && state.isTerminal()) {
        break;
      }
      String line = line(result, Duration.between(start, Instant.now()));
      Instant now = Instant.now();
      if (terminal) {
        if (!line.equals(last)) {
          err.print("\r" + line + "   ");
          err.flush();
          last = line;
        }
      } else if (Duration.between(lastPrint, now).getSeconds() >= 10) {
        err.println(line);
        err.flush();
        lastPrint = now;
      }
    }
    if (terminal && !last.isEmpty()) {
      err.println("\r" + line(result, Duration.between(start, Instant.now())) + "   ");
    }
    err.flush();
    return state;
  }

  static String line(PipelineResult result, Duration elapsed) {
    long files = counter(result, ReadRepository.class, "files");
    long chunks = counter(result, ExtractChunks.class, "chunks");
    long samples = counter(result, AskTeacher.class, "samples");
    return String.format(
        "  %4ds  files %,d  chunks %,d  samples %,d", elapsed.getSeconds(), files, chunks, samples);
  }

  /** A counter's attempted value summed over steps; 0 when the runner has no metrics (yet). */
  public static long counter(PipelineResult result, Class<?> namespace, String name) {
    try {
      MetricQueryResults q =
          result
              .metrics()
              .queryMetrics(
                  MetricsFilter.builder()
                      .addNameFilter(MetricNameFilter.named(namespace, name))
                      .build());
      long sum = 0;
      for (MetricResult<Long> c : q.getCounters()) {
        Long v = c.getAttempted();
        sum += v == null ? 0 : v;
      }
      return sum;
    } catch (RuntimeException e) {
      return 0; // a runner without live metrics: the closing summary still has the counts
    }
  }
}
