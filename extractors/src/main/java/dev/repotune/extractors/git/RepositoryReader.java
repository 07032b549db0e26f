package dev.repotune.extractors.git;

import dev.repotune.extractors.StableIds;

import dev.repotune.extractors.ExtractionException;
import dev.repotune.extractors.SourceFile;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
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
 * Configure it before sharing it: the setters are not synchronized. After that, {@link #list} and
 * {@link #load} may be called from several threads (each call uses its own {@link ObjectReader} over
 * one shared {@link Repository}, which JGit allows).
 */
public final class RepositoryReader implements AutoCloseable {
  public static final long DEFAULT_MAX_FILE_BYTES = 1L << 20;

  /** Temp clones older than this are leftovers of a killed run, not a clone still in progress. */
  private static final Duration STALE_TEMP = Duration.ofHours(24);

  private static final String TEMP_PREFIX = ".tmp-";

  private final GitSource source;
  private String ref = Constants.HEAD;
  private List<String> include = List.of();
  private List<String> exclude = List.of();
  private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
  private Path cacheDir = defaultCacheDir();
  private final Map<Path, Repository> open = new LinkedHashMap<>();
  private final List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();

  private RepositoryReader(GitSource source) {
    this.source = source;
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
    checkRefLength();
    Path gitDir = source.remote ? cloneOrFetch() : localGitDir();
    Repository repo = repository(gitDir);
    try {
      if (isEmpty(repo)) {
        throw new EmptyRepositoryException(
            "repository has no commits: " + display() + " (push a commit first, or pick another repository)");
      }
      Resolved resolved = resolveRef(repo);
      return new ResolvedRepository(
          GitSource.nameOf(display()), display(), resolved.refName, resolved.commit.name(), gitDir);
    } catch (IOException e) {
      throw damaged(gitDir, e);
    }
  }

  /** Every file of the tree at the commit, sorted by path, each with its path-only skip reason. */
  public List<TreeEntry> list(ResolvedRepository resolved) throws ExtractionException {
    Repository repo = repository(resolved.gitDir());
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
    Repository repo = repository(resolved.gitDir());
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
    synchronized (open) {
      open.values().forEach(Repository::close);
      open.clear();
    }
  }

  // ---- resolve: where the git directory is ------------------------------------------------------

  private Path localGitDir() throws ExtractionException {
    Path dir;
    try {
      dir = Path.of(source.raw).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw notFound(source.raw + " is not a valid path");
    }
    if (!Files.isDirectory(dir)) {
      throw notFound("repository not found: " + dir + " does not exist (check the path, or give a git URL)");
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
    throw notFound(
        "repository not found: " + dir + " is not a git repository (give a working tree with .git, a bare repository or a git URL)");
  }

  private Path cloneOrFetch() throws ExtractionException {
    String url = display();
    Path repos = cacheDir.resolve("repos");
    Path target = repos.resolve(safeFileName(GitSource.nameOf(url)) + "-" + StableIds.sha256Hex(url.getBytes(StandardCharsets.UTF_8)).substring(0, 12) + ".git");
    if (Files.isDirectory(target)) {
      String damage = damage(target);
      if (damage == null) {
        fetch(target);
        return target;
      }
      // repos/ is repotune's own folder: a clone there that cannot be read is put aside and made again
      forget(target);
      Path aside = repos.resolve(TEMP_PREFIX + target.getFileName() + "-damaged-" + java.util.UUID.randomUUID());
      try {
        Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        deleteQuietly(aside);
      } catch (NoSuchFileException e) {
        // another run put it aside first
      } catch (IOException e) {
        throw damaged(target, new IOException(damage, e));
      }
      warnings.add("the cached clone of " + url + " was damaged (" + source.scrub(damage) + "); cloned it again");
    }
    Path temp;
    try {
      Files.createDirectories(repos);
      deleteStaleTemps(repos, target.getFileName().toString());
      temp = Files.createTempDirectory(repos, TEMP_PREFIX + target.getFileName() + "-");
    } catch (IOException e) {
      if (isDiskFull(e)) {
        throw diskFull(repos, e);
      }
      throw new ExtractionException(
          "cannot write the cache " + repos + ": " + tipMessage(e) + " (check permissions, or set REPOTUNE_CACHE)", e);
    }
    try {
      Git.cloneRepository()
          .setURI(source.transportUrl())
          .setCredentialsProvider(source.credentials())
          .setDirectory(temp.toFile())
          .setBare(true)
          .setMirror(false)
          .setCloneAllBranches(true)
          .setTagOption(TagOpt.FETCH_TAGS)
          .call()
          .close(); // before the move, so no file handle points into the temp folder
    } catch (GitAPIException | JGitInternalException e) {
      deleteQuietly(temp);
      if (isDiskFull(e)) {
        throw diskFull(repos, e);
      }
      throw transportFailure("clone", e);
    }
    try {
      // Atomic: a clone killed half way stays a ".tmp-" folder and is never mistaken for the cache.
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      deleteQuietly(temp);
      throw new ExtractionException("cannot rename a folder atomically inside " + repos + " (put the cache on a local disk)", e);
    } catch (IOException e) {
      deleteQuietly(temp);
      // Linux's rename(2) onto a non-empty folder fails with ENOTEMPTY, which the JDK reports as a plain
      // FileSystemException "Directory not empty": another run finished the same clone first, use that one
      if (!(Files.isDirectory(target) && damage(target) == null)) {
        throw new ExtractionException(
            "cannot move the clone into " + target + ": " + tipMessage(e), e);
      }
    }
    return target;
  }

  /**
   * Why the clone at {@code gitDir} cannot be read, or null when it can: its HEAD and every branch must
   * lead to a commit and a root tree that JGit reads (a pack without its index, a truncated pack or a
   * missing object fail here). A cheap check, not {@code git fsck}: a blob missing deeper down is
   * reported when it is read.
   */
  private String damage(Path gitDir) {
    Repository repo;
    try {
      repo = repository(gitDir);
    } catch (ExtractionException e) {
      return e.getMessage();
    }
    try (RevWalk walk = new RevWalk(repo)) {
      List<Ref> tips = new ArrayList<>(repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS));
      Ref head = repo.exactRef(Constants.HEAD);
      if (head == null || head.getObjectId() == null) {
        if (tips.isEmpty()) {
          return null; // an empty repository: resolve() says so
        }
      } else {
        tips.add(head);
      }
      for (Ref tip : tips) {
        if (tip.getObjectId() == null) {
          continue;
        }
        RevObject object = walk.peel(walk.parseAny(tip.getObjectId()));
        if (object instanceof RevCommit commit) {
          walk.parseHeaders(commit.getTree());
          try (TreeWalk tree = new TreeWalk(repo)) {
            tree.addTree(commit.getTree()); // reads the root tree's content, not only that it exists
          }
        }
      }
      return null;
    } catch (org.eclipse.jgit.errors.MissingObjectException e) {
      return "object " + e.getObjectId().name() + " is missing";
    } catch (IOException | RuntimeException e) {
      return tipMessage(e);
    }
  }

  private static String tipMessage(Throwable e) {
    String m = rootMessage(e);
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }

  /** Closes and forgets the open {@link Repository} of {@code gitDir}, so a new clone there is read afresh. */
  private void forget(Path gitDir) {
    synchronized (open) {
      Repository repo = open.remove(gitDir);
      if (repo != null) {
        repo.close();
      }
    }
  }

  /**
   * Warnings from {@link #resolve()} for a user to read, one line each (a damaged cached clone made
   * again); empty when there were none.
   */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  private void fetch(Path gitDir) throws ExtractionException {
    Repository repo = repository(gitDir);
    try {
      // A full sha already in the cache cannot have changed: no network needed.
      if (ObjectId.isId(ref.toLowerCase(Locale.ROOT))
          && repo.getObjectDatabase().has(ObjectId.fromString(ref.toLowerCase(Locale.ROOT)))) {
        return;
      }
    } catch (IOException e) {
      throw damaged(gitDir, e);
    }
    try {
      Git.wrap(repo)
          .fetch()
          .setRemote(Constants.DEFAULT_REMOTE_NAME)
          .setCredentialsProvider(source.credentials())
          .setRefSpecs(
              new RefSpec("+" + Constants.R_HEADS + "*:" + Constants.R_HEADS + "*"),
              new RefSpec("+" + Constants.R_TAGS + "*:" + Constants.R_TAGS + "*"))
          .setTagOpt(TagOpt.FETCH_TAGS)
          .setRemoveDeletedRefs(true)
          .call();
    } catch (GitAPIException | JGitInternalException e) {
      if (isDiskFull(e)) {
        throw diskFull(gitDir.getParent(), e);
      }
      throw transportFailure("fetch", e);
    }
  }

  /** Maps JGit's transport errors to our types by what they are, falling back to their text for auth. */
  private ExtractionException transportFailure(String action, Exception e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof NoRemoteRepositoryException
          || c instanceof InvalidRemoteException
          || c instanceof UnknownHostException) {
        return notFound(notFoundMessage(), e);
      }
      String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      // JGit has no exception type for "needs credentials"; these are its fixed texts for it.
      if (m.contains("not authorized")
          || m.contains("authentication is required")
          || m.contains("auth fail")
          || m.contains("no credentialsprovider")) {
        return notFound(notFoundMessage(), e);
      }
    }
    String hint = rootCause(e) instanceof ConnectException ? "check the network and the URL" : "check the URL and the network";
    return new ExtractionException(
        "could not " + action + " " + display() + ": " + source.scrub(rootMessage(e)) + " (" + hint + ")", e);
  }

  /**
   * Whether {@code e} or a cause of it is the file system's ENOSPC (or EDQUOT): the JDK's text for it is
   * "No space left on device", which JGit wraps in its own exceptions.
   */
  static boolean isDiskFull(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("no space left on device") || m.contains("enospc") || m.contains("disk quota exceeded")) {
        return true;
      }
      for (Throwable s : c.getSuppressed()) {
        if (isDiskFull(s)) {
          return true;
        }
      }
    }
    return false;
  }

  private ExtractionException diskFull(Path where, Throwable e) {
    return new ExtractionException(
        "no space left on device while cloning " + display() + " into " + where
            + "; free some space or choose another --cache-dir (or REPOTUNE_CACHE), then run the same command again",
        e);
  }

  private String notFoundMessage() {
    return "repository not found: "
        + display()
        + " (check the URL; a private repository needs credentials: https://TOKEN@host/... or an entry in ~/.netrc)";
  }

  /** Longest ref looked up: a ref is a file name (255 bytes a part on every common file system). */
  private static final int MAX_REF_CHARS = 1024;

  private static final int MAX_REF_PART_BYTES = 255;

  /**
   * A ref no file system can hold is no ref: said before JGit looks it up (its lookups logged a trace
   * per candidate file, "File name too long", 1.9 MB for a ref of 100,000 characters).
   */
  private void checkRefLength() throws RefNotFoundException {
    boolean tooLong = ref.length() > MAX_REF_CHARS;
    for (String part : ref.split("/")) {
      tooLong |= part.getBytes(StandardCharsets.UTF_8).length > MAX_REF_PART_BYTES;
    }
    if (tooLong) {
      throw new RefNotFoundException(
          "not a valid ref: " + shownRef() + " (" + String.format(Locale.ROOT, "%,d", ref.length())
              + " characters) is longer than a branch, a tag or a revision can be; give a branch, a tag or a commit sha");
    }
  }

  /** The ref quoted for a message, cut short when it is long. */
  private String shownRef() {
    String r = ref.replaceAll("\\p{Cntrl}", "?");
    return r.length() <= 80 ? "'" + r + "'" : "'" + r.substring(0, 60) + "...'";
  }

  // ---- resolve: which commit --------------------------------------------------------------------

  private record Resolved(String refName, RevCommit commit) {}

  private static boolean isEmpty(Repository repo) throws IOException {
    return repo.getRefDatabase().getRefs().stream().allMatch(r -> r.getObjectId() == null);
  }

  /** The ref as given, then as a branch, a tag, a remote branch, an abbreviated sha, an expression. */
  private Resolved resolveRef(Repository repo) throws IOException, ExtractionException {
    for (String name :
        List.of(ref, Constants.R_HEADS + ref, Constants.R_TAGS + ref, Constants.R_REMOTES + "origin/" + ref)) {
      Ref found = repo.exactRef(name);
      if (found != null && found.getObjectId() != null) {
        return new Resolved(found.getLeaf().getName(), commitOf(repo, found.getObjectId()));
      }
    }
    if (ref.matches("[0-9a-fA-F]{4,40}")) {
      try (ObjectReader reader = repo.newObjectReader()) {
        Collection<ObjectId> ids = reader.resolve(AbbreviatedObjectId.fromString(ref.toLowerCase(Locale.ROOT)));
        List<ObjectId> present = new ArrayList<>();
        for (ObjectId id : ids) {
          if (reader.has(id)) {
            present.add(id);
          }
        }
        if (present.size() > 1) {
          throw new RefNotFoundException(
              "ambiguous sha " + shownRef() + " in " + display() + ": " + present.size() + " objects match (give more digits)");
        }
        if (present.size() == 1) {
          return new Resolved(ref, commitOf(repo, present.get(0)));
        }
      }
    }
    try {
      ObjectId id = repo.resolve(ref + "^{commit}");
      if (id != null) {
        return new Resolved(ref, commitOf(repo, id));
      }
    } catch (RevisionSyntaxException
        | org.eclipse.jgit.errors.AmbiguousObjectException
        | org.eclipse.jgit.errors.IncorrectObjectTypeException
        | org.eclipse.jgit.errors.MissingObjectException e) {
      // not an expression either: report the ref as not found
    }
    throw new RefNotFoundException(
        "ref not found: " + shownRef() + " in " + display() + " (give a branch, a tag or a commit sha; " + knownRefs(repo) + ")");
  }

  private RevCommit commitOf(Repository repo, ObjectId id) throws IOException, ExtractionException {
    try (RevWalk walk = new RevWalk(repo)) {
      RevObject object = walk.peel(walk.parseAny(id));
      if (object instanceof RevCommit commit) {
        return commit;
      }
      throw new RefNotFoundException(
          "ref " + shownRef() + " in " + display() + " points to a " + Constants.typeString(object.getType())
              + ", not a commit (give a branch, a tag or a commit sha)");
    } catch (org.eclipse.jgit.errors.MissingObjectException e) {
      throw new RefNotFoundException("ref not found: " + shownRef() + " in " + display() + " (no such commit)", e);
    }
  }

  private static String knownRefs(Repository repo) throws IOException {
    return "branches: " + shortNames(repo, Constants.R_HEADS) + "; tags: " + shortNames(repo, Constants.R_TAGS);
  }

  private static String shortNames(Repository repo, String prefix) throws IOException {
    List<Ref> refs = repo.getRefDatabase().getRefsByPrefix(prefix);
    if (refs.isEmpty()) {
      return "none";
    }
    String names =
        refs.stream().map(r -> r.getName().substring(prefix.length())).sorted().limit(5).collect(Collectors.joining(", "));
    return refs.size() > 5 ? names + ", ... (" + refs.size() + ")" : names;
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** One open {@link Repository} per git directory, shared by all calls and closed by {@link #close}. */
  private Repository repository(Path gitDir) throws ExtractionException {
    synchronized (open) {
      Repository repo = open.get(gitDir);
      if (repo == null) {
        try {
          repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
        } catch (IOException e) {
          throw notFound("repository not found: " + gitDir + " (" + e.getMessage() + ")");
        }
        open.put(gitDir, repo);
      }
      return repo;
    }
  }

  /** The redacted URL, or for a local path its absolute form: what messages and manifests show. */
  private String display() {
    if (source.remote) {
      return GitSource.redact(source.raw);
    }
    try {
      return Path.of(source.raw).toAbsolutePath().normalize().toString();
    } catch (InvalidPathException e) {
      return source.raw;
    }
  }

  private RepositoryNotFoundException notFound(String message) {
    return new RepositoryNotFoundException(source.scrub(message));
  }

  private RepositoryNotFoundException notFound(String message, Throwable cause) {
    return new RepositoryNotFoundException(source.scrub(message), cause);
  }

  private ExtractionException damaged(Path gitDir, IOException e) {
    return new ExtractionException(
        "cannot read " + gitDir + ": " + source.scrub(rootMessage(e))
            + " (a damaged cached clone can be deleted; the next run clones it again)",
        e);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = rootCause(e);
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getMessage();
    }
    return message == null ? root.getClass().getSimpleName() : message;
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

  private static String safeFileName(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static void deleteStaleTemps(Path repos, String targetName) {
    Instant cutoff = Instant.now().minus(STALE_TEMP);
    try (Stream<Path> children = Files.list(repos)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        if (child.getFileName().toString().startsWith(TEMP_PREFIX + targetName + "-")) {
          FileTime modified = Files.getLastModifiedTime(child);
          if (modified.toInstant().isBefore(cutoff)) {
            deleteQuietly(child);
          }
        }
      }
    } catch (IOException e) {
      // leftovers only cost disk space; they are never read
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a ".tmp-" folder is never used as a clone
    }
  }
}
