package dev.repotune.extractors.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a Maven work copy once (main and test classes, no tests run) and asks Maven for the test
 * classpath, so the tests can then be run many times by the console launcher without a Maven start each.
 * A build that fails is a result, never an exception: javapoet does not build on Java 17, for one.
 */
public final class MavenBuild {
  /**
   * The dependency plugin is named with its version, so a project that does not pin it resolves it offline
   * too. 2.8: of the versions in this machine's ~/.m2 it is the one whose own dependencies are all there
   * (3.6.1 to 3.11.0 each lack a jar offline); build-classpath and get work the same in it.
   */
  static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:2.8";

  static final int ERROR_LINES = 20;

  private final boolean offline;
  private final Path localRepository;

  /** Offline, against the user's own {@code ~/.m2/repository}: the only way this machine resolves anything. */
  public MavenBuild() {
    this(true, defaultLocalRepository());
  }

  /**
   * {@code localRepository} is passed as {@code maven.repo.local}: the child's HOME is a fresh folder, so
   * Maven would otherwise look for its artifacts in an empty repository.
   */
  public MavenBuild(boolean offline, Path localRepository) {
    this.offline = offline;
    this.localRepository = localRepository;
  }

  public static Path defaultLocalRepository() {
    return Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  public BuildResult build(Path workCopy, Limits limits) {
    Path dir = workCopy.toAbsolutePath().normalize();
    Path home = ChildProcess.freshHome(dir);
    try {
      return build(dir, home, limits);
    } finally {
      ChildProcess.deleteTree(home);
    }
  }

  private BuildResult build(Path dir, Path home, Limits limits) {
    long start = System.nanoTime();
    Map<String, String> env = Map.of("MAVEN_OPTS", limits.xmx() + " -Duser.home=" + home);
    List<String> compile = new ArrayList<>(command(dir));
    compile.addAll(List.of("-DskipTests", "test-compile"));
    ChildProcess.Result built = ChildProcess.run(compile, dir, home, env, limits);
    if (!built.ok()) {
      return BuildResult.failed(errorLines(built), millisSince(start));
    }
    Path cpFile;
    try {
      cpFile = Files.createTempFile(dir.getParent(), "classpath-", ".txt");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the classpath file beside " + dir, e);
    }
    List<String> classpath = new ArrayList<>(command(dir));
    classpath.addAll(
        List.of(
            DEPENDENCY_PLUGIN + ":build-classpath", "-Dmdep.outputFile=" + cpFile, "-Dmdep.includeScope=test"));
    ChildProcess.Result listed = ChildProcess.run(classpath, dir, home, env, limits);
    if (!listed.ok()) {
      ChildProcess.deleteTree(cpFile);
      return BuildResult.failed(errorLines(listed), millisSince(start));
    }
    List<Path> cp = new ArrayList<>();
    try {
      cp.addAll(readClasspath(dir, cpFile));
    } catch (IOException e) {
      return BuildResult.failed(List.of("Maven wrote no classpath file: " + e.getMessage()), millisSince(start));
    } finally {
      ChildProcess.deleteTree(cpFile);
    }
    return BuildResult.built(cp, millisSince(start));
  }

  private static List<Path> readClasspath(Path dir, Path cpFile) throws IOException {
    List<Path> cp = new ArrayList<>();
    cp.add(dir.resolve("target/test-classes"));
    cp.addAll(releaseFolders(dir.resolve("target/classes")));
    cp.add(dir.resolve("target/classes"));
    String text = Files.readString(cpFile, StandardCharsets.UTF_8).strip();
    for (String entry : text.split(java.io.File.pathSeparator)) {
      if (!entry.isBlank()) {
        cp.add(Path.of(entry.strip()));
      }
    }
    return cp;
  }

  /**
   * The work copy's {@code mvnw} when online; offline, {@code mvn} on PATH, since a wrapper would have to
   * download its Maven into the fresh HOME. Falls back to the wrapper when PATH has no {@code mvn}.
   */
  List<String> command(Path dir) {
    List<String> cmd = new ArrayList<>();
    Path wrapper = dir.resolve("mvnw");
    boolean useWrapper = Files.isRegularFile(wrapper) && (!offline || !onPath("mvn"));
    if (useWrapper) {
      cmd.addAll(List.of("sh", wrapper.toString()));
    } else {
      cmd.add("mvn");
    }
    cmd.add("-B");
    cmd.add("-q");
    if (offline) {
      cmd.add("-o");
    }
    cmd.add("-Dmaven.repo.local=" + localRepository);
    return cmd;
  }

  /**
   * A multi-release project's {@code META-INF/versions/N} class folders for N up to this JVM's release,
   * newest first: a jar would pick them itself, a class folder does not (jsoup's HttpClientExecutor lives in
   * versions/11 and its tests fail without it).
   */
  static List<Path> releaseFolders(Path classes) {
    Path versions = classes.resolve("META-INF/versions");
    if (!Files.isDirectory(versions)) {
      return List.of();
    }
    int runtime = Runtime.version().feature();
    try (var list = Files.list(versions)) {
      return list.filter(p -> p.getFileName().toString().matches("\\d+"))
          .filter(p -> Integer.parseInt(p.getFileName().toString()) <= runtime)
          .sorted(java.util.Comparator.comparingInt((Path p) -> Integer.parseInt(p.getFileName().toString()))
              .reversed())
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The last lines that mention ERROR (the compiler's own lines among them), else the output's tail. */
  static List<String> errorLines(ChildProcess.Result result) {
    List<String> errors = new ArrayList<>();
    for (String line : result.tail()) {
      if (line.contains("ERROR") && !isMavenBoilerplate(line) && !errors.contains(line)) {
        errors.add(line);
      }
    }
    List<String> chosen = errors.isEmpty() ? result.tail() : errors;
    List<String> out = new ArrayList<>();
    if (result.timedOut()) {
      out.add("build timed out after " + result.millis() + " ms");
    }
    out.addAll(chosen.subList(Math.max(0, chosen.size() - ERROR_LINES), chosen.size()));
    if (out.isEmpty()) {
      out.add("build failed with exit code " + result.exitCode() + " and no output");
    }
    return out;
  }

  /**
   * Maven's closing advice after a failure ("Re-run Maven using the -X switch", "[Help 1] http...", a bare
   * "[ERROR]"): the same on every failure, so it would crowd out the lines that say what failed.
   */
  static boolean isMavenBoilerplate(String line) {
    String t = line.replaceFirst("^\\[ERROR\\]\\s*", "").strip();
    return t.isEmpty() || t.startsWith("-> [Help") || t.startsWith("[Help ") || t.startsWith("To see the full stack trace")
        || t.startsWith("Re-run Maven") || t.startsWith("For more information about the errors")
        || t.startsWith("After correcting the problems") || t.startsWith("mvn <args> -rf") || t.equals("COMPILATION ERROR :");
  }

  private static boolean onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
