package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.pipeline.FixtureRepo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How resolving a repository fails through the command line: one short line, a named code. */
class RefAndCloneErrorsTest {
  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  Result run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), args);
    return new Result(code, o.toString(), e.toString());
  }

  /**
   * A 100,000-character --ref printed 1.9 MB of JGit traces (JGit logs each "File name too long" it
   * meets, through java.util.logging to the console) and a 100,000-character line.
   */
  @Test
  void givenHugeRef_thenOneShortLineAndNothingLogged() throws Exception {
    Path repo = tmp.resolve("acme");
    FixtureRepo.create(repo, FixtureRepo.defaultFiles());
    List<LogRecord> logged = new CopyOnWriteArrayList<>();
    Handler console = // what the console handler would print: records the root logger's level lets through
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            logged.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger.getLogger("").addHandler(console);
    try {
      for (String ref : List.of("a".repeat(100_000), "refs/heads/" + "b/".repeat(50_000), "a".repeat(300))) {
        for (String source : List.of(repo.toString(), "file://" + repo)) {
          Result r = run("generate", source, "--ref", ref, "--out", tmp.resolve("out").toString(), "--cache-dir",
              tmp.resolve("cache").toString());
          assertEquals(List.of(), // nothing on the console besides repotune's line
              logged.stream().map(x -> x.getLoggerName() + ": " + x.getThrown()).limit(3).toList());
          String shown = r.err().substring(0, Math.min(2000, r.err().length()));
          assertEquals(ExitCodes.BAD_INPUT, r.code(), shown);
          List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
          assertEquals(1, lines.size(), shown);
          assertTrue(lines.get(0).startsWith("repotune: not a valid ref: '"), shown);
          assertTrue(lines.get(0).length() < 300, "a short line, got " + lines.get(0).length() + " characters");
          assertFalse(r.err().contains("\tat "), "no trace");
        }
      }
    } finally {
      Logger.getLogger("").removeHandler(console);
    }
  }
}
