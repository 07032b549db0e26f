package dev.repotune.prompts;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The offline teacher of the repository's history: for each commit it asks the history kinds ({@link
 * TaskKind#isHistory()}) and states the answers from the commit alone (its message, its diff, the
 * declarations before and after), so every answer is true of the commit by construction. As {@link
 * OfflineTeacher} does for declarations, each question is asked in several wordings from {@value
 * Phrasings#RESOURCE}, chosen by a generator seeded from (seed, repository, commit id, task, member), so
 * a run is reproducible and independent of the order commits arrive in.
 *
 * <p>Nothing names the author, and no answer states a line number: a commit whose message cites lines
 * ("see line 42", "Foo.java:88") is not asked; a diff's hunk headers appear only inside its ```diff block.
 */
public final class CommitTeacher implements Serializable {
  private static final long serialVersionUID = 1L;

  private final EnumSet<TaskKind> tasks;
  private final int variants;
  private final long seed;
  private final Phrasings phrasings;

  private CommitTeacher(EnumSet<TaskKind> tasks, int variants, long seed, Phrasings phrasings) {
    this.tasks = tasks;
    this.variants = variants;
    this.seed = seed;
    this.phrasings = phrasings;
  }

  /**
   * @param tasks the kinds to ask; those that are not history kinds are ignored (the {@code --tasks} list
   *     can be passed as it is), so the teacher may ask nothing
   * @param variants differently worded questions per (commit, task, member), at least 1; capped by the
   *     number of phrasings of the task
   * @param seed chooses the phrasings; the same seed gives the same rows
   */
  public static CommitTeacher create(Set<TaskKind> tasks, int variants, long seed) {
    Objects.requireNonNull(tasks, "tasks");
    if (variants < 1) {
      throw new IllegalArgumentException("variants must be at least 1, got " + variants);
    }
    EnumSet<TaskKind> history = EnumSet.noneOf(TaskKind.class);
    tasks.stream().filter(TaskKind::isHistory).forEach(history::add);
    return new CommitTeacher(history, variants, seed, Phrasings.load());
  }

  /** The teacher's name in {@code QaPair.teacher}: the offline one, whose phrasing file this shares. */
  public String name() {
    return OfflineTeacher.NAME;
  }

  /** First 12 hex digits of the SHA-256 of the phrasing resource, as {@link OfflineTeacher#promptVersion}. */
  public String promptVersion() {
    return phrasings.version();
  }

  /** The history kinds this teacher asks, in catalogue order. */
  public Set<TaskKind> tasks() {
    return Collections.unmodifiableSet(tasks);
  }

  public int variants() {
    return variants;
  }

  public long seed() {
    return seed;
  }

  /**
   * The question-answer pairs for one commit, in task order, then member order (why), then variant
   * order; empty when no kind applies (a commit without a subject, one whose message cites line numbers,
   * one that changes no main code). A pull request's merge is asked like any commit: its files are the
   * pull request's change against the first parent (which merges to keep is the history reader's call).
   */
  public List<CommitQa> ask(CommitTask t) {
    if (t == null || t.subject().isEmpty()
        || CommitView.LINE_NUMBER.matcher(t.message()).find()) {
      return List.of();
    }
    CommitView view = new CommitView(t, phrasings);
    List<CommitQa> out = new ArrayList<>();
    for (TaskKind task : tasks) {
      for (CommitDraft d : task.commitDrafter().draft(task, view)) {
        out.addAll(render(task, view, d));
      }
    }
    return List.copyOf(out);
  }

  /**
   * The change and fix-with-test questions of {@link #ask} with {@code issue} (the user's words for the
   * same change, as an LLM wrote them from {@link IssuePrompt}) as their request text in place of the
   * commit's message, named by {@code teacher} and {@code promptVersion}. The wordings, the code shown
   * and the answers are those of the rows they rewrite (the same seed picks them), so each issue row
   * pairs with its original; empty when the commit gives neither kind, or the issue is blank or cites
   * line numbers.
   */
  public List<CommitQa> askAsIssue(CommitTask t, String issue, String teacher, String promptVersion) {
    if (t == null || issue == null || issue.isBlank() || t.subject().isEmpty()
        || CommitView.LINE_NUMBER.matcher(t.message()).find() || CommitView.LINE_NUMBER.matcher(issue).find()) {
      return List.of();
    }
    CommitTask asIssue = new CommitTask(t.repo(), t.commit(), issue.strip(), "", t.files(), t.members());
    CommitView view = new CommitView(asIssue, phrasings);
    List<CommitQa> out = new ArrayList<>();
    for (TaskKind task : tasks) {
      if (task != TaskKind.CHANGE && task != TaskKind.FIX_WITH_TEST) {
        continue;
      }
      for (CommitDraft d : task.commitDrafter().draft(task, view)) {
        out.addAll(render(task, view, d, teacher, promptVersion));
      }
    }
    return List.copyOf(out);
  }

  private List<CommitQa> render(TaskKind task, CommitView view, CommitDraft cd) {
    return render(task, view, cd, name(), phrasings.version());
  }

  private List<CommitQa> render(TaskKind task, CommitView view, CommitDraft cd, String teacher, String version) {
    Draft d = cd.draft();
    Map<String, String> vars = new TreeMap<>(view.vars());
    vars.putAll(d.extraVars());
    CommitTask t = view.task;
    SplitMix rng = SplitMix.of(Long.toString(seed), t.repo(), t.commit().id(), task.name(), cd.symbol());
    int[] qOrder = rng.permutation(d.questions().size());
    String leadGroup = d.leadGroup() != null ? d.leadGroup() : task.wireName() + ".a";
    List<String> leads = phrasings.groupNames().contains(leadGroup) ? phrasings.group(leadGroup) : List.of();
    int[] leadOrder = rng.permutation(leads.size());
    Set<String> seen = new LinkedHashSet<>();
    List<CommitQa> out = new ArrayList<>();
    for (int i = 0; i < qOrder.length && out.size() < variants; i++) {
      String question = Templates.render(d.questions().get(qOrder[i]), vars) + d.questionTail();
      if (!seen.add(question)) {
        continue;
      }
      int v = out.size();
      String lead = leads.isEmpty() ? "" : Templates.render(leads.get(leadOrder[v % leads.size()]), vars);
      out.add(new CommitQa(t.repo(), t.commit().id(), task, cd.symbol(), v, question,
          OfflineTeacher.answer(lead, d.answer(), ""), cd.execCandidate(), teacher, version));
    }
    return out;
  }
}
