package dev.repotune.samples;

import java.io.Serializable;
import java.util.List;

/**
 * One SWE-bench-style task instance made of a fix commit of the repository's history: the repository
 * at the commit's parent ({@code baseCommit}), the fix without its tests ({@code patch}), the tests it
 * added or changed ({@code testPatch}), and the tests that fail before the fix and pass after it ({@code
 * failToPass}) or pass on both sides ({@code passToPass}). The fields are princeton-nlp/SWE-bench's
 * columns, in its order, with repotune's own {@code buildCommand}, {@code testCommand} and {@code meta}
 * after them: a Java repository has no SWE-bench harness image, so the instance says how it is built and
 * how its tests are run.
 *
 * @param instanceId {@link #instanceId}: SWE-bench's {@code owner__name-<PR number>} with the fix commit
 *     in place of the pull request
 * @param createdAt the fix commit's date, ISO-8601 in UTC ({@code 2024-03-01T12:00:00Z})
 * @param hintsText "" (SWE-bench's are the comments; a commit has none)
 * @param version "" (SWE-bench groups a repository's instances by release; repotune has one build a row)
 * @param failToPass and {@code passToPass}: test selectors {@code pkg.Class#method}
 * @param environmentSetupCommit {@code baseCommit}: the build that sets the environment up is the
 *     repository's own at that commit
 */
public record InstanceRecord(
    String repo,
    String instanceId,
    String baseCommit,
    String patch,
    String testPatch,
    String problemStatement,
    String hintsText,
    String createdAt,
    String version,
    List<String> failToPass,
    List<String> passToPass,
    String environmentSetupCommit,
    String buildCommand,
    String testCommand,
    Meta meta)
    implements Serializable {
  /** Characters of the commit in an instance id: as many as {@code inspect} shows of a commit. */
  public static final int SHORT_COMMIT = 12;

  public InstanceRecord {
    failToPass = List.copyOf(failToPass);
    passToPass = List.copyOf(passToPass);
  }

  /**
   * {@code <owner>__<name>-<commit, first 12 characters>}, in SWE-bench's {@code owner__name-number}
   * style: {@code google/gson} at {@code 3f1c2b7a9e8d...} is {@code google__gson-3f1c2b7a9e8d}. A repo
   * without an owner ({@code gson}) is its own owner: {@code gson__gson-3f1c2b7a9e8d}. Any character
   * outside {@code [A-Za-z0-9_.-]} becomes "_", so the id is safe as a file name.
   */
  public static String instanceId(String repo, String commit) {
    int slash = repo.lastIndexOf('/');
    String name = repo.substring(slash + 1);
    String owner = slash < 0 ? name : repo.substring(0, slash);
    return safe(owner) + "__" + safe(name) + "-" + commit.substring(0, Math.min(SHORT_COMMIT, commit.length()));
  }

  private static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  /** {@code commit} is the fix commit (the instance's solution); {@code split} "train" or "test". */
  public record Meta(String commit, String split) implements Serializable {}
}
