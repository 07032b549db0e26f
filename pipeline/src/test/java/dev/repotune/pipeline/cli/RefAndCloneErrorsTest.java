package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.pipeline.FixtureRepo;
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

  CliRun run(String... args) {
    return CliRun.of(args);
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
          CliRun r = run("generate", source, "--ref", ref, "--out", tmp.resolve("out").toString(), "--cache-dir",
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

  /** A cached clone whose pack was cut short: cloned again, said in one warning line, the run goes on. */
  @Test
  void givenTruncatedPackInTheCachedClone_thenOneWarningAndTheSameData() throws Exception {
    Path repo = tmp.resolve("acme");
    FixtureRepo.create(repo, FixtureRepo.defaultFiles());
    String url = "file://" + repo;
    Path cache = tmp.resolve("cache");
    CliRun first = run("generate", url, "--out", tmp.resolve("first").toString(), "--cache-dir", cache.toString());
    assertEquals(0, first.code(), first.err());
    List<Path> packs;
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(cache.resolve("repos"))) {
      packs = s.filter(p -> p.toString().endsWith(".pack")).toList();
    }
    assertFalse(packs.isEmpty());
    for (Path pack : packs) {
      try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(pack.toFile(), "rw")) {
        f.setLength(f.length() / 2);
      }
    }
    CliRun again = run("generate", url, "--out", tmp.resolve("again").toString(), "--cache-dir", cache.toString());
    assertEquals(0, again.code(), again.err());
    List<String> warnings = again.err().lines().filter(l -> l.contains("damaged")).toList();
    assertEquals(1, warnings.size(), again.err());
    assertTrue(warnings.get(0).startsWith("repotune: warning: the cached clone of " + url + " was damaged ("), warnings.get(0));
    assertTrue(warnings.get(0).endsWith("); cloned it again"), warnings.get(0));
    assertFalse(again.err().contains("\tat "), again.err());
    assertEquals(
        java.nio.file.Files.readString(tmp.resolve("first/cpt/train-00000-of-00001.jsonl")),
        java.nio.file.Files.readString(tmp.resolve("again/cpt/train-00000-of-00001.jsonl")));
  }
}
