package dev.repotune.samples;

import dev.repotune.extractors.TokenCounter;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code validate}'s rules and {@code inspect}'s views of the kinds made by running the repository's
 * tests ({@link OutputKind#PREFERENCE}, {@link OutputKind#RL}, {@link OutputKind#INSTANCES}), kept out of
 * the catalogue so that each constant there stays a list of what it does.
 */
final class ExecutionViews {
  /** A test as the runner selects it: {@code pkg.Class#method}, a nested class with {@code $}. */
  static final Pattern TEST_SELECTOR =
      Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*#[A-Za-z_$][\\w$]*");
  /**
   * A test as a run reports it ({@code pkg.Class#name()}, {@code pkg.Class$Inner#add(int)[2]}, JUnit 4's
   * bare {@code pkg.Class#name}): the class as a selector's, then the report's name up to the end.
   */
  static final Pattern TEST_KEY =
      Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*#[A-Za-z_$][\\w$]*(\\(.*\\))?(\\[.*\\])?");

  static final Set<String> REJECTED_BY =
      Set.of(PreferenceRecord.BY_MUTANT, PreferenceRecord.BY_FAILING_TESTS, PreferenceRecord.BY_NOT_COMPILING);

  private static final Pattern WIRE_NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private ExecutionViews() {}

  static void wrongSplit(String where, String id, String split, String group, List<String> v) {
    if (!split.equals(group)) {
      v.add(where + ": row " + id + " says split \"" + split + "\" but is in the " + group + " shard");
    }
  }

  static int tokens(List<Message> messages) {
    int n = 0;
    for (Message m : messages) {
      n += TokenCounter.count(m.content());
    }
    return n;
  }

  // --- preference ---------------------------------------------------------------------------------

  /**
   * A pair TRL can train on: a prompt of system and user turns ending with the user's, one non-empty
   * assistant turn on each side, the two sides different; how the rejected side was found, and for a
   * mutant its mutation and the test that killed it.
   */
  static RowRules<PreferenceRecord> preferenceRules() {
    return (where, group, r, v) -> {
      PreferenceRecord.Meta m = r.meta();
      String row = where + ": row " + r.id();
      wrongSplit(where, r.id(), m.split(), group, v);
      promptRules(row, r.prompt(), v);
      oneAnswer(row, "chosen", r.chosen(), v);
      oneAnswer(row, "rejected", r.rejected(), v);
      if (r.chosen().equals(r.rejected())) {
        v.add(row + ": chosen and rejected are the same answer");
      }
      if (!REJECTED_BY.contains(m.rejectedBy())) {
        v.add(row + ": rejected_by \"" + m.rejectedBy() + "\" is not one of " + new java.util.TreeSet<>(REJECTED_BY));
      }
      boolean mutant = PreferenceRecord.BY_MUTANT.equals(m.rejectedBy());
      if (mutant != !m.mutation().isEmpty() || (mutant && !WIRE_NAME.matcher(m.mutation()).matches())) {
        v.add(row + ": mutation \"" + m.mutation() + "\" does not go with rejected_by \"" + m.rejectedBy() + "\"");
      }
      boolean ran = !PreferenceRecord.BY_NOT_COMPILING.equals(m.rejectedBy());
      if (ran && !TEST_KEY.matcher(m.failingTest()).matches()) {
        v.add(row + ": failing_test \"" + m.failingTest() + "\" is not a test (pkg.Class#method())");
      }
    };
  }

  /** A prompt for an answer: system and user turns only, the user's last, none empty. */
  private static void promptRules(String row, List<Message> prompt, List<String> v) {
    if (prompt.isEmpty() || !prompt.get(prompt.size() - 1).role().equals("user")) {
      v.add(row + ": the prompt must end with a user message");
    }
    for (Message m : prompt) {
      if (!m.role().equals("system") && !m.role().equals("user")) {
        v.add(row + ": the prompt has a \"" + m.role() + "\" message; it holds system and user turns only");
      }
      if (m.content().isBlank()) {
        v.add(row + ": the prompt has an empty " + m.role() + " message");
      }
    }
  }

  private static void oneAnswer(String row, String side, List<Message> answer, List<String> v) {
    if (answer.size() != 1 || !answer.get(0).role().equals("assistant") || answer.get(0).content().isBlank()) {
      v.add(row + ": " + side + " must be one non-empty assistant message");
    }
  }

  static void inspectPreference(OutputKind<PreferenceRecord> kind, List<PreferenceRecord> rows, Inspection in) {
    if (rows.isEmpty()) {
      return;
    }
    PrintWriter out = in.out();
    out.printf("%n%s: %,d%n", kind.title(), rows.size());
    in.table("split x rejected_by", rows, r -> r.meta().split() + "  " + r.meta().rejectedBy());
    in.table("mutation", rows.stream().filter(r -> !r.meta().mutation().isEmpty()).toList(), r -> r.meta().mutation());
    OutputKind.printSamples(rows, in, r -> r.meta().rejectedBy(), PreferenceRecord::id,
        r -> {
          List<Message> shown = new ArrayList<>(r.prompt());
          r.chosen().forEach(m -> shown.add(new Message("chosen", m.content())));
          r.rejected().forEach(m -> shown.add(new Message("rejected", m.content())));
          return shown;
        },
        r -> String.format("%s  %s:%s  %s%s", r.meta().split(), r.meta().path(), r.meta().lines(),
            r.meta().mutation().isEmpty() ? "" : r.meta().mutation() + ", ",
            r.meta().failingTest().isEmpty() ? "does not compile" : "fails " + r.meta().failingTest()));
  }

  // --- rl -----------------------------------------------------------------------------------------

  /**
   * A task verl and GRPOTrainer can score: a prompt of system and user turns, style "rule", a
   * ground_truth that parses, names at least one test and the same method as extra_info, and an index
   * no other task of its split has.
   */
  static RowRules<RlTask> rlRules() {
    Map<String, Set<Long>> indexes = new HashMap<>();
    return (where, group, r, v) -> {
      RlTask.ExtraInfo x = r.extraInfo();
      String row = where + ": row " + r.id();
      wrongSplit(where, r.id(), x.split(), group, v);
      promptRules(row, r.prompt(), v);
      if (!RlTask.STYLE.equals(r.style())) {
        v.add(row + ": reward_model.style is \"" + r.style() + "\", not \"" + RlTask.STYLE + "\"");
      }
      if (!r.dataSource().equals(RlTask.dataSource(x.repo()))) {
        v.add(row + ": data_source \"" + r.dataSource() + "\" is not " + RlTask.dataSource(x.repo()));
      }
      if (r.ability().isBlank() || x.reference().isBlank()) {
        v.add(row + ": ability and extra_info.reference must not be empty");
      }
      if (!indexes.computeIfAbsent(x.split(), k -> new HashSet<>()).add(x.index())) {
        v.add(row + ": extra_info.index " + x.index() + " is used twice in " + x.split());
      }
      RlTask.GroundTruth spec;
      try {
        spec = RlTask.GroundTruth.parse(r.groundTruth());
      } catch (IllegalArgumentException e) {
        v.add(row + ": reward_model.ground_truth is not a scoring spec: " + e.getMessage());
        return;
      }
      if (spec.tests().isEmpty()) {
        v.add(row + ": ground_truth names no test");
      }
      for (String t : spec.tests()) {
        if (!TEST_SELECTOR.matcher(t).matches()) {
          v.add(row + ": ground_truth test \"" + t + "\" is not a test (pkg.Class#method)");
        }
      }
      if (!List.of(spec.repo(), spec.commit(), spec.path(), spec.symbol())
          .equals(List.of(x.repo(), x.commit(), x.path(), x.symbol()))) {
        v.add(row + ": ground_truth and extra_info name different methods");
      }
      if (spec.startLine() < 1 || spec.endLine() < spec.startLine()) {
        v.add(row + ": ground_truth lines " + spec.startLine() + "-" + spec.endLine() + " are not a range");
      }
      if (spec.build().isBlank() || spec.test().isBlank()) {
        v.add(row + ": ground_truth needs its build and test commands");
      }
    };
  }

  static void inspectRl(OutputKind<RlTask> kind, List<RlTask> rows, Inspection in) {
    if (rows.isEmpty()) {
      return;
    }
    PrintWriter out = in.out();
    out.printf("%n%s: %,d%n", kind.title(), rows.size());
    in.table("split", rows, r -> r.extraInfo().split());
    in.table("tests a task runs", rows, r -> {
      try {
        return String.format("%3d", RlTask.GroundTruth.parse(r.groundTruth()).tests().size());
      } catch (IllegalArgumentException e) {
        return "unreadable ground_truth";
      }
    });
    OutputKind.printSamples(rows, in, r -> r.extraInfo().split(), RlTask::id,
        r -> {
          List<Message> shown = new ArrayList<>(r.prompt());
          shown.add(new Message("ground_truth", r.groundTruth()));
          return shown;
        },
        r -> String.format("%s  %s  #%d", r.extraInfo().path(), r.extraInfo().symbol(), r.extraInfo().index()));
  }

  // --- instances ----------------------------------------------------------------------------------

  /**
   * An instance a harness can run: its id from its repo and fix commit (each once), a fix and a test
   * patch that touch different files, at least one FAIL_TO_PASS test and none also in PASS_TO_PASS, the
   * environment set up at the base commit, a date, and how to build and test.
   */
  static RowRules<InstanceRecord> instanceRules() {
    Set<String> ids = new HashSet<>();
    return (where, group, r, v) -> {
      String row = where + ": row " + r.instanceId();
      wrongSplit(where, r.instanceId(), r.meta().split(), group, v);
      if (!r.instanceId().equals(InstanceRecord.instanceId(r.repo(), r.meta().commit()))) {
        v.add(row + ": instance_id is not " + InstanceRecord.instanceId(r.repo(), r.meta().commit()));
      }
      if (!ids.add(r.instanceId())) {
        v.add(row + ": instance_id is used twice");
      }
      Set<String> fixed = touched(r.patch());
      Set<String> tests = touched(r.testPatch());
      if (fixed.isEmpty() || tests.isEmpty()) {
        v.add(row + ": patch and test_patch must each change a file");
      }
      Set<String> both = new LinkedHashSet<>(fixed);
      both.retainAll(tests);
      if (!both.isEmpty()) {
        v.add(row + ": patch and test_patch both change " + both);
      }
      if (r.failToPass().isEmpty()) {
        v.add(row + ": FAIL_TO_PASS is empty: no test shows the fix");
      }
      Set<String> overlap = new LinkedHashSet<>(r.failToPass());
      overlap.retainAll(r.passToPass());
      if (!overlap.isEmpty()) {
        v.add(row + ": tests in both FAIL_TO_PASS and PASS_TO_PASS: " + overlap);
      }
      List<String> all = new ArrayList<>(r.failToPass());
      all.addAll(r.passToPass());
      for (String t : all) {
        if (!TEST_KEY.matcher(t).matches()) {
          v.add(row + ": test \"" + t + "\" is not a test (pkg.Class#method())");
        }
      }
      if (!r.environmentSetupCommit().equals(r.baseCommit()) || r.baseCommit().equals(r.meta().commit())) {
        v.add(row + ": environment_setup_commit must be base_commit, the fix commit's parent");
      }
      try {
        Instant.parse(r.createdAt());
      } catch (DateTimeParseException e) {
        v.add(row + ": created_at \"" + r.createdAt() + "\" is not an ISO-8601 instant");
      }
      if (r.problemStatement().isBlank() || r.buildCommand().isBlank() || r.testCommand().isBlank()) {
        v.add(row + ": problem_statement, build_command and test_command must not be empty");
      }
    };
  }

  /** The files a unified diff changes: the paths of its {@code --- a/} and {@code +++ b/} lines. */
  static Set<String> touched(String diff) {
    Set<String> out = new LinkedHashSet<>();
    for (String line : diff.split("\n", -1)) {
      if (line.startsWith("--- a/") || line.startsWith("+++ b/")) {
        out.add(line.substring(6).strip());
      }
    }
    return out;
  }

  static void inspectInstances(OutputKind<InstanceRecord> kind, List<InstanceRecord> rows, Inspection in) {
    if (rows.isEmpty()) {
      return;
    }
    PrintWriter out = in.out();
    out.printf("%n%s: %,d%n", kind.title(), rows.size());
    in.table("split", rows, r -> r.meta().split());
    in.table("FAIL_TO_PASS tests", rows, r -> String.format("%3d", r.failToPass().size()));
    OutputKind.printSamples(rows, in, r -> r.meta().split(), InstanceRecord::instanceId,
        r -> List.of(new Message("problem_statement", r.problemStatement()), new Message("patch", r.patch()),
            new Message("test_patch", r.testPatch()),
            new Message("FAIL_TO_PASS", String.join("\n", r.failToPass()))),
        r -> r.baseCommit().substring(0, Math.min(12, r.baseCommit().length())) + " " + r.createdAt());
  }
}
