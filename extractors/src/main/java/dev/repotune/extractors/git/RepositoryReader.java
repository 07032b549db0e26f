package dev.repotune.extractors.git;

import dev.repotune.extractors.ExtractionException;
import dev.repotune.extractors.SourceFile;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FS;

/**
 * Reads one git repository at one commit: {@link #resolve()} pins the commit (cloning or fetching a
 * URL into the cache), {@link #list} walks its tree and decides what path alone can decide,
 * {@link #load} reads one blob into a {@link SourceFile} or a content-based skip reason.
 *
 * <pre>{@code
 * try (RepositoryReader reader = RepositoryReader.open(url).ref("v2.11.0").exclude(List.of("**\/test/**"))) {
 *   ResolvedRepository repo = reader.resolve();
 *   for (TreeEntry entry : reader.list(repo)) {
 *     FileOutcome outcome = reader.load(repo, entry);
 *   }
 * }
 * }</pre>
 *
 * The facade in JGit's porcelain shape: {@link #resolve()} runs one single-use command per step, each
 * from its factory here ({@link #cachedClone()} for the clone cache, {@link #resolveRef} for the
 * commit), over the repositories this reader keeps open until {@link #close}.
 *
 * <p>Configure it before sharing it: the setters are not synchronized. After that, {@link #list} and
 * {@link #load} may be called from several threads (each call uses its own {@link ObjectReader} over
 * one shared {@link Repository}, which JGit allows).
 */
public final class RepositoryReader implements AutoCloseable {
  public static final long DEFAULT_MAX_FILE_BYTES = 1L << 20;

  private final GitSource source;
  private String ref = Constants.HEAD;
  private List<String> include = List.of();
  private List<String> exclude = List.of();
  private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
  private Path cacheDir = defaultCacheDir();
  private final OpenRepositories repositories;
  private final List<String> warnings = new CopyOnWriteArrayList<>();

  private RepositoryReader(GitSource source) {
    this.source = source;
    this.repositories = new OpenRepositories(source);
  }

  /**
   * A reader for an {@code https://}, {@code http://}, {@code ssh://}, {@code git@host:path} or
   * {@code file://} URL (cloned into the cache), or a local working tree or bare repository (read in
   * place). Nothing is read until {@link #resolve()}.
   */
  public static RepositoryReader open(String source) {
    Objects.requireNonNull(source, "source");
    if (source.isBlank()) {
      throw new IllegalArgumentException("no repository given: pass a git URL or a local path");
    }
    return new RepositoryReader(new GitSource(source.strip()));
  }

  /**
   * The folder on this machine a source reads (a path, or a {@code file:} URL's), or null for a remote
   * one: what an output folder must stay out of.
   */
  public static Path localPathOf(String source) {
    return new GitSource(source.strip()).localPath();
  }

  /** The URL or path without credentials: safe for messages, logs and manifests. */
  public static String redactUrl(String url) {
    return GitSource.redact(url);
  }

  /** A branch, tag, full or abbreviated commit sha, or a revision expression; default HEAD. */
  public RepositoryReader ref(String ref) {
    Objects.requireNonNull(ref, "ref");
    if (ref.isBlank()) {
      throw new IllegalArgumentException("empty ref: give a branch, a tag or a commit sha");
    }
    this.ref = ref.strip();
    return this;
  }

  /** Globs ({@code PathMatcher} "glob:") over repo-relative paths; empty means every file. */
  public RepositoryReader include(List<String> globs) {
    PathRules.matchers(globs); // fail now on a bad glob
    this.include = List.copyOf(globs);
    return this;
  }

  /** Globs over repo-relative paths whose files are skipped as {@link SkipReason#EXCLUDED}. */
  public RepositoryReader exclude(List<String> globs) {
    PathRules.matchers(globs);
    this.exclude = List.copyOf(globs);
    return this;
  }

  /** Files larger than this are skipped as {@link SkipReason#TOO_LARGE}; default 1 MiB. */
  public RepositoryReader maxFileBytes(long maxFileBytes) {
    if (maxFileBytes <= 0) {
      throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
    }
    this.maxFileBytes = maxFileBytes;
    return this;
  }

  /** The repotune cache root; clones live in {@code <cacheDir>/repos/}. */
  public RepositoryReader cacheDir(Path cacheDir) {
    this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir").toAbsolutePath().normalize();
    return this;
  }

  /**
   * Brings the repository up to date (clone on first use, fetch afterwards; a local path is read in
   * place) and resolves the ref to a commit.
   */
  public ResolvedRepository resolve() throws ExtractionException {
    ResolveRefCommand.checkRefLength(ref);
    Path gitDir = source.remote ? cachedClone().call() : localGitDir();
    return resolveRef(gitDir).call();
  }

