package dev.repotune.extractors.exec;

import dev.repotune.extractors.java.JavaChunker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.io.NullOutputStream;

/**
 * Replays one history commit the way SWE-bench builds an instance from a pull request: the commit's tests are
 * run at the parent with only the commit's test files applied (before), then with the rest of the commit too
 * (after). A test that passes after but not before is one the fix makes pass (FAIL_TO_PASS); one that passes
 * in both guards against breaking what worked (PASS_TO_PASS). Only a commit with at least one of the first is
 * an instance: without it the tests do not tell the fix from the bug.
 *
 * <p>One work copy serves both sides: the after build is Maven's incremental compile over the before build,
 * so a replay costs two builds and two test runs, not two checkouts and two clean builds.
 */
public final class FixReplay {
  /** Why a commit is or is not an instance; {@link #wireName()} is the reject reason written out. */
  public enum Status {
    INSTANCE,
    NO_PARENT,
    NO_TEST_CHANGE,
    NO_FIX,
    BEFORE_DOES_NOT_BUILD,
    AFTER_DOES_NOT_BUILD,
    NO_FAIL_TO_PASS,
    TIMED_OUT;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One replay. {@code patch} and {@code testPatch} are git diffs parent → commit ({@code diff --git} headers,
   * applicable with {@code git apply} at {@code baseCommit}) of the fix files and of the test files; they are
   * filled whenever the commit has a parent, rejected or not. {@code failToPass} and {@code passToPass} are
   * {@link TestOutcome#key()}s, sorted. {@code buildCommand} and {@code testCommand} are the shell lines a
   * user runs at the work copy's root to build and to run {@code testClasses}: see {@link ShellCommands}. {@code commitMessage} is the commit's full message, the raw material of a problem
   * statement.
   */
  public record Result(
      Status status, String detail, String commit, String baseCommit, String patch, String testPatch,
      List<String> failToPass, List<String> passToPass, List<String> testClasses, String buildCommand,
      String testCommand, long millis, String commitMessage)
      implements Serializable {
    public Result {
      failToPass = List.copyOf(failToPass);
      passToPass = List.copyOf(passToPass);
      testClasses = List.copyOf(testClasses);
    }

    public boolean isInstance() {
      return status == Status.INSTANCE;
    }
  }

  private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");

  private final MavenBuild maven;
  private final Limits limits;
  private final Path localRepository;

  /** {@code localRepository} is where the test launcher's jar is looked up, as {@link TestRun#forBuild} does. */
  public FixReplay(MavenBuild maven, Limits limits, Path localRepository) {
    this.maven = maven;
    this.limits = limits;
    this.localRepository = localRepository;
  }

  /**
   * Replays {@code commit} of the repository at {@code gitDir} in {@code scratch}, which belongs to this
   * call: whatever is in it is removed before and after. A build or run that fails is a status, never an
   * exception; only an unreadable repository or an unknown commit throws.
   */
  public Result replay(Path gitDir, String commit, Path scratch) {
    long start = System.nanoTime();
    ChildProcess.deleteTree(scratch);
    try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
        RevWalk walk = new RevWalk(repo)) {
      ObjectId id = repo.resolve(commit + "^{commit}");
      if (id == null) {
        throw new IllegalArgumentException("no commit " + commit + " in " + gitDir);
      }
      RevCommit rev = walk.parseCommit(id);
      Draft d = new Draft(rev.getName(), rev.getFullMessage(), start);
      if (rev.getParentCount() == 0) {
        return d.end(Status.NO_PARENT, "a root commit has no base to replay on");
      }
      RevCommit parent = walk.parseCommit(rev.getParent(0));
      d.baseCommit = parent.getName();
      List<DiffEntry> entries = changes(repo, parent.getTree(), rev.getTree());
      List<DiffEntry> tests = new ArrayList<>();
      List<DiffEntry> fix = new ArrayList<>();
      for (DiffEntry e : entries) {
        (isTestPath(path(e)) ? tests : fix).add(e);
      }
      d.patch = format(repo, fix);
      d.testPatch = format(repo, tests);
      d.testClasses = testClasses(repo, rev.getTree(), tests);
      if (d.testClasses.isEmpty()) {
        return d.end(Status.NO_TEST_CHANGE, "the commit adds or changes no test .java file");
      }
      if (fix.isEmpty()) {
        return d.end(Status.NO_FIX, "the commit changes only test files");
      }
      try {
        return replayOn(repo, gitDir, rev.getTree(), parent.getName(), tests, fix, scratch, d);
      } finally {
        ChildProcess.deleteTree(scratch);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + commit + " of " + gitDir, e);
    }
  }

