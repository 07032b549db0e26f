package dev.repotune.extractors.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The first-parent line of a branch as {@link CommitInfo}s, newest first. First parent only: that is the
 * branch's own story (a merged side branch shows up once, as its merge), and every commit then has one
 * "before" to diff against.
 *
 * <p>Who wrote a commit is read here and nowhere else: it is reduced to {@link CommitInfo#botAuthor} on
 * the spot, so no name or email leaves this class. For the same reason the message is kept without its
 * trailer lines ({@code Signed-off-by: Name <email>}, {@code Co-authored-by:}, see {@link
 * CommitMessages#withoutTrailers}); the rest of it is as written.
 *
 * <p>In a shallow clone JGit cuts the line at the shallow commits (they look parentless), so the walk ends
 * there without error. Such a boundary commit is still listed with its real parent id and count, read
 * from its header: it is not a root, and {@link CommitDiffs} says {@code parent_missing} for it rather
 * than call its whole tree an addition.
 */
public final class CommitLog {
  /** Enough for most projects' whole history; a bound so a huge one (the JDK) stays a bounded job. */
  public static final int DEFAULT_MAX = 10_000;

  /**
   * Lower-cased pieces of a bot's name or email: GitHub App accounts ({@code name[bot]}, {@code
   * 123+name[bot]@users.noreply.github.com}), the dependency updaters and the Actions workflow identity.
   * A plain {@code noreply@github.com} is not here: GitHub commits a human's web edits and merges as it.
   */
  static final List<String> BOT_MARKERS =
      List.of(
          "[bot]",
          "dependabot",
          "renovate",
          "github-actions",
          "action@github.com",
          "actions@github.com",
          "greenkeeper",
          "snyk-bot");

  /**
   * The commits listed, newest first; {@code shallow}: the repository is a shallow clone, so the line
   * may end before the real root; {@code truncated}: more commits (within {@code since}) existed past
   * {@code max}.
   */
  public record Listing(List<CommitInfo> commits, boolean shallow, boolean truncated) {
    public Listing {
      commits = List.copyOf(commits);
    }
  }

  private CommitLog() {}

  /**
   * Walks the first-parent line from {@code head}: at most {@code max} commits (none when {@code max <=
   * 0}), stopping at the first commit older than {@code since} (null: no bound). Commit times are not
   * monotonic (rebases, skewed clocks); stopping at the first older one keeps the listing a contiguous
   * stretch of the line.
   */
  public static Listing of(Repository repo, ObjectId head, int max, Instant since) throws IOException {
    Set<ObjectId> shallowCommits = repo.getObjectDatabase().getShallowCommits();
    long bound = since == null ? Long.MIN_VALUE : since.getEpochSecond();
    List<CommitInfo> out = new ArrayList<>();
    boolean truncated = false;
    try (ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      walk.setFirstParent(true);
      walk.markStart(walk.parseCommit(head));
      for (RevCommit c = walk.next(); c != null; c = walk.next()) {
        if (c.getCommitTime() < bound) {
          break;
        }
        if (out.size() >= Math.max(0, max)) {
          truncated = true;
          break;
        }
        out.add(info(c, shallowCommits.contains(c)));
      }
    }
    return new Listing(out, !shallowCommits.isEmpty(), truncated);
  }

  private static CommitInfo info(RevCommit c, boolean shallowBoundary) {
    String parent = c.getParentCount() > 0 ? c.getParent(0).name() : null;
    int parents = c.getParentCount();
    if (shallowBoundary) {
      List<String> real = headerParents(c.getRawBuffer());
      parent = real.isEmpty() ? null : real.get(0);
      parents = real.size();
    }
    String message = CommitMessages.withoutTrailers(c.getFullMessage());
    return new CommitInfo(c.name(), parent, c.getCommitTime(), message, parents, isBot(c));
  }

  /** The {@code parent} lines of a raw commit header, which JGit hides for a shallow commit. */
  static List<String> headerParents(byte[] raw) {
    List<String> out = new ArrayList<>();
    String text = new String(raw, StandardCharsets.UTF_8);
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      String line = text.substring(start, end);
      if (line.isEmpty()) {
        break; // the header ends at the first empty line
      }
      if (line.startsWith("parent ")) {
        out.add(line.substring("parent ".length()).strip());
      }
      start = end + 1;
    }
    return out;
  }

  private static boolean isBot(RevCommit c) {
    return isBot(c.getAuthorIdent()) || isBot(c.getCommitterIdent());
  }

  static boolean isBot(PersonIdent who) {
    if (who == null) {
      return false;
    }
    return isBot(who.getName(), who.getEmailAddress());
  }

  /** Whether a name or email is a bot's, by {@link #BOT_MARKERS}. */
  static boolean isBot(String name, String email) {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
    String e = email == null ? "" : email.toLowerCase(Locale.ROOT);
    for (String marker : BOT_MARKERS) {
      if (n.contains(marker) || e.contains(marker)) {
        return true;
      }
    }
    return false;
  }
}
