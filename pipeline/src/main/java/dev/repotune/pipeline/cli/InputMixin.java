package dev.repotune.pipeline.cli;

import dev.repotune.extractors.ExtractionException;
import dev.repotune.extractors.git.RepositoryReader;
import dev.repotune.extractors.git.ResolvedRepository;
import dev.repotune.pipeline.OutputGuard;
import dev.repotune.pipeline.RepotuneOptions;
import dev.repotune.pipeline.RepotunePipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What is read: the repositories (arguments and --repos), at which ref, and which of their files. */
final class InputMixin {
  /** A folder name and a dataset key that need no quoting, and a name the system prompt can say. */
  private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  @Recorded(config = false)
  @Parameters(
      paramLabel = "<git-url|path>[@ref]",
      description = "One or more repositories: https://, file:// or a local path, each optionally @REF."
          + " Runner options go after --, e.g. -- --targetParallelism=4.")
  List<String> positional = new ArrayList<>();

  @Recorded(config = false)
  @Option(names = "--repos", paramLabel = "FILE", description = "More repositories, one URL[@ref] a line (# comments).")
  Path reposFile;

  @Recorded(config = false)
  @Option(names = "--ref", description = "Branch, tag or commit (default: ${DEFAULT-VALUE}).", defaultValue = "HEAD")
  String ref;

  /** Overrides the name read off the URL or the build file: rows, prompts, dataset keys and --out use it. */
  @Recorded
  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The repository's name in rows, prompts and dataset keys (default: from the URL, else the build file).")
  String name;

  @Recorded
  @Option(names = "--include", description = "Glob of paths to keep; repeatable.")
  List<String> include = new ArrayList<>();

  @Recorded
  @Option(names = "--exclude", description = "Glob of paths to skip; repeatable.")
  List<String> exclude = new ArrayList<>();

  /** The reader's own default: the same files are skipped whether it is read from here or as a library. */
  @Recorded(shown = Recorded.Shown.NEVER)
  @Option(
      names = "--max-file-bytes",
      description = "Skip larger files (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + RepositoryReader.DEFAULT_MAX_FILE_BYTES)
  long maxFileBytes;

  /** Beam's options: the words after {@code --}, which picocli hands over as positional ones. */
  List<String> beamArgs() {
    return positional.stream().filter(p -> p.startsWith("-")).toList();
  }

  /** The repositories as given (URL with an optional @ref): the arguments, then {@code --repos}' lines. */
  List<String> sources() {
    List<String> sources = new ArrayList<>(positional.stream().filter(p -> !p.startsWith("-")).toList());
    if (reposFile != null) {
      try {
        for (String line : Files.readAllLines(reposFile)) {
          String t = line.strip();
          if (!t.isEmpty() && !t.startsWith("#")) {
            sources.add(t);
          }
        }
      } catch (IOException e) {
        throw new ExitException(ExitCodes.BAD_INPUT, "cannot read --repos " + reposFile + " (" + e.getMessage() + ")");
      }
    }
    Usage.check(!sources.isEmpty(), "name a repository to read: repotune generate <git-url|path> (or --repos FILE)");
    Usage.check(
        name == null || sources.size() == 1,
        "--name names one repository, but " + sources.size() + " were given; drop --name or read them one at a time");
    return sources;
  }

  void validate() {
    Usage.check(maxFileBytes >= 1, "--max-file-bytes must be positive, got " + maxFileBytes);
    if (name != null && !VALID_NAME.matcher(name).matches()) {
      throw Usage.error(
          "--name must be letters, digits, '-', '_' or '.', starting with a letter or digit, at most 64 characters; got '"
              + shown(name) + "'");
    }
  }

  /** Clones or fetches each source into the cache and pins its ref to a commit; names must differ. */
  List<ResolvedRepository> resolve(List<String> sources, Path cache, PrintWriter err) throws IOException {
    List<ResolvedRepository> repos = new ArrayList<>();
    for (String s : sources) {
      ResolvedRepository r = resolve(s, cache, err);
      if (repos.stream().anyMatch(other -> other.name().equals(r.name()))) {
        throw Usage.error("two repositories are both named " + r.name() + "; rows are told apart by name, so give one of them once");
      }
      repos.add(r);
    }
    return repos;
  }

  private ResolvedRepository resolve(String source, Path cache, PrintWriter err) throws IOException {
    String[] urlAndRef = splitRef(source, ref);
    try (RepositoryReader reader = RepositoryReader.open(urlAndRef[0]).ref(urlAndRef[1]).cacheDir(cache)) {
      ResolvedRepository resolved = reader.resolve();
      reader.warnings().forEach(w -> err.println("repotune: warning: " + w));
      return name == null ? resolved : resolved.withName(name);
    } catch (ExtractionException e) { // a RefNotFoundException too
      throw new ExitException(ExitCodes.BAD_INPUT, e.getMessage(), e);
    }
  }

  /** The bad --name for its message: control characters shown as '?', a long one cut short. */
  private static String shown(String value) {
    String v = value.replaceAll("\\p{Cntrl}", "?");
    return v.length() <= 80 ? v : v.substring(0, 60) + "...";
  }

  /** {@code URL@REF}: a ref after the last '/' (an '@' before it is a user, as in git@host:org/repo). */
  static String[] splitRef(String source, String defaultRef) {
    int at = source.lastIndexOf('@');
    if (at > source.lastIndexOf('/') && at > 0 && at < source.length() - 1) {
      return new String[] {source.substring(0, at), source.substring(at + 1)};
    }
    return new String[] {source, defaultRef};
  }

  /**
   * The folders no --out may be, hold or (the first ones) lie in: each repository read (its path as given
   * and its git folder), the cache; and the home folder, the current folder and the root, which an
   * --out may lie in but never be or hold.
   */
  List<OutputGuard.Guarded> guarded(List<String> sources, List<ResolvedRepository> repos, Path cache) {
    List<OutputGuard.Guarded> g = new ArrayList<>();
    for (String s : sources) {
      Path local = RepositoryReader.localPathOf(splitRef(s, ref)[0]);
      if (local != null) {
        g.add(new OutputGuard.Guarded(local, "the repository being read", true));
      }
    }
    for (ResolvedRepository r : repos) {
      Path gitDir = r.gitDir().toAbsolutePath().normalize();
      boolean workTree = gitDir.getFileName() != null && gitDir.getFileName().toString().equals(".git");
      g.add(new OutputGuard.Guarded(workTree ? gitDir.getParent() : gitDir, "the repository being read", true));
    }
    g.add(new OutputGuard.Guarded(cache.toAbsolutePath().normalize(), "the cache", true));
    g.add(new OutputGuard.Guarded(Path.of(System.getProperty("user.home")), "your home folder", false));
    g.add(new OutputGuard.Guarded(Path.of("").toAbsolutePath(), "the current folder", false));
    g.add(new OutputGuard.Guarded(Path.of("/").toAbsolutePath().getRoot(), "the file system root", false));
    return g;
  }

  void applyTo(RepotuneOptions o, List<ResolvedRepository> repos) {
    ResolvedRepository repo = repos.get(0);
    o.setJobName("repotune-" + repo.name().replaceAll("[^A-Za-z0-9-]", "-").toLowerCase());
    o.setRepoName(repo.name());
    o.setRepoUrl(repo.url());
    o.setGitDir(repo.gitDir().toString());
    o.setRef(repo.ref());
    o.setCommit(repo.commit());
    o.setRepos(repos.stream().map(RepotunePipeline::repoEntry).toList());
    o.setInclude(include);
    o.setExclude(exclude);
    o.setMaxFileBytes(maxFileBytes);
  }
}
