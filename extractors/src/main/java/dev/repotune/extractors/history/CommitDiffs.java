package dev.repotune.extractors.history;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jgit.api.errors.CanceledException;
import org.eclipse.jgit.diff.DiffConfig;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RenameDetector;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.io.NullOutputStream;

/**
 * What one commit changes against its first parent, as {@link FileChange}s with texts and git's unified
 * diff. The first parent because that is what the commit did to its branch; a merge's other parents
 * bring in work already listed on its own line (or not wanted).
 *
 * <p>Cheap before it is thorough: the file count is decided from the tree comparison alone, before any
 * blob is read, so a vendoring commit of 5,000 files costs two tree walks. Each call opens its own
 * {@link ObjectReader}, {@link RevWalk} and {@link DiffFormatter} over the shared {@link Repository},
 * which JGit allows, so calls may run concurrently.
 *
 * <p>The diff is JGit's: the repository's {@code diff.algorithm} (histogram unless set), hunk headers
 * without the function-context text git appends after {@code @@}, and without git's indent heuristic, so
 * an ambiguous hunk may be slid by a line. On 396 jsoup commits 361 were byte-equal to {@code git diff
 * --histogram -M} once the {@code index} line's abbreviation and that context text are set aside.
 */
public final class CommitDiffs {
  /**
   * {@code maxFiles}: more changed files than this is a sweep (a reformat, a move, vendoring), not one
   * reviewable change; {@code maxDiffLines}: added plus removed lines over all files; {@code
   * maxFileBytes}: a side larger than this is treated as binary (never decoded).
   */
  public record Limits(int maxFiles, int maxDiffLines, long maxFileBytes) {
    /** 20 files and 2,000 lines hold nearly every hand-written commit; 1 MiB as {@code RepositoryReader}. */
    public static final Limits DEFAULT = new Limits(20, 2_000, 1L << 20);
  }

  private CommitDiffs() {}

