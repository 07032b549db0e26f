package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.pipeline.DatasetFolder;
import dev.repotune.pipeline.FixtureRepo;
import dev.repotune.pipeline.OutputGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * repotune never deletes or overwrites what it did not write: a folder is replaced only when it is a
 * repotune dataset and nothing else, and no --out, --overwrite or not, may touch the input, the cache,
 * the home folder or the root. Every case goes through the real command line and checks, file by file,
 * that what was there is still there.
 */
class OutputSafetyTest {
  @TempDir Path tmp;
  Path repo;
  Path cache;

  @BeforeEach
  void createRepo() throws Exception {
    repo = tmp.resolve("acme");
    FixtureRepo.create(repo, FixtureRepo.defaultFiles());
    cache = tmp.resolve("cache");
  }

  CliRun generate(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("generate", repo.toString(), "--out", out.toString(), "--cache-dir", cache.toString()));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** Every file below {@code dir} with its bytes, as text for a readable failure. */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), java.util.HexFormat.of().formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    return files;
  }

  static void assertRefused(CliRun r, String mentions) {
    assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
    List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), "one line: " + r.err());
    assertTrue(lines.get(0).startsWith("repotune: ") && lines.get(0).contains(mentions), lines.get(0));
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
  }

  @Test
  void givenAnotherToolsManifest_whenGenerateWithoutOverwrite_thenRefusedAndUntouched() throws Exception {
    Path web = tmp.resolve("webapp");
    Files.createDirectories(web.resolve("icons"));
    Files.writeString(web.resolve("manifest.json"), "{\"name\":\"My PWA\",\"start_url\":\"/\"}");
    Files.writeString(web.resolve("index.html"), "<html>precious</html>");
    Files.writeString(web.resolve("icons/app.svg"), "<svg/>");
    Map<String, String> before = snapshot(web);

    CliRun r = generate(web);

    assertRefused(r, "holds something other than a repotune dataset");
    assertEquals(before, snapshot(web));
    assertFalse(Files.exists(tmp.resolve(".webapp.partial")), "no work folder left");
  }

  @Test
  void givenDatasetWithAFileAPersonAdded_whenGenerateAgain_thenRefusedAndTheFileKept() throws Exception {
    Path out = tmp.resolve("out");
    assertEquals(0, generate(out).code());
    Files.writeString(out.resolve("NOTES.md"), "my notes on this dataset");
    Map<String, String> before = snapshot(out);

    CliRun r = generate(out);

    assertRefused(r, "NOTES.md is not a file its manifest lists");
    assertEquals(before, snapshot(out));
  }

  @Test
  void givenManifestThatClaimsTheFormatButAFolderItDoesNotList_whenGenerate_thenRefused() throws Exception {
    Path out = tmp.resolve("out");
    Files.createDirectories(out.resolve("src"));
    Files.writeString(out.resolve("manifest.json"), "{\"format\":\"repotune-dataset/1\",\"files\":{\"sft\":[]}}");
    Files.writeString(out.resolve("src/Main.java"), "class Main {}");

    assertRefused(generate(out), "src/ is not a folder its manifest lists");
    assertTrue(Files.exists(out.resolve("src/Main.java")));
  }

  @Test
  void givenOwnDataset_whenGenerateAgain_thenReplacedAndNothingLeftBeside() throws Exception {
    Path out = tmp.resolve("out");
    assertEquals(0, generate(out).code());
    CliRun again = generate(out);
    assertEquals(0, again.code(), again.err());
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of("acme", "cache", "out"), s.map(p -> p.getFileName().toString()).sorted().toList(),
          "no .partial, .replaced or .lock beside the dataset");
    }
  }

  /** The input, with --overwrite: the repository, the folder that holds it, a folder in it, a link to it. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"the repository", "its parent", "a folder inside it", "its .git", "a link to it"})
  void givenOutThatTouchesTheRepository_whenOverwrite_thenRefusedAndRepositoryIntact(String where) throws Exception {
    Path out = switch (where) {
      case "the repository" -> repo;
      case "its parent" -> tmp;
      case "a folder inside it" -> repo.resolve("src");
      case "its .git" -> repo.resolve(".git");
      default -> Files.createSymbolicLink(tmp.resolve("link"), repo);
    };
    Map<String, String> before = snapshot(repo);

    CliRun r = generate(out, "--overwrite");

    assertRefused(r, "the repository being read");
    assertEquals(before, snapshot(repo));
  }

  @Test
  void givenFileUrlSource_whenOutIsThatBareRepositoryWithOverwrite_thenRefused() throws Exception {
    Path bare = tmp.resolve("bare.git");
    org.eclipse.jgit.api.Git.cloneRepository().setURI(repo.toUri().toString()).setDirectory(bare.toFile()).setBare(true).call().close();
    // JGit may start an automatic gc of the fresh clone in the background: let it end before the snapshot
    for (int i = 0; i < 200 && Files.exists(bare.resolve("gc.log.lock")); i++) {
      Thread.sleep(50);
    }
    Map<String, String> before = snapshot(bare);

    CliRun r = CliRun.of("generate", bare.toUri().toString(), "--out", bare.toString(), "--cache-dir", cache.toString(), "--overwrite");

    assertRefused(r, "the repository being read");
    assertEquals(before, snapshot(bare));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"the cache", "inside the cache", "the home folder"})
  void givenOutThatIsTheCacheOrHome_whenOverwrite_thenRefusedAndUntouched(String where) throws Exception {
    Path home = tmp.resolve("home");
    Files.createDirectories(home.resolve("Documents"));
    Files.writeString(home.resolve("Documents/cv.txt"), "precious");
    Files.createDirectories(cache.resolve("repos/acme.git"));
    Files.writeString(cache.resolve("repos/acme.git/HEAD"), "ref: refs/heads/main\n");
    Path out = switch (where) {
      case "the cache" -> cache;
      case "inside the cache" -> cache.resolve("repos");
      default -> home;
    };
    Map<String, String> cacheBefore = snapshot(cache);
    Map<String, String> homeBefore = snapshot(home);
    String realHome = System.getProperty("user.home");
    System.setProperty("user.home", home.toString());
    CliRun r;
    try {
      r = generate(out, "--overwrite");
    } finally {
      System.setProperty("user.home", realHome);
    }
    assertRefused(r, where.equals("the home folder") ? "your home folder" : "the cache");
    assertEquals(cacheBefore, snapshot(cache));
    assertEquals(homeBefore, snapshot(home));
  }

  @Test
  void givenRootOrCurrentFolder_thenNoOutMayBeOrHoldThem() {
    List<OutputGuard.Guarded> g = List.of(
        new OutputGuard.Guarded(Path.of("/"), "the file system root", false),
        new OutputGuard.Guarded(Path.of("").toAbsolutePath(), "the current folder", false));
    ExitException root = assertThrows(ExitException.class, () -> OutputGuard.checkApart(Path.of("/"), g));
    assertTrue(root.getMessage().contains("is the file system root"), root.getMessage());
    ExitException cwd = assertThrows(ExitException.class, () -> OutputGuard.checkApart(Path.of("").toAbsolutePath().getParent(), g));
    assertTrue(cwd.getMessage().contains("holds the current folder"), cwd.getMessage());
    OutputGuard.checkApart(Path.of("repotune-out", "acme"), g); // the default --out lies in the current folder: fine
  }

  @Test
  void givenAMountPoint_whenGenerate_thenRefusedBeforeTheRun() throws Exception {
    Path shm = Path.of("/dev/shm");
    assertTrue(Files.isDirectory(shm) && !Files.getFileStore(shm).equals(Files.getFileStore(shm.getParent())),
        "this test needs /dev/shm mounted, as Linux machines have it");

    CliRun r = generate(shm);

    assertRefused(r, "is a mount point");
    assertFalse(r.err().contains("@ "), "refused before anything was read: " + r.err());
    assertFalse(Files.exists(Path.of("/dev/.shm.partial")) || Files.exists(Path.of("/dev/.shm.lock")));
  }

  @Test
  void givenAFolderNamedLikeTheWorkFolderThatRepotuneDidNotMake_whenGenerate_thenRefusedAndKept() throws Exception {
    Path work = tmp.resolve(".out.partial");
    Files.createDirectories(work);
    Files.writeString(work.resolve("draft.txt"), "precious");

    assertRefused(generate(tmp.resolve("out")), "is not a work folder repotune made");
    assertEquals("precious", Files.readString(work.resolve("draft.txt")));
  }

  @Test
  void givenAFullDiskAtTheManifest_whenGenerate_thenNoWorkFolderOrLockLeftBehind() throws Exception {
    System.setProperty(DatasetFolder.SIMULATE_WRITE_ERROR, "No space left on device");
    CliRun r;
    try {
      r = generate(tmp.resolve("out"));
    } finally {
      System.clearProperty(DatasetFolder.SIMULATE_WRITE_ERROR);
    }
    assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of("acme", "cache"), s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void givenARunInProgress_whenASecondRunTargetsTheSameOut_thenTheSecondRefusesAndTheFirstFinishes() throws Exception {
    Path out = tmp.resolve("out");
    Path work = tmp.resolve(".out.partial");
    CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(() -> generate(out));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(work) && !first.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertFalse(first.isDone(), "the first run should still be writing: " + (first.isDone() ? first.get().err() : ""));

    CliRun second = generate(out);

    assertRefused(second, "another repotune run is writing");
    CliRun done = first.get(120, TimeUnit.SECONDS);
    assertEquals(0, done.code(), done.err());
    assertTrue(Files.exists(out.resolve("manifest.json")));
  }
}
