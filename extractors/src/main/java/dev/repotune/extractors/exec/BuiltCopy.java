package dev.repotune.extractors.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * One repository built once at one commit, kept in a folder of repotune's cache with its build result and
 * its passing baseline: the driver builds it before the job (so a build that fails is one warning, said
 * before any row is made), and every step that runs tests finds it built. A step that finds the folder
 * absent (a worker of a cluster without the driver's disk) builds it itself. Building is serialized per
 * folder within a JVM and across processes (a file lock), so two steps never build into one work copy.
 *
 * <p>{@code build.json} is written after the build and {@code baseline.json} after the baseline; a folder
 * holding only the work copy (a run killed while building) is built again from scratch.
 */
public final class BuiltCopy {
  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
  private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

  /** What a step needs: the work copy, its build (with the test classpath) and, when it built, its baseline. */
  public record State(Path workCopy, BuildResult build, Baseline baseline, boolean reused) {
    public boolean ok() {
      return build.ok() && baseline != null;
    }
  }

  /** How a built copy is made: its build tool's settings and the limits of the build and of each test run. */
  public record Settings(MavenBuild maven, Limits buildLimits, Limits testLimits, Path localRepository) {
    /**
     * Maven as the user runs it (online, against their {@code ~/.m2}: a repository's build plugins are often
     * not there yet), {@link Limits#defaults} for the build and the baseline, {@code testTimeout} for each
     * check: the driver and every step must agree on these.
     */
    public static Settings standard(java.time.Duration testTimeout) {
      Limits build = Limits.defaults();
      Path m2 = MavenBuild.defaultLocalRepository();
      return new Settings(new MavenBuild(false, m2), build, build.withTimeout(testTimeout), m2);
    }
  }

  private BuiltCopy() {}

  /** The folder under {@code execCache} for {@code repo} at {@code commit}. */
  public static Path folder(Path execCache, String repo, String commit) {
    String safe = repo.replaceAll("[^A-Za-z0-9._-]", "_");
    return execCache.resolve(safe + "-" + commit);
  }

  /** The built copy in {@code dir}, built (checkout, build, baseline) if it is not there yet. */
  public static State ensure(Path dir, Path gitDir, String commit, Settings settings) {
    Path key = dir.toAbsolutePath().normalize();
    synchronized (LOCKS.computeIfAbsent(key, k -> new Object())) {
      try {
        Files.createDirectories(key);
        try (FileChannel ch = FileChannel.open(key.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.lock()) {
          State found = read(key);
          if (found != null) {
            return found;
          }
          return build(key, gitDir, commit, settings);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot build " + commit + " in " + key, e);
      }
    }
  }

  /** The built copy in {@code dir} if a build finished there (and, when it built, its baseline too). */
  public static State read(Path dir) throws IOException {
    Path buildFile = dir.resolve("build.json");
    if (!Files.isRegularFile(buildFile)) {
      return null;
    }
    BuildResult build = JSON.readValue(buildFile.toFile(), BuildResult.class);
    Path work = dir.resolve("work");
    if (!build.ok()) {
      return new State(work, build, null, true);
    }
    Path baselineFile = dir.resolve("baseline.json");
    if (!Files.isRegularFile(baselineFile) || !Files.isDirectory(work)) {
      return null;
    }
    return new State(work, build, JSON.readValue(baselineFile.toFile(), Baseline.class), true);
  }

  private static State build(Path dir, Path gitDir, String commit, Settings s) throws IOException {
    Path work = dir.resolve("work");
    ChildProcess.deleteTree(work);
    Files.deleteIfExists(dir.resolve("baseline.json"));
    WorkCopy.checkout(gitDir, commit, work);
    BuildResult build = s.maven().build(work, s.buildLimits());
    write(dir.resolve("build.json"), build);
    if (!build.ok()) {
      return new State(work, build, null, false);
    }
    // the whole suite, twice: under the build's limit, not one check's
    TestRun run = TestRun.forBuild(work, build, s.buildLimits(), s.localRepository());
    Baseline baseline = Baseline.of(run);
    write(dir.resolve("baseline.json"), baseline);
    return new State(work, build, baseline, false);
  }

  /** Written beside and moved into place, so a reader never sees half a file. */
  private static void write(Path file, Object value) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value), StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The build tool a commit's tree declares at its root ({@link BuildTool#detect}'s rule), read from git
   * without writing a work copy, so a repository with no Maven build is told before anything is checked out.
   */
  public static BuildTool buildTool(Path gitDir, String commit) {
    try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
        RevWalk walk = new RevWalk(repo);
        TreeWalk tree = new TreeWalk(repo)) {
      tree.addTree(walk.parseCommit(repo.resolve(commit + "^{commit}")).getTree());
      tree.setRecursive(false);
      java.util.Set<String> names = new java.util.HashSet<>();
      while (tree.next()) {
        names.add(tree.getNameString());
      }
      if (names.contains("mvnw") || names.contains("pom.xml")) {
        return BuildTool.MAVEN;
      }
      if (names.contains("gradlew") || names.contains("build.gradle") || names.contains("build.gradle.kts")) {
        return BuildTool.GRADLE;
      }
      return BuildTool.NONE;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + commit + " of " + gitDir, e);
    }
  }

  /** The test run of a built state, with the project's own launcher version. */
  public static TestRun testRun(State state, Settings s) {
    return TestRun.forBuild(state.workCopy(), state.build(), s.testLimits(), s.localRepository());
  }
}