  /**
   * The change {@code c} makes, files sorted by {@link FileChange#path()}; with no files and {@code
   * overCap} set when a cap is exceeded, or {@code parent_missing} when the first parent is not in the
   * repository (the boundary of a shallow clone).
   */
  public static CommitChange of(Repository repo, CommitInfo c, Limits limits) throws IOException {
    try (ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader);
        DiffFormatter df = new DiffFormatter(NullOutputStream.INSTANCE)) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(c.id()));
      ObjectId parentTree = null; // null: the empty tree, for a root commit
      if (c.parent() != null) {
        ObjectId parentId = ObjectId.fromString(c.parent());
        if (!reader.has(parentId, Constants.OBJ_COMMIT)) {
          return new CommitChange(c, List.of(), CommitFilters.PARENT_MISSING);
        }
        parentTree = walk.parseCommit(parentId).getTree();
      }
      df.setReader(reader, repo.getConfig());
      df.setContext(3);
      List<DiffEntry> raw = df.scan(parentTree, commit.getTree());
      // Rename and copy detection can at most halve the entries (a delete and an add become one rename):
      // twice the cap is over it whatever the detector finds, and nothing has been read yet.
      if (raw.size() > 2L * limits.maxFiles()) {
        return new CommitChange(c, List.of(), CommitFilters.TOO_MANY_FILES);
      }
      List<DiffEntry> entries = detectRenames(reader, repo, raw);
      if (entries.size() > limits.maxFiles()) {
        return new CommitChange(c, List.of(), CommitFilters.TOO_MANY_FILES);
      }
      List<FileChange> files = new ArrayList<>();
      long lines = 0;
      for (DiffEntry e : entries) {
        FileChange f = file(reader, df, e, limits.maxFileBytes());
        lines += f.added() + f.removed();
        if (lines > limits.maxDiffLines()) {
          return new CommitChange(c, List.of(), CommitFilters.DIFF_TOO_LARGE);
        }
        files.add(f);
      }
      files.sort(Comparator.comparing(FileChange::path));
      return new CommitChange(c, files, null);
    }
  }

  /** Renames and copies among the entries, with the repository's own settings (score, limit). */
  private static List<DiffEntry> detectRenames(ObjectReader reader, Repository repo, List<DiffEntry> raw)
      throws IOException {
    RenameDetector renames = new RenameDetector(reader, repo.getConfig().get(DiffConfig.KEY));
    renames.addAll(raw);
    try {
      return renames.compute(reader, NullProgressMonitor.INSTANCE);
    } catch (CanceledException e) {
      throw new IOException("rename detection was cancelled", e); // a NullProgressMonitor never cancels
    }
  }

  /**
   * Whether the commit only reformats: it changes at least one text file, and every text file it
   * changes reads the same once all whitespace is removed. A rename, an added or a deleted file is a
   * real change, however it is spaced.
   */
  public static boolean formatOnly(CommitChange ch) {
    boolean any = false;
    for (FileChange f : ch.files()) {
      if (f.binary()) {
        continue;
      }
      if (f.before() == null || f.after() == null || !f.oldPath().equals(f.newPath())) {
        return false;
      }
      if (!squeeze(f.before()).equals(squeeze(f.after()))) {
        return false;
      }
      any = true;
    }
    return any;
  }

  /** The text with every whitespace character removed. */
  static String squeeze(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (!Character.isWhitespace(ch)) {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  private static FileChange file(ObjectReader reader, DiffFormatter df, DiffEntry e, long maxFileBytes)
      throws IOException {
    String type = type(e.getChangeType());
    String oldPath = e.getChangeType() == DiffEntry.ChangeType.ADD ? null : e.getOldPath();
    String newPath = e.getChangeType() == DiffEntry.ChangeType.DELETE ? null : e.getNewPath();
    byte[] a = oldPath == null ? null : blob(reader, e.getOldId(), e.getOldMode(), maxFileBytes);
    byte[] b = newPath == null ? null : blob(reader, e.getNewId(), e.getNewMode(), maxFileBytes);
    boolean binary =
        (oldPath != null && (a == null || RawText.isBinary(a)))
            || (newPath != null && (b == null || RawText.isBinary(b)));
    if (binary) {
      return new FileChange(type, oldPath, newPath, true, null, null, "", 0, 0);
    }
    RawText ra = a == null ? RawText.EMPTY_TEXT : new RawText(a);
    RawText rb = b == null ? RawText.EMPTY_TEXT : new RawText(b);
    FileHeader header = df.toFileHeader(e);
    EditList edits = header.toEditList();
    int added = 0;
    int removed = 0;
    for (Edit edit : edits) {
      removed += edit.getLengthA();
      added += edit.getLengthB();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DiffFormatter one = new DiffFormatter(out)) {
      one.setContext(3);
      one.format(header, ra, rb);
    }
    return new FileChange(
        type, oldPath, newPath, false, a == null ? null : utf8(a), b == null ? null : utf8(b),
        out.toString(StandardCharsets.UTF_8), added, removed);
  }

  /**
   * A side's bytes, or null when it is not text to read: larger than {@code maxFileBytes}, or a gitlink
   * (a submodule's commit, no object here).
   */
  private static byte[] blob(ObjectReader reader, AbbreviatedObjectId id, FileMode mode, long maxFileBytes)
      throws IOException {
    if (mode == FileMode.GITLINK || id == null || !id.isComplete()) {
      return null;
    }
    ObjectId full = id.toObjectId();
    if (reader.getObjectSize(full, Constants.OBJ_BLOB) > maxFileBytes) {
      return null;
    }
    // The limit lets JGit hand over objects above its streaming threshold as one array.
    int limit = (int) Math.min(maxFileBytes, Integer.MAX_VALUE - 8);
    return reader.open(full, Constants.OBJ_BLOB).getCachedBytes(limit);
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String type(DiffEntry.ChangeType t) {
    return switch (t) {
      case ADD -> "add";
      case MODIFY -> "modify";
      case DELETE -> "delete";
      case RENAME -> "rename";
      case COPY -> "copy";
    };
  }
}