  private Result replayOn(
      Repository repo, Path gitDir, RevTree commitTree, String parent, List<DiffEntry> tests, List<DiffEntry> fix,
      Path scratch, Draft d) throws IOException {
    Path work = WorkCopy.checkout(gitDir, parent, scratch.resolve("work"));
    d.buildCommand = ShellCommands.build(work);
    overlay(repo, commitTree, tests, work);
    BuildResult before = maven.build(work, limits);
    if (!before.ok()) {
      return d.end(timedOut(before) ? Status.TIMED_OUT : Status.BEFORE_DOES_NOT_BUILD,
          "at the parent with the test patch: " + before.errorText());
    }
    TestRun.Selection selection = new TestRun.Selection(d.testClasses, List.of());
    d.testCommand = ShellCommands.test(ShellCommands.launcherVersion(before), d.testClasses, List.of());
    TestRun.Result beforeRun = TestRun.forBuild(work, before, limits, localRepository).run(selection);
    if (beforeRun.process().timedOut()) {
      return d.end(Status.TIMED_OUT, "the tests timed out at the parent with the test patch after "
          + beforeRun.process().millis() + " ms");
    }
    overlay(repo, commitTree, fix, work);
    BuildResult after = maven.build(work, limits);
    if (!after.ok()) {
      return d.end(timedOut(after) ? Status.TIMED_OUT : Status.AFTER_DOES_NOT_BUILD,
          "at the commit: " + after.errorText());
    }
    d.testCommand = ShellCommands.test(ShellCommands.launcherVersion(after), d.testClasses, List.of());
    TestRun.Result afterRun = TestRun.forBuild(work, after, limits, localRepository).run(selection);
    if (afterRun.process().timedOut()) {
      return d.end(Status.TIMED_OUT, "the tests timed out at the commit after "
          + afterRun.process().millis() + " ms");
    }
    Map<String, TestOutcome.Status> was = byKey(beforeRun.outcomes());
    Map<String, TestOutcome.Status> now = byKey(afterRun.outcomes());
    TreeSet<String> failToPass = new TreeSet<>();
    TreeSet<String> passToPass = new TreeSet<>();
    for (Map.Entry<String, TestOutcome.Status> e : now.entrySet()) {
      if (e.getValue() != TestOutcome.Status.PASSED) {
        continue;
      }
      (was.get(e.getKey()) == TestOutcome.Status.PASSED ? passToPass : failToPass).add(e.getKey());
    }
    d.failToPass = List.copyOf(failToPass);
    d.passToPass = List.copyOf(passToPass);
    String counts = "before: " + summary(beforeRun) + "; after: " + summary(afterRun);
    if (failToPass.isEmpty()) {
      return d.end(Status.NO_FAIL_TO_PASS, "no test goes from failing to passing (" + counts + ")");
    }
    return d.end(Status.INSTANCE, counts);
  }

  /** What one replay has found so far; {@link #end} turns it into a result with the status it ends on. */
  private static final class Draft {
    final String commit;
    final String message;
    final long start;
    String baseCommit = "";
    String patch = "";
    String testPatch = "";
    List<String> testClasses = List.of();
    List<String> failToPass = List.of();
    List<String> passToPass = List.of();
    String buildCommand = "";
    String testCommand = "";

    Draft(String commit, String message, long start) {
      this.commit = commit;
      this.message = message;
      this.start = start;
    }

    Result end(Status status, String detail) {
      return new Result(status, detail, commit, baseCommit, patch, testPatch, failToPass, passToPass,
          testClasses, buildCommand, testCommand, (System.nanoTime() - start) / 1_000_000, message);
    }
  }

  /** Test files by the rule the rest of repotune uses ({@link JavaChunker#isTestPath}). */
  public static boolean isTestPath(String path) {
    return JavaChunker.isTestPath(path);
  }

