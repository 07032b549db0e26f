package dev.repotune.extractors.exec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs a repository's own code (its build, its tests) as a child process that cannot see this process's
 * secrets or the user's home: the environment is rebuilt from a short allow-list, HOME is a fresh folder,
 * the whole process tree is killed at the time limit, and only the output's last lines are kept.
 */
public final class ChildProcess {
  /** The only variables taken from the parent's environment; everything else (teacher keys too) stays out. */
  public static final List<String> PASSED_THROUGH = List.of("PATH", "JAVA_HOME", "LANG", "LC_ALL", "TZ");

  /** Debian's mvn prints bare colour resets even with {@code -B}; they would spoil error lines. */
  private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");

  /** How one run ended; {@code tail} is the last lines of stdout and stderr together, colour codes removed. */
  public record Result(int exitCode, boolean timedOut, List<String> tail, long millis) {
    public Result {
      tail = List.copyOf(tail);
    }

    public boolean ok() {
      return !timedOut && exitCode == 0;
    }

    public String tailText() {
      return String.join("\n", tail);
    }
  }

  private ChildProcess() {}

  /**
   * The child's environment: the allow-listed variables of {@code parent}, HOME set to {@code home}, and
   * {@code extra} (the JVM options this class sets itself, such as MAVEN_OPTS) on top.
   */
  public static Map<String, String> environment(Map<String, String> parent, Path home, Map<String, String> extra) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : PASSED_THROUGH) {
      String value = parent.get(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    env.put("HOME", home.toString());
    env.putAll(extra);
    return env;
  }

  /** A fresh HOME for one child, beside (never inside) the work copy so the build cannot pick it up as source. */
  public static Path freshHome(Path workDir) {
    Path parent = workDir.toAbsolutePath().getParent();
    try {
      return Files.createTempDirectory(parent, "home-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a temporary HOME in " + parent, e);
    }
  }

  /** Runs with this process's environment as the parent one (filtered as {@link #environment} says). */
  public static Result run(List<String> command, Path dir, Path home, Map<String, String> extraEnv, Limits limits) {
    return run(command, dir, home, extraEnv, limits, System.getenv());
  }

  /**
   * Runs {@code command} in {@code dir} and waits at most {@code limits.timeout()}; past it, the process and
   * all its descendants are killed and {@code timedOut} is set. Never throws for the child's own failure; an
   * exit code of -1 with the reason in the tail means the command could not start.
   */
  public static Result run(
      List<String> command, Path dir, Path home, Map<String, String> extraEnv, Limits limits,
      Map<String, String> parentEnv) {
    long start = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(environment(parentEnv, home, extraEnv));
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      return new Result(-1, false, List.of("cannot start " + command.get(0) + ": " + e.getMessage()), millis(start));
    }
    Deque<String> tail = new ArrayDeque<>();
    Thread reader = new Thread(() -> drain(process, tail, limits.tailLines()), "child-output");
    reader.setDaemon(true);
    reader.start();
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // The child may already have exited; it reads nothing from us anyway.
    }
    boolean timedOut = false;
    try {
      if (!process.waitFor(limits.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        timedOut = true;
        killTree(process.toHandle());
        process.waitFor(10, TimeUnit.SECONDS);
      }
      reader.join(5_000);
    } catch (InterruptedException e) {
      killTree(process.toHandle());
      Thread.currentThread().interrupt();
      timedOut = true;
    }
    int exit = process.isAlive() ? -1 : process.exitValue();
    List<String> lines;
    synchronized (tail) {
      lines = new ArrayList<>(tail);
    }
    return new Result(exit, timedOut, lines, millis(start));
  }

  /** Descendants first (collected before the parent dies, since they are re-parented after), then the root. */
  static void killTree(ProcessHandle root) {
    List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
    all.forEach(ProcessHandle::destroyForcibly);
    root.destroyForcibly();
    // A child forked while we were killing: one more sweep.
    root.descendants().forEach(ProcessHandle::destroyForcibly);
  }

  /** Removes a child's scratch folder (its HOME, a reports folder); what cannot be removed is left. */
  public static void deleteTree(Path root) {
    if (root == null || !Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      // Best effort: a leftover scratch folder beside the work copy harms nothing.
    }
  }

  static String clean(String line) {
    return ANSI.matcher(line).replaceAll("");
  }

  private static void drain(Process process, Deque<String> tail, int keep) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (tail) {
          tail.addLast(clean(line));
          if (tail.size() > keep) {
            tail.removeFirst();
          }
        }
      }
    } catch (IOException ignored) {
      // The stream closes when the process is killed; what was read is kept.
    }
  }

  private static long millis(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
