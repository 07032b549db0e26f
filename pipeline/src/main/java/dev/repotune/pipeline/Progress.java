package dev.repotune.pipeline;

import dev.repotune.pipeline.stages.AskTeacher;
import dev.repotune.pipeline.stages.BuildIndex;
import dev.repotune.pipeline.stages.Deduplicate;
import dev.repotune.pipeline.stages.ExtractChunks;
import dev.repotune.pipeline.stages.HoldOutFiles;
import dev.repotune.pipeline.stages.ReadHistory;
import dev.repotune.pipeline.stages.ReplayFixes;
import dev.repotune.pipeline.stages.TestMutants;
import dev.repotune.pipeline.stages.ToFimExamples;
import dev.repotune.pipeline.stages.FilterSamples;
import dev.repotune.pipeline.stages.ReadRepository;
import dev.repotune.pipeline.stages.RedactSecrets;
import dev.repotune.pipeline.stages.WriteShards;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * What a person watching a run sees: one line per stage with its count, its total once known, its rate and
 * how long it has been counting, read from the Beam counters each stage keeps. On a terminal the lines are
 * redrawn in place; otherwise (CI, a log file) one plain line is printed every ten seconds, and every
 * stage's line once the job has ended.
 *
 * <p>Drawn by hand rather than with me.tongfei:progressbar: that library needs jline-terminal 3.24, while
 * the shaded jar already carries Spark's jline 3.9 bundle under the same package names, and it renders
 * each bar from its own thread onto a PrintStream, where ours come from one metrics poll onto picocli's
 * writer (which tests capture).
 *
 * <p>Counters are only for watching (the manifest's counts come from the data): a runner that reports
 * them late or never shows less progress, never a failed run.
 */
public final class Progress {
  private Progress() {}

  /** Where the lines go: redrawn in place, printed as plain periodic lines, or not at all. */
  public enum Mode {
    TERMINAL,
    PLAIN,
    QUIET;

    /**
     * Redrawn lines only when a person is looking at a console and nothing else writes there (with
     * {@code --verbose} the runner's log would tear the redrawn lines apart); nothing with {@code --quiet}.
     */
    public static Mode detect(boolean quiet, boolean verbose) {
      return quiet ? QUIET : System.console() != null && !verbose ? TERMINAL : PLAIN;
    }
  }

  /** One counter a stage keeps, and what it counts. */
  public record Measure(Class<?> namespace, String counter, String unit) {}

  /**
   * A stage's line: the first of its {@code measures} that has counted anything (AskTeacher counts samples
   * offline, calls with an LLM) and, once its input is complete, its {@code total} (else empty).
   */
  public record Stage(String name, List<Measure> measures, Function<Counts, OptionalLong> total) {
    Measure measure(Counts c) {
      return measures.stream().filter(m -> c.get(m) > 0).findFirst().orElse(measures.get(0));
    }

    long count(Counts c) {
      return c.get(measure(c));
    }
  }

  private static final Measure LISTED = new Measure(ReadRepository.class, "to_read", "files");
  private static final Measure READ = new Measure(ReadRepository.class, "read", "files");
  private static final Measure FILES_KEPT = new Measure(ReadRepository.class, "files", "files");
  private static final Measure EXTRACTED = new Measure(ExtractChunks.class, "files", "files");
  private static final Measure CHUNKS = new Measure(ExtractChunks.class, "chunks", "chunks");
  private static final Measure COMMITS = new Measure(ReadHistory.class, "commits", "commits");
  private static final Measure COMMITS_LISTED = new Measure(ReadHistory.class, "listed", "commits");
  private static final Measure HELD_OUT = new Measure(HoldOutFiles.class, "held_out", "files");

  /** The stages in pipeline order, each with the counter it keeps for this. */
  public static final List<Stage> STAGES =
      List.of(
          new Stage("ReadRepository", List.of(READ), c -> known(c.get(LISTED) > 0, c.get(LISTED))),
          new Stage(
              "RedactSecrets",
              List.of(new Measure(RedactSecrets.class, "files", "files")),
              c -> known(readDone(c), c.get(FILES_KEPT))),
          new Stage("ExtractChunks", List.of(EXTRACTED), c -> known(readDone(c), c.get(FILES_KEPT) - c.get(HELD_OUT))),
          new Stage(
              "ToFimExamples",
              List.of(new Measure(ToFimExamples.class, "examples", "examples")),
              c -> OptionalLong.empty()),
          new Stage(
              "ReadHistory",
              List.of(COMMITS),
              c -> known(c.get(COMMITS_LISTED) > 0, c.get(COMMITS_LISTED))),
          new Stage(
              "BuildIndex",
              List.of(new Measure(BuildIndex.class, "chunks", "chunks")),
              c -> known(readDone(c) && c.get(EXTRACTED) >= c.get(FILES_KEPT) - c.get(HELD_OUT), c.get(CHUNKS))),
          new Stage(
              "AskTeacher",
              List.of(
                  new Measure(AskTeacher.class, "samples", "samples"),
                  new Measure(AskTeacher.class, "teacher_calls", "calls")),
              c -> OptionalLong.empty()),
          new Stage(
              "FilterSamples",
              List.of(new Measure(FilterSamples.class, "rows", "rows")),
              c -> OptionalLong.empty()),
          new Stage(
              "Deduplicate",
              List.of(new Measure(Deduplicate.class, "rows", "rows")),
              c -> OptionalLong.empty()),
          new Stage(
              "WriteShards",
              List.of(new Measure(WriteShards.class, "rows", "rows")),
              c -> OptionalLong.empty()));

  /** With {@code --exec}, the execution steps too, where they run: each is minutes of builds and tests. */
  public static List<Stage> stages(boolean exec) {
    if (!exec) {
      return STAGES;
    }
    List<Stage> out = new java.util.ArrayList<>();
    for (Stage s : STAGES) {
      out.add(s);
      if (s.name().equals("ReadHistory")) {
        out.add(new Stage("ReplayFixes", List.of(new Measure(ReplayFixes.class, "commits", "commits")),
            c -> OptionalLong.empty()));
      } else if (s.name().equals("FilterSamples")) {
        out.add(new Stage("TestMutants", List.of(new Measure(TestMutants.class, "mutants", "mutants")),
            c -> OptionalLong.empty()));
      }
    }
    return List.copyOf(out);
  }

  /** {@code --dry-run} stops after AskTeacher. */
  public static final List<Stage> DRY_RUN_STAGES =
      STAGES.stream().filter(s -> !s.name().equals("ToFimExamples") && !s.name().equals("ReadHistory")).toList().subList(0, 5);

  private static boolean readDone(Counts c) {
    return c.get(LISTED) > 0 && c.get(READ) >= c.get(LISTED);
  }

  private static OptionalLong known(boolean known, long total) {
    return known ? OptionalLong.of(total) : OptionalLong.empty();
  }

  /** Counter values from one poll, summed over steps, by namespace and name. */
  public record Counts(Map<String, Long> values) {
    public static Counts of(Map<String, Long> values) {
      return new Counts(Map.copyOf(values));
    }

    static String key(Class<?> namespace, String counter) {
      return namespace.getName() + "/" + counter;
    }

    long get(Measure m) {
      return values.getOrDefault(key(m.namespace(), m.counter()), 0L);
    }

    /** Every counter of the job; empty when the runner cannot report metrics (yet). */
    static Optional<Counts> poll(PipelineResult result) {
      try {
        Map<String, Long> sums = new HashMap<>();
        for (MetricResult<Long> r : result.metrics().allMetrics().getCounters()) {
          sums.merge(r.getName().getNamespace() + "/" + r.getName().getName(), value(r), Long::sum);
        }
        return Optional.of(new Counts(sums));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }

    private static long value(MetricResult<Long> r) {
      Long v;
      try {
        v = r.getAttempted();
      } catch (UnsupportedOperationException e) {
        v = r.getCommitted();
      }
      return v == null ? 0 : v;
    }
  }

  /**
   * When each stage started and last moved, as seen by the polls: a stage starts after the last poll that
   * saw it at zero, and its time ends at the last poll that saw its count change (so a stage that has
   * finished keeps its own time, not the job's).
   */
  static final class Clock {
    private final Map<String, Duration> notYet = new HashMap<>();
    private final Map<String, Duration> lastMoved = new HashMap<>();
    private final Map<String, Long> lastCount = new HashMap<>();

    void observe(List<Stage> stages, Counts c, Duration at) {
      for (Stage s : stages) {
        long n = s.count(c);
        if (n == 0) {
          notYet.put(s.name(), at);
        } else if (n != lastCount.getOrDefault(s.name(), 0L)) {
          lastMoved.put(s.name(), at);
          lastCount.put(s.name(), n);
        }
      }
    }

    /**
     * How long the stage has been counting; empty before it has counted anything, and when a runner
     * reported its counts only once the job had ended (no time was seen to pass).
     */
    Optional<Duration> elapsed(String stage) {
      Duration moved = lastMoved.get(stage);
      Duration took = moved == null ? Duration.ZERO : moved.minus(notYet.getOrDefault(stage, Duration.ZERO));
      return took.isZero() || took.isNegative() ? Optional.empty() : Optional.of(took);
    }
  }

  /** Waits for the job to end, printing every stage's progress to {@code err}; returns the final state. */
  public static PipelineResult.State watch(PipelineResult result, PrintWriter err, Mode mode) {
    return watch(result, err, mode, STAGES);
  }

  /** As {@link #watch(PipelineResult, PrintWriter, Mode)}, over the given stages only. */
  public static PipelineResult.State watch(
      PipelineResult result, PrintWriter err, Mode mode, List<Stage> stages) {
    long start = System.nanoTime();
    Clock clock = new Clock();
    Duration lastPlain = Duration.ZERO;
    int drawn = 0;
    // A runner that returns only once the job is done (embedded Flink) leaves no time to report: its
    // counts are all seen at one instant, which the clock takes as no time at all.
    boolean watchedItRun = !isDone(result);
    PipelineResult.State state;
    while (true) {
      state = result.waitUntilFinish(org.joda.time.Duration.millis(mode == Mode.TERMINAL ? 500 : 1000));
      if (state != null && state.isTerminal()) {
        break;
      }
      if (mode == Mode.QUIET) {
        continue;
      }
      Duration now = Duration.ofNanos(System.nanoTime() - start);
      Optional<Counts> counts = Counts.poll(result);
      if (counts.isEmpty()) {
        continue;
      }
      clock.observe(stages, counts.get(), now);
      if (mode == Mode.TERMINAL) {
        drawn = redraw(err, drawn, board(heading(null, Optional.of(now)), stages, counts.get(), clock, true));
      } else if (now.minus(lastPlain).getSeconds() >= 10) {
        err.println(plainLine(stages, counts.get(), clock, now));
        err.flush();
        lastPlain = now;
      }
    }
    if (mode != Mode.QUIET) {
      Duration now = Duration.ofNanos(System.nanoTime() - start);
      Optional<Counts> counts = Counts.poll(result);
      if (counts.isPresent()) {
        clock.observe(stages, counts.get(), watchedItRun ? now : Duration.ZERO);
        String heading = heading(state, watchedItRun ? Optional.of(now) : Optional.empty());
        List<String> lines = board(heading, stages, counts.get(), clock, mode == Mode.TERMINAL);
        if (mode == Mode.TERMINAL) {
          redraw(err, drawn, lines);
        } else {
          lines.forEach(err::println);
        }
      }
    }
    err.flush();
    return state;
  }

  private static boolean isDone(PipelineResult result) {
    try {
      PipelineResult.State state = result.getState();
      return state != null && state.isTerminal();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Moves the cursor back over the previous drawing and writes the new one; returns its height. */
  private static int redraw(PrintWriter err, int drawn, List<String> lines) {
    StringBuilder b = new StringBuilder();
    if (drawn > 0) {
      b.append("\033[").append(drawn).append('A');
    }
    for (String line : lines) {
      b.append('\r').append(line).append("\033[K\n");
    }
    err.print(b);
    err.flush();
    return lines.size();
  }

  /** The board's first line: running (state null), finished or stopped, and for how long when known. */
  static String heading(PipelineResult.State state, Optional<Duration> elapsed) {
    String what =
        state == null ? "running" : state == PipelineResult.State.DONE ? "finished" : "stopped (" + state + ")";
    String when = state == null ? " for " : state == PipelineResult.State.DONE ? " in " : " after ";
    return "repotune: " + what + elapsed.map(d -> when + time(d)).orElse("");
  }

  /** A heading, then one line per stage; with {@code bars}, a bar for each stage whose total is known. */
  static List<String> board(String heading, List<Stage> stages, Counts c, Clock clock, boolean bars) {
    List<String> lines = new ArrayList<>();
    lines.add(heading);
    for (Stage s : stages) {
      long n = s.count(c);
      OptionalLong total = s.total().apply(c);
      Optional<Duration> took = clock.elapsed(s.name());
      String count =
          total.isPresent()
              ? String.format("%,d/%,d %s", n, total.getAsLong(), s.measure(c).unit())
              : String.format("%,d %s", n, s.measure(c).unit());
      String bar = bars ? bar(n, total) + " " : "";
      lines.add(
          String.format(
              "  %-14s %s%-24s %10s %7s",
              s.name(), bar, count, rate(n, took), took.map(Progress::time).orElse("-")));
    }
    return lines;
  }

  /** The periodic line off a terminal: the stages that have started, with their counts and rates. */
  static String plainLine(List<Stage> stages, Counts c, Clock clock, Duration elapsed) {
    StringBuilder b = new StringBuilder("repotune: ").append(time(elapsed));
    for (Stage s : stages) {
      long n = s.count(c);
      if (n == 0) {
        continue;
      }
      OptionalLong total = s.total().apply(c);
      b.append("  ").append(s.name()).append(' ').append(String.format("%,d", n));
      if (total.isPresent()) {
        b.append(String.format("/%,d", total.getAsLong()));
      }
      b.append(' ').append(s.measure(c).unit()).append(" (").append(rate(n, clock.elapsed(s.name()))).append(')');
    }
    return b.toString();
  }

  private static final int BAR = 16;

  static String bar(long n, OptionalLong total) {
    if (total.isEmpty()) {
      return " ".repeat(BAR + 2);
    }
    long t = total.getAsLong();
    int filled = t <= 0 ? BAR : (int) Math.min(BAR, n * BAR / t);
    return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "]";
  }

  static String rate(long n, Optional<Duration> took) {
    if (took.isEmpty() || took.get().toMillis() <= 0) {
      return "-";
    }
    double perSecond = n * 1000.0 / took.get().toMillis();
    return perSecond >= 100 ? String.format("%,.0f/s", perSecond) : String.format("%.1f/s", perSecond);
  }

  static String time(Duration d) {
    long s = d.getSeconds();
    if (s < 60) {
      return String.format("%.1fs", d.toMillis() / 1000.0);
    }
    return s < 3600 ? String.format("%dm%02ds", s / 60, s % 60) : String.format("%dh%02dm", s / 3600, s % 3600 / 60);
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