  /**
   * The classes to run: each test {@code .java} file the commit adds or changes, named by its own package
   * declaration (so any test source root works) and file name. Files under a {@code resources} folder are
   * data for the tests (a parser's inputs), not classes the build compiles.
   */
  static List<String> testClasses(Repository repo, RevTree commitTree, List<DiffEntry> tests) throws IOException {
    TreeSet<String> classes = new TreeSet<>();
    for (DiffEntry e : tests) {
      String path = e.getNewPath();
      if (e.getChangeType() == DiffEntry.ChangeType.DELETE || !path.endsWith(".java")
          || ("/" + path).contains("/resources/")) {
        continue;
      }
      try (TreeWalk tw = TreeWalk.forPath(repo, path, commitTree)) {
        if (tw == null || (!tw.getFileMode(0).equals(FileMode.REGULAR_FILE)
            && !tw.getFileMode(0).equals(FileMode.EXECUTABLE_FILE))) {
          continue;
        }
        String text = new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        classes.add(className(path, text));
      }
    }
    return List.copyOf(classes);
  }

  /** {@code a/b/CTest.java} with {@code package x.y;} → {@code x.y.CTest}; no package → {@code CTest}. */
  static String className(String path, String source) {
    String file = path.substring(path.lastIndexOf('/') + 1);
    String simple = file.substring(0, file.length() - ".java".length());
    Matcher m = PACKAGE.matcher(source);
    return m.find() ? m.group(1) + "." + simple : simple;
  }


  /** MavenBuild puts this line first when its child was killed at the time limit. */
  private static boolean timedOut(BuildResult build) {
    return !build.errorLines().isEmpty() && build.errorLines().get(0).startsWith("build timed out after");
  }

  /** Every path that differs, renames left as a delete and an add, so each path is in one group only. */
  private static List<DiffEntry> changes(Repository repo, RevTree parent, RevTree commit) throws IOException {
    try (DiffFormatter df = new DiffFormatter(NullOutputStream.INSTANCE)) {
      df.setRepository(repo);
      df.setDetectRenames(false);
      return df.scan(parent, commit);
    }
  }

  /**
   * The entries as one git diff. Context 3 and no prefix change, so {@code git apply} (and JGit's
   * ApplyCommand) take it as it is. A binary file is only named ({@code Binary files differ}), as JGit writes
   * no binary patches.
   */
  static String format(Repository repo, List<DiffEntry> entries) throws IOException {
    if (entries.isEmpty()) {
      return "";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DiffFormatter df = new DiffFormatter(out)) {
      df.setRepository(repo);
      df.setDetectRenames(false);
      df.setContext(3);
      df.format(entries);
      df.flush();
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Writes the commit's side of each entry onto the work copy: its blob, or no file for a delete. */
  private static void overlay(Repository repo, RevTree commitTree, List<DiffEntry> entries, Path work)
      throws IOException {
    Path root = work.toAbsolutePath().normalize();
    try (ObjectReader reader = repo.newObjectReader()) {
      for (DiffEntry e : entries) {
        String path = path(e);
        Path target = root.resolve(path).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
          throw new IllegalStateException("tree path escapes the work copy: " + path);
        }
        if (e.getChangeType() == DiffEntry.ChangeType.DELETE) {
          Files.deleteIfExists(target);
          continue;
        }
        FileMode mode = e.getNewMode();
        if (mode == FileMode.GITLINK || mode == FileMode.SYMLINK) {
          continue; // as WorkCopy: no submodules; a link is rare in a fix and not worth the escape checks
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = reader.open(e.getNewId().toObjectId()).openStream()) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (mode == FileMode.EXECUTABLE_FILE) {
          target.toFile().setExecutable(true, false);
        }
      }
    }
  }

  private static String path(DiffEntry e) {
    return e.getChangeType() == DiffEntry.ChangeType.DELETE ? e.getOldPath() : e.getNewPath();
  }

  /** A case reported twice under one key (a rerun) counts as passing only if every report passed. */
  private static Map<String, TestOutcome.Status> byKey(List<TestOutcome> outcomes) {
    Map<String, TestOutcome.Status> map = new LinkedHashMap<>();
    for (TestOutcome o : outcomes) {
      map.merge(o.key(), o.status(), (old, now) -> old == TestOutcome.Status.PASSED ? now : old);
    }
    return map;
  }

  private static String summary(TestRun.Result run) {
    return run.count(TestOutcome.Status.PASSED) + " passed, " + run.count(TestOutcome.Status.FAILED) + " failed, "
        + run.count(TestOutcome.Status.ERRORED) + " errored of " + run.outcomes().size();
  }
}
