package dev.repotune.pipeline.cli;

import dev.repotune.extractors.git.ResolvedRepository;
import dev.repotune.pipeline.RepotuneOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import picocli.CommandLine.Option;

/**
 * The history rows: how much of each ref's first-parent line is read, and the split in time. With
 * {@code --holdout-commits N} (or {@code --holdout-since DATE}) the newest commits are the test split
 * and every snapshot row is made at the commit before them, so no training file holds a held-out change's
 * result; the driver works that commit out before the job ({@link #splitInTime}).
 */
final class HistoryMixin {
  @Recorded
  @Option(
      names = "--history",
      description = "Commits of the ref's first-parent line read for history rows (change, commit-message, why, fix-with-test), newest first; 0 for none (default: ${DEFAULT-VALUE}).",
      defaultValue = "10000")
  int history;

  @Recorded
  @Option(
      names = "--since",
      description = "Read no commit older than this date (yyyy-mm-dd, UTC) for history rows.",
      defaultValue = "")
  String since;

  @Recorded
  @Option(
      names = "--holdout-commits",
      description = "Hold out the newest N commits: their history rows are the test split, and every other row is made at the commit before them (default: ${DEFAULT-VALUE}, split by file).",
      defaultValue = "0")
  int holdoutCommits;

  @Recorded
  @Option(
      names = "--holdout-since",
      description = "Hold out the commits made on or after this date (yyyy-mm-dd, UTC), as --holdout-commits does.",
      defaultValue = "")
  String holdoutSince;

  @Recorded
  @Option(
      names = "--max-commit-files",
      description = "Most files one commit may change to make history rows (default: ${DEFAULT-VALUE}).",
      defaultValue = "20")
  int maxCommitFiles;

  @Recorded
  @Option(
      names = "--max-diff-lines",
      description = "Most changed lines one commit may have to make history rows (default: ${DEFAULT-VALUE}).",
      defaultValue = "2000")
  int maxDiffLines;

  /** Per repository, where its history starts and how many of its newest commits are held out. */
  private final List<String> heads = new ArrayList<>();

  void validate() {
    Usage.check(history >= 0 && history <= 1_000_000, "--history must be between 0 and 1000000, got " + history);
    Usage.check(holdoutCommits >= 0 && holdoutCommits <= 100_000,
        "--holdout-commits must be between 0 and 100000, got " + holdoutCommits);
    Usage.check(holdoutCommits == 0 || holdoutSince.isEmpty(), "give --holdout-commits or --holdout-since, not both");
    Usage.check(maxCommitFiles >= 1 && maxCommitFiles <= 10_000,
        "--max-commit-files must be between 1 and 10000, got " + maxCommitFiles);
    Usage.check(maxDiffLines >= 1 && maxDiffLines <= 1_000_000,
        "--max-diff-lines must be between 1 and 1000000, got " + maxDiffLines);
    epoch("--since", since);
    epoch("--holdout-since", holdoutSince);
  }

  /** Seconds since the epoch of a yyyy-mm-dd date at 00:00 UTC; 0 for none. */
  private static long epoch(String option, String date) {
    if (date.isEmpty()) {
      return 0;
    }
    try {
      return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    } catch (DateTimeParseException e) {
      throw Usage.error(option + " must be a date like 2024-01-31, got " + date);
    }
  }

  boolean holdsOut() {
    return holdoutCommits > 0 || !holdoutSince.isEmpty();
  }

  /**
   * The repositories as the snapshot rows read them: with a split in time, each at the commit before its
   * held-out ones (printed, so a user sees where training stops). Notes each repository's history head.
   * A repository whose first-parent line is too short to hold out from is a usage error.
   */
  List<ResolvedRepository> splitInTime(List<ResolvedRepository> repos, PrintWriter err) throws IOException {
    List<ResolvedRepository> out = new ArrayList<>();
    heads.clear();
    long sinceEpoch = epoch("--holdout-since", holdoutSince);
    for (ResolvedRepository r : repos) {
      if (history > 0) {
        warnWithoutHistory(r, err);
      }
      if (!holdsOut() || history == 0) {
        heads.add(String.join("\t", r.name(), r.commit(), "0"));
        out.add(r);
        continue;
      }
      try (Repository repo = new FileRepositoryBuilder().setGitDir(r.gitDir().toFile()).setMustExist(true).build();
          RevWalk walk = new RevWalk(repo)) {
        walk.setFirstParent(true);
        walk.markStart(walk.parseCommit(ObjectId.fromString(r.commit())));
        int held = 0;
        RevCommit snapshot = null;
        for (RevCommit c : walk) {
          boolean newer = holdoutCommits > 0 ? held < holdoutCommits : c.getCommitTime() >= sinceEpoch;
          if (!newer) {
            snapshot = c;
            break;
          }
          held++;
        }
        if (snapshot == null || held == 0) {
          throw Usage.error(r.name() + ": " + (held == 0
              ? "no commit is on or after --holdout-since " + holdoutSince
              : "its first-parent line has only " + held + " commits, so nothing is left to train on after holding out "
                  + (holdoutCommits > 0 ? holdoutCommits : "those since " + holdoutSince)));
        }
        err.printf("repotune: %s: the newest %,d commits are held out; every other row is made at %s (%s)%n",
            r.name(), held, snapshot.name().substring(0, 12),
            Instant.ofEpochSecond(snapshot.getCommitTime()).toString().substring(0, 10));
        heads.add(String.join("\t", r.name(), r.commit(), Integer.toString(held)));
        out.add(new ResolvedRepository(r.name(), r.url(), r.ref(), snapshot.name(), r.gitDir()));
      }
    }
    return out;
  }

  /** A shallow clone has no history to learn from: said once, and the run goes on (a one-commit repository is quiet). */
  private static void warnWithoutHistory(ResolvedRepository r, PrintWriter err) throws IOException {
    try (Repository repo = new FileRepositoryBuilder().setGitDir(r.gitDir().toFile()).setMustExist(true).build()) {
      if (!repo.getObjectDatabase().getShallowCommits().isEmpty()) {
        err.printf("repotune: warning: %s is a shallow clone: no history rows (clone it with its history, or run"
            + " git fetch --unshallow)%n", r.name());
      }
    }
  }

  /**
   * Without a split in time, history rows go where their commit's first main file goes, and a repository
   * whose changes gather in a few files can end with no history test rows at all (javapoet: 0 of 2,127):
   * say so, and what gives one.
   */
  void adviseOnSplit(java.util.Map<String, Long> counts, PrintWriter err) {
    long train = counts.getOrDefault(dev.repotune.samples.OutputKind.HISTORY.rowsKey(dev.repotune.samples.Split.TRAIN), 0L);
    long test = counts.getOrDefault(dev.repotune.samples.OutputKind.HISTORY.rowsKey(dev.repotune.samples.Split.TEST), 0L);
    if (!holdsOut() && train > 0 && test * 100 < (train + test)) {
      err.printf("repotune: note: history/test holds %,d of %,d rows (split by each commit's first main file); "
          + "--holdout-commits N makes the newest N commits the test split%n", test, train + test);
    }
  }

  void applyTo(RepotuneOptions o) {
    o.setHistory(history);
    o.setHistorySince(epoch("--since", since));
    o.setHistoryHeads(List.copyOf(heads));
    o.setMaxCommitFiles(maxCommitFiles);
    o.setMaxDiffLines(maxDiffLines);
  }
}
