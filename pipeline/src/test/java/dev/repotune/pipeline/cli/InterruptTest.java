package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.pipeline.FixtureRepo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real run in a child JVM, stopped with SIGINT, SIGTERM or SIGKILL at several points: afterwards no
 * folder with a manifest exists (a trainer could take it for a dataset), a stale work folder is never
 * taken as complete, and the same command then succeeds.
 */
class InterruptTest {
  @TempDir Path tmp;

  enum Stop { SIGINT, SIGTERM, SIGKILL }

  record Point(Stop stop, long afterMillis) {}

  @Test
  void givenRunKilledAtSeveralPoints_thenNoFinishedLookingFolderAndRerunSucceeds() throws Exception {
    Path repo = tmp.resolve("bigger");
    FixtureRepo.create(repo, manyFiles(400));
    Path out = tmp.resolve("out");
    Path cache = tmp.resolve("cache");
    List<String> args = List.of("generate", repo.toString(), "--out", out.toString(), "--cache-dir", cache.toString());

    for (Point point : List.of(
        new Point(Stop.SIGINT, 0), new Point(Stop.SIGKILL, 0),
        new Point(Stop.SIGINT, 2500), new Point(Stop.SIGKILL, 2500), new Point(Stop.SIGTERM, 1500))) {
      Process child = start(args);
      StringBuilder err = new StringBuilder();
      CompletableFuture<Void> started = new CompletableFuture<>();
      Thread reader = new Thread(() -> drain(child, err, started));
      reader.start();
      started.get(60, TimeUnit.SECONDS); // the header line: the repository is resolved, the job is running
      Thread.sleep(point.afterMillis());
      assertTrue(child.isAlive(), point + ": the run ended before it could be stopped; make the fixture bigger");
      long stoppedAt = System.nanoTime();
      switch (point.stop()) {
        case SIGINT -> new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
        // not destroy(): it closes our end of the child's stderr, and the line it prints would be lost
        case SIGTERM -> new ProcessBuilder("kill", "-TERM", Long.toString(child.pid())).start().waitFor();
        case SIGKILL -> child.destroyForcibly();
      }
      if (!child.waitFor(30, TimeUnit.SECONDS)) {
        Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
            Long.toString(child.pid())).redirectErrorStream(true).start();
        String threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        child.destroyForcibly();
        throw new AssertionError(point + ": did not stop; its stderr:\n" + err + "\nits threads:\n" + threads);
      }
      reader.join(5000);
      double seconds = (System.nanoTime() - stoppedAt) / 1e9;
      String e = err.toString();
      if (point.stop() != Stop.SIGKILL) {
        assertEquals(ExitCodes.INTERRUPTED, child.exitValue(), point + " " + e);
        assertTrue(e.contains("repotune: interrupted;") && e.contains("run the same command again"), point + ": " + e);
        assertFalse(e.contains("\tat "), "no stack trace: " + e);
      }
      assertEquals(List.of(), manifests(tmp), point + ": a folder with a manifest after " + seconds + " s");
      assertFalse(Files.exists(out), point + ": the output folder exists");
    }

    // A stale work folder (a killed run's: it carries repotune's mark), even one holding a manifest, is
    // never moved into place as it is. (One without the mark is not repotune's: OutputSafetyTest.)
    Path partial = tmp.resolve(".out.partial");
    Files.createDirectories(partial);
    Files.createFile(partial.resolve(".repotune-work"));
    Files.writeString(partial.resolve("manifest.json"), "{\"stale\":true}");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), args.toArray(String[]::new));
    assertEquals(0, code, e.toString());
    assertTrue(Files.exists(out.resolve("manifest.json")));
    assertFalse(Files.readString(out.resolve("manifest.json")).contains("stale"));
    assertFalse(Files.exists(partial));
  }

  static Process start(List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss8m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  static void drain(Process p, StringBuilder err, CompletableFuture<Void> started) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        synchronized (err) {
          err.append(line).append('\n');
        }
        if (line.matches("repotune: .* @ [0-9a-f]{12} \\(.*\\)")) {
          started.complete(null);
        }
      }
    } catch (IOException e) {
      // the child is gone
    } finally {
      started.complete(null);
    }
  }

  /** Every manifest.json under root outside a hidden work folder: what a trainer could take for a dataset. */
  static List<Path> manifests(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().equals("manifest.json"))
          .filter(p -> !root.relativize(p).getName(0).toString().startsWith("."))
          .filter(p -> !p.startsWith(root.resolve("bigger")))
          .toList();
    }
  }

  /** Enough Java to keep the job busy for several seconds. */
  static Map<String, byte[]> manyFiles(int n) {
    Map<String, byte[]> files = new LinkedHashMap<>(FixtureRepo.defaultFiles());
    for (int i = 0; i < n; i++) {
      String cls = "Calculator" + i;
      files.put("src/main/java/com/acme/calc/" + cls + ".java",
          FixtureRepo.utf8(FixtureRepo.CALCULATOR.replace("class Calculator", "class " + cls)
              .replace("public Calculator(", "public " + cls + "(")));
    }
    return files;
  }
}