  /** Every file of the tree at the commit, sorted by path, each with its path-only skip reason. */
  public List<TreeEntry> list(ResolvedRepository resolved) throws ExtractionException {
    Repository repo = repositories.get(resolved.gitDir());
    PathRules rules = new PathRules(include, exclude, maxFileBytes);
    List<TreeEntry> entries = new ArrayList<>();
    try (ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader);
        TreeWalk tree = new TreeWalk(repo, reader)) {
      tree.addTree(walk.parseCommit(ObjectId.fromString(resolved.commit())).getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        String path = tree.getPathString();
        FileMode mode = tree.getFileMode(0);
        ObjectId id = tree.getObjectId(0);
        // A gitlink names a commit of another repository: there is no object here to size.
        long size = mode == FileMode.GITLINK ? 0 : reader.getObjectSize(id, Constants.OBJ_BLOB);
        entries.add(
            new TreeEntry(path, id.name(), size, Languages.of(path), rules.skipReason(path, mode, size)));
      }
    } catch (IOException e) {
      throw damaged(resolved.gitDir(), e);
    }
    entries.sort(Comparator.comparing(TreeEntry::path));
    return entries;
  }

  /**
   * Reads one file. An entry that {@link #list} already skipped comes back skipped without reading
   * the blob; otherwise the content decides between a {@link SourceFile} and {@code binary} or
   * {@code generated}. Text is UTF-8 with malformed bytes replaced, so decoding never fails.
   */
  public FileOutcome load(ResolvedRepository resolved, TreeEntry entry) throws ExtractionException {
    if (!entry.isKept()) {
      return FileOutcome.skipped(entry.path(), entry.skipReason());
    }
    Repository repo = repositories.get(resolved.gitDir());
    byte[] bytes;
    try (ObjectReader reader = repo.newObjectReader()) {
      ObjectLoader loader = reader.open(ObjectId.fromString(entry.blobSha()), Constants.OBJ_BLOB);
      if (loader.getSize() > maxFileBytes) {
        return FileOutcome.skipped(entry.path(), SkipReason.TOO_LARGE);
      }
      // The limit lets JGit hand over objects above its streaming threshold as one array.
      bytes = loader.getCachedBytes((int) Math.min(maxFileBytes, Integer.MAX_VALUE - 8));
    } catch (IOException e) {
      throw damaged(resolved.gitDir(), e);
    }
    if (ContentRules.isBinary(bytes)) {
      return FileOutcome.skipped(entry.path(), SkipReason.BINARY);
    }
    if (ContentRules.isLfsPointer(bytes)) {
      return FileOutcome.skipped(entry.path(), SkipReason.LFS_POINTER);
    }
    String text = decode(bytes);
    if (ContentRules.isGenerated(entry.language(), text)) {
      return FileOutcome.skipped(entry.path(), SkipReason.GENERATED);
    }
    return FileOutcome.kept(
        new SourceFile(
            resolved.name(), resolved.commit(), entry.path(), entry.language(), entry.blobSha(), text));
  }

  @Override
  public void close() {
    repositories.close();
  }

  // ---- the commands of resolve() -----------------------------------------------------------------

  /** Clones or fetches this reader's URL into {@code <cacheDir>/repos/}, with this reader's ref and warnings. */
  CachedCloneCommand cachedClone() {
    return new CachedCloneCommand(source, repositories).setCacheDir(cacheDir).setRef(ref).setWarnings(warnings::add);
  }

  /** Resolves this reader's ref in {@code gitDir}. */
  ResolveRefCommand resolveRef(Path gitDir) {
    return new ResolveRefCommand(source, repositories).setGitDir(gitDir).setRef(ref);
  }

  /**
   * Warnings from {@link #resolve()} for a user to read, one line each (a damaged cached clone made
   * again); empty when there were none.
   */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** A local working tree's git directory (a {@code .git} folder or file), or a bare repository itself. */
  private Path localGitDir() throws ExtractionException {
    Path dir;
    try {
      dir = Path.of(source.raw).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw ReaderErrors.notFound(source, source.raw + " is not a valid path");
    }
    if (!Files.isDirectory(dir)) {
      throw ReaderErrors.notFound(
          source, "repository not found: " + dir + " does not exist (check the path, or give a git URL)");
    }
    if (RepositoryCache.FileKey.isGitRepository(dir.toFile(), FS.DETECTED)) {
      return dir; // a bare repository
    }
    if (Files.exists(dir.resolve(Constants.DOT_GIT))) {
      try {
        // The builder follows a ".git" file too (linked worktrees, submodules).
        File gitDir = new FileRepositoryBuilder().setWorkTree(dir.toFile()).setup().getGitDir();
        if (RepositoryCache.FileKey.isGitRepository(gitDir, FS.DETECTED)) {
          return gitDir.toPath().toAbsolutePath().normalize();
        }
      } catch (IOException | IllegalArgumentException e) {
        // fall through to "not a git repository"
      }
    }
    throw ReaderErrors.notFound(
        source,
        "repository not found: " + dir + " is not a git repository (give a working tree with .git, a bare repository or a git URL)");
  }

  private ExtractionException damaged(Path gitDir, IOException e) {
    return ReaderErrors.damaged(source, gitDir, e);
  }

  private static String decode(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8); // replaces malformed input, never throws
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static Path defaultCacheDir() {
    String env = System.getenv("REPOTUNE_CACHE");
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    return Path.of(System.getProperty("user.home"), ".cache", "repotune");
  }
}
