package dev.repotune.extractors.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which commits are no example of a developer's change, each with the reason a {@code Rejected} row
 * carries (lower_snake_case wire names, one constant each). Two steps, so the cheap one runs first:
 * {@link #skip(CommitInfo)} needs only the commit, {@link #skip(CommitChange)} its diff.
 */
public final class CommitFilters {
  public static final String MERGE = "merge";
  public static final String BOT = "bot";
  public static final String RELEASE = "release";
  public static final String REVERT_OF_REVERT = "revert_of_revert";
  public static final String FORMAT_ONLY = "format_only";
  public static final String BINARY_ONLY = "binary_only";
  public static final String NO_CHANGE = "no_change";
  public static final String VERSION_BUMP = "version_bump";
  /** Set by {@link CommitDiffs} as {@link CommitChange#overCap()}. */
  public static final String TOO_MANY_FILES = "too_many_files";
  /** Set by {@link CommitDiffs} as {@link CommitChange#overCap()}. */
  public static final String DIFF_TOO_LARGE = "diff_too_large";
  /** Set by {@link CommitDiffs}: the first parent is not in the repository (a shallow clone's boundary). */
  public static final String PARENT_MISSING = "parent_missing";

  /**
   * Subjects of release tooling and of release-by-hand: Maven's and Gradle's release plugins, "prepare
   * release", "release 1.2.3", "bump version", "update version to", snapshot iterations, and jsoup's
   * "Release prep" / "Changelog release date". Their diff is a version number or a date, their message
   * a ritual.
   */
  private static final List<Pattern> RELEASE_SUBJECTS =
      List.of(
          Pattern.compile("^\\[maven-release-plugin]"),
          Pattern.compile("^\\[gradle release plugin]"),
          Pattern.compile("^prepar(e|ing) (for )?(the )?(next )?(development|dev) (iteration|version)"),
          Pattern.compile("^prepar(e|ing) (for )?(the )?(next )?(release|version|v?\\d)"),
          Pattern.compile("^(the )?next (development|dev|snapshot) (iteration|version)"),
          Pattern.compile(
              "^(cut |tag |tagging )?(release|released|releasing)( of)? ([\\w-]+ )?(version )?[\\w.-]*\\d+\\.\\d+"),
          Pattern.compile("^(changelog )?release (prep|preparation|date)\\b"),
          Pattern.compile("^changelog (for )?(the )?release\\b"),
          Pattern.compile("^v?\\d+(\\.\\d+)+\\S* release\\b"),
          Pattern.compile("^bump(ed|s|ing)? (the )?(project |pom |release )?(version|to v?\\d|v?\\d+\\.\\d+)"),
          Pattern.compile("^(update|updated|updating|set|change|changed) (the )?(project |pom )?version"
              + "( number)? (to|for)\\b"),
          Pattern.compile("-snapshot\\b"));

  private static final Set<String> BUILD_FILES = Set.of("pom.xml", "gradle.properties");

  /** A version string in a build file: 1.2, 1.2.3, 1.2.3-SNAPSHOT, 2.0.0.RC1, 1.0-beta-2. */
  private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)+([-.][A-Za-z0-9]+)*|[A-Za-z0-9.]*-SNAPSHOT");

  private static final Pattern PULL_REQUEST_MERGE = Pattern.compile("^Merge pull request #\\d+ from \\S+\\s*\\n\\s*\\n?\\s*\\S");

  private CommitFilters() {}

  /** GitHub's "Merge pull request #12 from user/branch" followed by the pull request's title. */
  static boolean isPullRequestMerge(String message) {
    return message != null && PULL_REQUEST_MERGE.matcher(message.replace("\r\n", "\n")).find();
  }

  /**
   * The reason to drop a commit by what it is, before its diff is read; empty to keep it. A merge is
   * dropped unless it is a pull request's, with its title: on the first-parent line of a repository that
   * lands its work by merges (javapoet: 321 of 522 commits) such a merge is the pull request's whole
   * change against the line it landed on, with the title as its message; "Merge branch 'x'" says no why.
   */
  public static Optional<String> skip(CommitInfo c) {
    if (c.parents() >= 2 && !isPullRequestMerge(c.message())) {
      return Optional.of(MERGE);
    }
    if (c.botAuthor()) {
      return Optional.of(BOT);
    }
    String message = c.message() == null ? "" : c.message();
    if (message.startsWith("Revert \"Revert ")) {
      // It restores the original commit, which is its own example already.
      return Optional.of(REVERT_OF_REVERT);
    }
    if (isRelease(firstLine(message))) {
      return Optional.of(RELEASE);
    }
    return Optional.empty();
  }

  /** The reason to drop a commit by what it changes; empty to keep it. */
  public static Optional<String> skip(CommitChange ch) {
    if (ch.overCap() != null) {
      return Optional.of(ch.overCap());
    }
    if (ch.files().isEmpty()) {
      return Optional.of(NO_CHANGE);
    }
    if (ch.files().stream().allMatch(FileChange::binary)) {
      return Optional.of(BINARY_ONLY);
    }
    if (CommitDiffs.formatOnly(ch)) {
      return Optional.of(FORMAT_ONLY);
    }
    if (versionBump(ch)) {
      return Optional.of(VERSION_BUMP);
    }
    return Optional.empty();
  }

  static boolean isRelease(String subject) {
    String s = subject.strip().toLowerCase(Locale.ROOT);
    for (Pattern p : RELEASE_SUBJECTS) {
      if (p.matcher(s).find()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Only build files change ({@code pom.xml}, {@code build.gradle*}, {@code gradle.properties}), and
   * each changed line differs from a line on the other side only in its version strings: the removed
   * lines, versions masked, are the added lines, versions masked.
   */
  static boolean versionBump(CommitChange ch) {
    if (ch.files().isEmpty()) {
      return false;
    }
    for (FileChange f : ch.files()) {
      if (f.binary() || !"modify".equals(f.type()) || !isBuildFile(f.path())) {
        return false;
      }
      List<String> removed = new ArrayList<>();
      List<String> added = new ArrayList<>();
      if (!changedLines(f.diff(), removed, added) || removed.isEmpty() || removed.size() != added.size()) {
        return false;
      }
      List<String> a = masked(removed);
      List<String> b = masked(added);
      if (a == null || b == null) {
        return false;
      }
      a.sort(null);
      b.sort(null);
      if (!a.equals(b)) {
        return false;
      }
    }
    return true;
  }

  static boolean isBuildFile(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return BUILD_FILES.contains(name) || name.equals("build.gradle") || name.equals("build.gradle.kts");
  }

  /** The lines a unified diff removes and adds, its headers skipped; false when it has no hunk. */
  private static boolean changedLines(String diff, List<String> removed, List<String> added) {
    boolean inHunk = false;
    for (String line : diff.split("\n", -1)) {
      if (line.startsWith("@@")) {
        inHunk = true;
      } else if (!inHunk) {
        continue; // diff --git, index, --- a/, +++ b/
      } else if (line.startsWith("-")) {
        removed.add(line.substring(1));
      } else if (line.startsWith("+")) {
        added.add(line.substring(1));
      }
    }
    return inHunk;
  }

  /** Each line with its versions replaced by a mark and its whitespace dropped; null if one has none. */
  private static List<String> masked(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      Matcher m = VERSION.matcher(line);
      if (!m.find()) {
        return null;
      }
      out.add(CommitDiffs.squeeze(m.replaceAll("\u0000")));
    }
    return out;
  }

  private static String firstLine(String message) {
    String s = message.strip();
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
