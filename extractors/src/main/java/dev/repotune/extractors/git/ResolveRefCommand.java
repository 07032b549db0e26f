package dev.repotune.extractors.git;

import dev.repotune.extractors.ExtractionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Pins a ref of the git directory to one commit: the ref as given, then as a branch, a tag, a remote
 * branch, an abbreviated sha, and last a revision expression ({@code HEAD~1}). Every way of not finding
 * it is a {@link RefNotFoundException} that names what the repository does have.
 */
final class ResolveRefCommand extends ReaderCommand<ResolvedRepository> {
  /** Longest ref looked up: a ref is a file name (255 bytes a part on every common file system). */
  private static final int MAX_REF_CHARS = 1024;

  private static final int MAX_REF_PART_BYTES = 255;

  private final GitSource source;
  private final OpenRepositories repositories;
  private Path gitDir;
  private String ref = Constants.HEAD;

  private record Resolved(String refName, RevCommit commit) {}

  ResolveRefCommand(GitSource source, OpenRepositories repositories) {
    this.source = source;
    this.repositories = repositories;
  }

  /** The git directory to look in: a clone in the cache, or a local repository read in place. */
  ResolveRefCommand setGitDir(Path gitDir) {
    checkCallable();
    this.gitDir = Objects.requireNonNull(gitDir, "gitDir");
    return this;
  }

  ResolveRefCommand setRef(String ref) {
    checkCallable();
    this.ref = Objects.requireNonNull(ref, "ref");
    return this;
  }

  @Override
  public ResolvedRepository call() throws ExtractionException {
    markCalled();
    Objects.requireNonNull(gitDir, "setGitDir first");
    Repository repo = repositories.get(gitDir);
    try {
      if (isEmpty(repo)) {
        throw new EmptyRepositoryException(
            "repository has no commits: " + display() + " (push a commit first, or pick another repository)");
      }
      Resolved resolved = resolveRef(repo);
      String name = RepositoryName.of(display(), () -> RepositoryName.fromBuildFile(repo, resolved.commit));
      return new ResolvedRepository(name, display(), resolved.refName, resolved.commit.name(), gitDir);
    } catch (IOException e) {
      throw ReaderErrors.damaged(source, gitDir, e);
    }
  }

  /**
   * A ref no file system can hold is no ref: said before anything is cloned and before JGit looks it up
   * (its lookups logged a trace per candidate file, "File name too long", 1.9 MB for a ref of 100,000
   * characters).
   */
  static void checkRefLength(String ref) throws RefNotFoundException {
    boolean tooLong = ref.length() > MAX_REF_CHARS;
    for (String part : ref.split("/")) {
      tooLong |= part.getBytes(StandardCharsets.UTF_8).length > MAX_REF_PART_BYTES;
    }
    if (tooLong) {
      throw new RefNotFoundException(
          "not a valid ref: " + shown(ref) + " (" + String.format(Locale.ROOT, "%,d", ref.length())
              + " characters) is longer than a branch, a tag or a revision can be; give a branch, a tag or a commit sha");
    }
  }

  /** The ref quoted for a message, cut short when it is long. */
  private static String shown(String ref) {
    String r = ref.replaceAll("\\p{Cntrl}", "?");
    return r.length() <= 80 ? "'" + r + "'" : "'" + r.substring(0, 60) + "...'";
  }

  private String shownRef() {
    return shown(ref);
  }

  private String display() {
    return source.display();
  }

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
}
