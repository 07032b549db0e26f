package dev.repotune.samples;

import dev.repotune.extractors.TokenCounter;
import java.io.PrintWriter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The output catalogue: one constant per folder of a dataset, in the shape of Beam's {@code Compression}.
 * Each constant carries its data (folder, splits, rows per shard, its {@link RowCodec}: JSONL always,
 * Parquet when the codec has a schema) and its behaviour (how rows are grouped and ordered in shards,
 * the manifest counts of a row, its dataset-card and LLaMA-Factory entries, {@code validate}'s rules, the
 * {@code inspect} view, and whether a cached replay can carry its rows). The writer, the folder's finish,
 * the card, {@code validate} and {@code inspect} loop over {@link #values()}; nothing else names a kind.
 *
 * <p>A class rather than an enum so that each constant is typed by its row ({@code OutputKind<SftRecord>}):
 * Java enums take no type parameter. Constants register themselves in declaration order, which is the
 * order of the manifest's {@code files}, the card's configs and {@code dataset_info.json}.
 *
 * <p>To add a kind: a record for its row, a {@link RowCodec} for it, and one constant here.
 */
public abstract class OutputKind<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  // Before the constants: each adds itself as it is made.
  private static final List<OutputKind<?>> VALUES = new ArrayList<>();

  /** Instruction-tuning rows, split by file; the card's default config. */
  public static final OutputKind<SftRecord> SFT =
      new OutputKind<>("sft", SftCodec.INSTANCE, List.of(Split.TRAIN, Split.TEST), 100_000, "SFT rows") {
        @Override
        public String group(SftRecord r) {
          return r.meta().split();
        }

        @Override
        public String sortKey(SftRecord r) {
          return r.id();
        }

        @Override
        public void count(SftRecord r, Map<String, Long> sums) {
          add(sums, rowsKey(r.meta().split()), 1);
          add(sums, taskKey(r.meta().split(), r.meta().task()), 1);
        }

        @Override
        public String cardLine() {
          return "- `sft` (default config): instruction-tuning rows `{\"messages\": [...], \"meta\": {...}}`,"
              + " split **by file**: no file has questions in both train and test.\n";
        }

        @Override
        public String tokensIn() {
          return "SFT messages";
        }

        @Override
        public Map<String, Object> llamaFactoryEntry(String file) {
          // sharegpt with our OpenAI-style tags; LLaMA-Factory lifts a leading system turn into its system prompt
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("file_name", file);
          e.put("formatting", "sharegpt");
          e.put("columns", Map.of("messages", "messages"));
          Map<String, String> tags = new LinkedHashMap<>();
          tags.put("role_tag", "role");
          tags.put("content_tag", "content");
          tags.put("user_tag", "user");
          tags.put("assistant_tag", "assistant");
          tags.put("system_tag", "system");
          e.put("tags", tags);
          return e;
        }

        @Override
        public RowRules<SftRecord> rules() {
          return splitByFile("SFT rows");
        }

        @Override
        public void inspect(List<SftRecord> rows, Inspection in) {
          PrintWriter out = in.out();
          out.printf("%n%s: %,d%n", title(), rows.size());
          in.table("split x task", rows, r -> r.meta().split() + "  " + r.meta().task());
          Map<String, String> languageOfPath = new HashMap<>();
          in.rows(CPT).forEach(c -> languageOfPath.put(c.meta().path(), c.meta().language()));
          in.table("split x language", rows,
              r -> r.meta().split() + "  " + languageOfPath.getOrDefault(r.meta().path(), "?"));
          Map<String, List<Integer>> tokens = new TreeMap<>();
          for (SftRecord r : rows) {
            int n = 0;
            for (Message m : r.messages()) {
              n += TokenCounter.count(m.content());
            }
            tokens.computeIfAbsent(folder() + " " + r.meta().split(), k -> new ArrayList<>()).add(n);
          }
          tokens.forEach(in::histogram);
          printSamples(rows, in, r -> r.meta().task(), SftRecord::id, SftRecord::messages,
              r -> String.format("%s  %s:%s", r.meta().split(), r.meta().path(), r.meta().lines()));
        }

        @Override
        public void trainingTexts(SftRecord r, Consumer<String> texts) {
          if (Split.TRAIN.equals(r.meta().split())) {
            r.messages().forEach(m -> texts.accept(m.content()));
          }
        }

        @Override
        public boolean replayable() {
          return true;
        }

        @Override
        public SftRecord restamp(SftRecord r, String commit, String chunkId) {
          return Samples.restamp(r, commit, chunkId);
        }

        @Override
        public List<String> summaryLines(Map<String, Long> counts) {
          List<String> lines = new ArrayList<>();
          for (String split : splits()) {
            Map<String, Long> tasks = under(counts, taskKey(split, ""));
            lines.add(String.format("  sft %-5s %,d rows, %,d tokens  %s", split,
                counts.getOrDefault(rowsKey(split), 0L), counts.getOrDefault(tokensKey(split), 0L), tasks));
          }
          return lines;
        }
      };

  /** Continued-pretraining documents, one per kept file, all in train. */
  public static final OutputKind<CptRecord> CPT =
      new OutputKind<>("cpt", CptCodec.INSTANCE, List.of(Split.TRAIN), 2_000, "CPT documents") {
        @Override
        public String group(CptRecord r) {
          return Split.TRAIN;
        }

        @Override
        public String sortKey(CptRecord r) {
          return r.meta().repo() + "\n" + r.meta().path();
        }

        @Override
        public void count(CptRecord r, Map<String, Long> sums) {
          add(sums, rowsKey(Split.TRAIN), 1);
          add(sums, tokensKey(Split.TRAIN), r.meta().tokens());
        }

        @Override
        public String cardLine() {
          return "- `cpt`: continued-pretraining documents `{\"text\": ..., \"meta\": {...}}`, one per kept file,"
              + " all in train.\n";
        }

        @Override
        public String tokensIn() {
          return "CPT texts";
        }

        @Override
        public Map<String, Object> llamaFactoryEntry(String file) {
          // LLaMA-Factory's pre-training layout: prompt is the text
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("file_name", file);
          e.put("columns", Map.of("prompt", "text"));
          return e;
        }

        @Override
        public void trainingTexts(CptRecord r, Consumer<String> texts) {
          texts.accept(r.text());
        }

        @Override
        public void inspect(List<CptRecord> rows, Inspection in) {
          in.out().printf("%n%s: %,d%n", title(), rows.size());
          in.table("language", rows, c -> c.meta().language());
          in.histogram(folder() + " " + Split.TRAIN, rows.stream().map(c -> c.meta().tokens()).toList());
        }

        @Override
        public List<String> summaryLines(Map<String, Long> counts) {
          return List.of(String.format("  cpt      %,d documents, %,d tokens",
              counts.getOrDefault(rowsKey(Split.TRAIN), 0L), counts.getOrDefault(tokensKey(Split.TRAIN), 0L)));
        }
      };

  /**
   * Fill-in-the-middle examples: train from the training files, test (the held-out completion set) from
   * files no training output contains. {@code text} in the profile's format, the raw parts beside it.
   */
  public static final OutputKind<FimRecord> FIM =
      new OutputKind<>("fim", FimCodec.INSTANCE, List.of(Split.TRAIN, Split.TEST), 1_000, "FIM examples") {
        @Override
        public String group(FimRecord r) {
          return r.meta().split();
        }

        @Override
        public String sortKey(FimRecord r) {
          return r.meta().repo() + "\n" + r.path() + "\n" + r.id();
        }

        @Override
        public void count(FimRecord r, Map<String, Long> sums) {
          String split = r.meta().split();
          add(sums, rowsKey(split), 1);
          add(sums, countKey(split, "kind", r.kind()), 1);
          add(sums, countKey(split, "mode", r.mode()), 1);
          add(sums, tokensKey(split), r.meta().tokens());
        }

        @Override
        public boolean listedWhenEmpty() {
          return false;
        }

        @Override
        public String cardLine() {
          return "- `fim`: fill-in-the-middle examples `{\"text\": ..., \"prefix\", \"suffix\", \"middle\", \"path\","
              + " \"mode\", \"kind\", \"meta\": {...}}`, `text` in the model family's format (`meta.profile`);"
              + " `test` is a held-out completion set, from files that no training output contains.\n";
        }

        @Override
        public String tokensIn() {
          return "FIM texts";
        }

        @Override
        public Map<String, Object> llamaFactoryEntry(String file) {
          return CPT.llamaFactoryEntry(file);
        }

        @Override
        public RowRules<FimRecord> rules() {
          return CompletionViews.fimRules();
        }

        @Override
        public void trainingTexts(FimRecord r, Consumer<String> texts) {
          if (Split.TRAIN.equals(r.meta().split())) {
            texts.accept(r.text());
            texts.accept(r.prefix() + r.middle() + r.suffix()); // the file as written, without the profile's tokens
          }
        }

        @Override
        public String heldOutText(FimRecord r) {
          return Split.TEST.equals(r.meta().split()) ? r.middle() : null;
        }

        @Override
        public void inspect(List<FimRecord> rows, Inspection in) {
          CompletionViews.inspectFim(this, rows, in);
        }

        @Override
        public List<String> summaryLines(Map<String, Long> counts) {
          List<String> lines = new ArrayList<>();
          for (String split : splits()) {
            long rows = counts.getOrDefault(rowsKey(split), 0L);
            if (rows == 0) {
              continue;
            }
            Map<String, Long> kinds = new TreeMap<>(under(counts, countKey(split, "kind", "")));
            lines.add(String.format("  fim %-5s %,d examples, %,d tokens  %s", split, rows,
                counts.getOrDefault(tokensKey(split), 0L), kinds));
          }
          return lines;
        }
      };

  /**
   * Repository-level documents: files in dependency order packed up to the context size, in the
   * profile's repository layout; all in train (the held-out files are in none).
   */
  public static final OutputKind<RepoDocument> REPO =
      new OutputKind<>("repo", RepoDocumentCodec.INSTANCE, List.of(Split.TRAIN), 1_000, "Repository documents") {
        @Override
        public String group(RepoDocument r) {
          return r.meta().split();
        }

        @Override
        public String sortKey(RepoDocument r) {
          return r.meta().repo() + "\n" + r.id();
        }

        @Override
        public void count(RepoDocument r, Map<String, Long> sums) {
          String split = r.meta().split();
          add(sums, rowsKey(split), 1);
          add(sums, tokensKey(split), r.meta().tokens());
          if (!r.meta().fimPath().isEmpty()) {
            add(sums, countKey(split, "with_fim"), 1);
          }
        }

        @Override
        public boolean listedWhenEmpty() {
          return false;
        }

        @Override
        public String cardLine() {
          return "- `repo`: repository-level documents `{\"text\": ..., \"meta\": {\"paths\": [...], ...}}`: files in"
              + " dependency order (what a file imports comes before it), packed up to the context size in the model"
              + " family's repository format, all in train.\n";
        }

        @Override
        public String tokensIn() {
          return "repository documents";
        }

        @Override
        public Map<String, Object> llamaFactoryEntry(String file) {
          return CPT.llamaFactoryEntry(file);
        }

        @Override
        public RowRules<RepoDocument> rules() {
          return CompletionViews.repoRules(0);
        }

        @Override
        public RowRules<RepoDocument> rules(Map<String, String> config) {
          String context = config.get("context_tokens");
          return CompletionViews.repoRules(context == null || !context.matches("\\d{1,18}") ? 0 : Long.parseLong(context));
        }

        @Override
        public void trainingTexts(RepoDocument r, Consumer<String> texts) {
          if (Split.TRAIN.equals(r.meta().split())) {
            texts.accept(r.text());
          }
        }

        @Override
        public void inspect(List<RepoDocument> rows, Inspection in) {
          CompletionViews.inspectRepo(this, rows, in);
        }

        @Override
        public List<String> summaryLines(Map<String, Long> counts) {
          long rows = counts.getOrDefault(rowsKey(Split.TRAIN), 0L);
          if (rows == 0) {
            return List.of();
          }
          return List.of(String.format("  repo     %,d documents (%,d with a FIM file), %,d tokens", rows,
              counts.getOrDefault(countKey(Split.TRAIN, "with_fim"), 0L), counts.getOrDefault(tokensKey(Split.TRAIN), 0L)));
        }
      };

  /**
   * Instruction rows made of the repository's history (change, commit-message, why, fix-with-test): a
   * developer's message and the real change. Split in time with {@code --holdout-commits}, else by file.
   */
  public static final OutputKind<HistoryRecord> HISTORY =
      new OutputKind<>("history", HistoryCodec.INSTANCE, List.of(Split.TRAIN, Split.TEST), 50_000, "History rows") {
        @Override
        public String group(HistoryRecord r) {
          return r.meta().split();
        }

        @Override
        public String sortKey(HistoryRecord r) {
          return r.meta().repo() + "\n" + r.meta().date() + "\n" + r.id();
        }

        @Override
        public void count(HistoryRecord r, Map<String, Long> sums) {
          add(sums, rowsKey(r.meta().split()), 1);
          add(sums, taskKey(r.meta().split(), r.meta().task()), 1);
          if (r.meta().execCandidate()) {
            add(sums, countKey(r.meta().split(), "exec_candidates"), 1);
          }
        }

        @Override
        public boolean listedWhenEmpty() {
          return false;
        }

        @Override
        public String cardLine() {
          return "- `history`: instruction rows made of the repository's commits `{\"messages\": [...], \"meta\": {...}}`"
              + " (change, commit-message, why, fix-with-test): a developer's own message and change; `meta` has the"
              + " commit and its date, never its author. With `--holdout-commits` the test split is the newest commits.\n";
        }

        @Override
        public String tokensIn() {
          return "history messages";
        }

        @Override
        public Map<String, Object> llamaFactoryEntry(String file) {
          return SFT.llamaFactoryEntry(file);
        }

        @Override
        public RowRules<HistoryRecord> rules() {
          return (where, group, r, v) -> {
            if (!r.meta().split().equals(group)) {
              v.add(where + ": row " + r.id() + " says split \"" + r.meta().split() + "\" but is in the " + group + " shard");
            }
          };
        }

        @Override
        public void trainingTexts(HistoryRecord r, Consumer<String> texts) {
          if (Split.TRAIN.equals(r.meta().split())) {
            r.messages().forEach(m -> texts.accept(m.content()));
          }
        }

        @Override
        public void inspect(List<HistoryRecord> rows, Inspection in) {
          PrintWriter out = in.out();
          out.printf("%n%s: %,d%n", title(), rows.size());
          in.table("split x task", rows, r -> r.meta().split() + "  " + r.meta().task());
          printSamples(rows, in, r -> r.meta().task(), HistoryRecord::id, HistoryRecord::messages,
              r -> String.format("%s  %s %s", r.meta().split(),
                  r.meta().commit().substring(0, Math.min(12, r.meta().commit().length())), r.meta().date()));
        }

        @Override
        public List<String> summaryLines(Map<String, Long> counts) {
          List<String> lines = new ArrayList<>();
          for (String split : splits()) {
            long rows = counts.getOrDefault(rowsKey(split), 0L);
            if (rows == 0) {
              continue;
            }
            Map<String, Long> tasks = under(counts, taskKey(split, ""));
            lines.add(String.format("  history %-5s %,d rows  %s", split, rows, tasks));
          }
          return lines;
        }
      };

  /**
   * Continued-pretraining documents of commits, one per changed file, in the profile's commit format
   * (StarCoder's {@code <commit_before>...<commit_msg>...<commit_after>}, else a plain layout); train only.
   */
  public static final OutputKind<CptRecord> COMMITS =
      new OutputKind<>("commits", CptCodec.INSTANCE, List.of(Split.TRAIN), 2_000, "Commit documents") {
        @Override
        public String group(CptRecord r) {
          return Split.TRAIN;
        }

        @Override
        public String sortKey(CptRecord r) {
          return r.meta().repo() + "\n" + r.meta().commit() + "\n" + r.meta().path();
        }

        @Override
        public void count(CptRecord r, Map<String, Long> sums) {
          add(sums, rowsKey(Split.TRAIN), 1);
          add(sums, tokensKey(Split.TRAIN), r.meta().tokens());
        }

        @Override
        public boolean listedWhenEmpty() {
          return false;
        }

        @Override
        public String cardLine() {
          return "- `commits`: continued-pretraining documents of commits `{\"text\": ..., \"meta\": {...}}`, one per"
              + " changed file: the file before, the message, the file after, in the model family's commit format;"
              + " all in train.\n";
        }

        @Override
        public String tokensIn() {
          return "commit documents";
        }

        @Override
        public Map<String, Object> llamaFactoryEntry(String file) {
          return CPT.llamaFactoryEntry(file);
        }

        @Override
        public void trainingTexts(CptRecord r, Consumer<String> texts) {
          texts.accept(r.text());
        }

        @Override
        public void inspect(List<CptRecord> rows, Inspection in) {
          in.out().printf("%n%s: %,d%n", title(), rows.size());
          in.table("language", rows, c -> c.meta().language());
          in.histogram(folder() + " " + Split.TRAIN, rows.stream().map(c -> c.meta().tokens()).toList());
        }

        @Override
        public List<String> summaryLines(Map<String, Long> counts) {
          long rows = counts.getOrDefault(rowsKey(Split.TRAIN), 0L);
          return rows == 0 ? List.of() : List.of(String.format("  commits  %,d documents, %,d tokens", rows,
              counts.getOrDefault(tokensKey(Split.TRAIN), 0L)));
        }
      };

  /**
   * Instruction rows made by running the repository's tests (fix-bug: a method with a bug that a test
   * catches, and the method as the repository has it): {@link SftRecord}s, so the trainers that read
   * {@code sft} read them; split by file as SFT rows are.
   */
  public static final OutputKind<SftRecord> EXEC =
      new SftShaped("exec", 50_000, "Exec rows", "exec messages") {
        @Override
        public String cardLine() {
          return "- `exec`: instruction rows made by running the repository's tests `{\"messages\": [...], \"meta\": {...}}`"
              + " (fix-bug: a method with a bug that a test catches, and the method as written), the shape of `sft`,"
              + " so TRL's SFTTrainer, Axolotl and LLaMA-Factory read them as they read `sft`; split by file.\n";
        }

        @Override
        public List<String> summaryLines(Map<String, Long> counts) {
          List<String> lines = splitLines(counts, true);
          long checked = counts.getOrDefault("mutants.checked", 0L);
          if (checked > 0) {
            // the mutants the rows came from, so a user sees what the tests caught and what they missed
            lines.add(String.format("  mutants  %,d checked of %,d made for %,d methods with passing tests: %,d compiled,"
                    + " %,d killed %s", checked, counts.getOrDefault("mutants.made", 0L),
                counts.getOrDefault("mutants.methods_with_tests", 0L), counts.getOrDefault("mutants.compiled", 0L),
                counts.getOrDefault("mutants.killed", 0L), under(counts, "mutants.killed_by_kind.")));
          }
          return lines;
        }
      };

  /**
   * Preference pairs in TRL's conversational layout (DPOTrainer): the method as written is chosen, a
   * mutant a test kills, or a teacher's answer that fails the tests or does not compile, is rejected.
   */
  public static final OutputKind<PreferenceRecord> PREFERENCE =
      new OutputKind<>("preference", PreferenceCodec.INSTANCE, List.of(Split.TRAIN, Split.TEST), 50_000,
          "Preference pairs") {
        @Override
        public String group(PreferenceRecord r) {
          return r.meta().split();
        }

        @Override
        public String sortKey(PreferenceRecord r) {
          return r.id();
        }

        @Override
        public void count(PreferenceRecord r, Map<String, Long> sums) {
          String split = r.meta().split();
          add(sums, rowsKey(split), 1);
          add(sums, taskKey(split, r.meta().task()), 1);
          add(sums, countKey(split, "rejected_by", r.meta().rejectedBy()), 1);
          if (!r.meta().mutation().isEmpty()) {
            add(sums, countKey(split, "mutation", r.meta().mutation()), 1);
          }
          add(sums, tokensKey(split),
              ExecutionViews.tokens(r.prompt()) + ExecutionViews.tokens(r.chosen()) + ExecutionViews.tokens(r.rejected()));
        }

        @Override
        public boolean listedWhenEmpty() {
          return false;
        }

        @Override
        public String cardLine() {
          return "- `preference`: preference pairs `{\"prompt\": [...], \"chosen\": [...], \"rejected\": [...], \"meta\": {...}}`"
              + " in TRL's conversational preference format, for DPOTrainer and TRL's other pairwise trainers"
              + " (drop `meta`): the method as written is chosen, a mutant that a test kills (or an answer that fails"
              + " the tests or does not compile) is rejected; `meta.rejected_by` says which.\n";
        }

        @Override
        public String tokensIn() {
          return "preference pairs";
        }

        /**
         * None: LLaMA-Factory's ranking layout ({@code "ranking": true}, sharegpt) takes {@code chosen}
         * and {@code rejected} as ONE message object each, and reads a row whose two sides are not
         * objects as a plain SFT row (its {@code SharegptDatasetConverter} checks {@code isinstance(...,
         * dict)}); TRL's layout, which these rows are in, has a list of one message on each side.
         */
        @Override
        public Map<String, Object> llamaFactoryEntry(String file) {
          return null;
        }

        @Override
        public RowRules<PreferenceRecord> rules() {
          return ExecutionViews.preferenceRules();
        }

        @Override
        public void trainingTexts(PreferenceRecord r, Consumer<String> texts) {
          if (Split.TRAIN.equals(r.meta().split())) {
            r.prompt().forEach(m -> texts.accept(m.content()));
            r.chosen().forEach(m -> texts.accept(m.content()));
            r.rejected().forEach(m -> texts.accept(m.content()));
          }
        }

        @Override
        public void inspect(List<PreferenceRecord> rows, Inspection in) {
          ExecutionViews.inspectPreference(this, rows, in);
        }

        @Override
        public List<String> summaryLines(Map<String, Long> counts) {
          List<String> lines = new ArrayList<>();
          for (String split : splits()) {
            long rows = counts.getOrDefault(rowsKey(split), 0L);
            if (rows > 0) {
              lines.add(String.format("  preference %-5s %,d pairs, %,d tokens  rejected by %s", split, rows,
                  counts.getOrDefault(tokensKey(split), 0L), under(counts, countKey(split, "rejected_by", ""))));
            }
          }
          return lines;
        }
      };

  /**
   * RL tasks scored by the repository's tests, one row readable by verl (its RL parquet layout) and by
   * TRL's GRPOTrainer (a prompt-only dataset); see {@link RlTask} and docs/rl-tasks.md.
   */
  public static final OutputKind<RlTask> RL =
      new OutputKind<>("rl", RlTaskCodec.INSTANCE, List.of(Split.TRAIN, Split.TEST), 50_000, "RL tasks") {
        @Override
        public String group(RlTask r) {
          return r.extraInfo().split();
        }

        @Override
        public String sortKey(RlTask r) {
          return r.id();
        }

        @Override
        public void count(RlTask r, Map<String, Long> sums) {
          add(sums, rowsKey(r.extraInfo().split()), 1);
          add(sums, tokensKey(r.extraInfo().split()), ExecutionViews.tokens(r.prompt()));
        }

        @Override
        public boolean listedWhenEmpty() {
          return false;
        }

        @Override
        public String cardLine() {
          return "- `rl`: RL tasks `{\"data_source\", \"prompt\": [...], \"ability\", \"reward_model\": {\"style\": \"rule\","
              + " \"ground_truth\"}, \"extra_info\": {...}}` in verl's RL parquet layout, which TRL's GRPOTrainer also reads"
              + " (a prompt-only dataset; the other columns reach the reward function): `ground_truth` names the tests"
              + " that score an answer, and how to build and run them.\n";
        }

        @Override
        public String tokensIn() {
          return "RL prompts";
        }

        @Override
        public RowRules<RlTask> rules() {
          return ExecutionViews.rlRules();
        }

        @Override
        public void trainingTexts(RlTask r, Consumer<String> texts) {
          if (Split.TRAIN.equals(r.extraInfo().split())) {
            r.prompt().forEach(m -> texts.accept(m.content()));
          }
        }

        @Override
        public void inspect(List<RlTask> rows, Inspection in) {
          ExecutionViews.inspectRl(this, rows, in);
        }

        @Override
        public List<String> summaryLines(Map<String, Long> counts) {
          List<String> lines = new ArrayList<>();
          for (String split : splits()) {
            long rows = counts.getOrDefault(rowsKey(split), 0L);
            if (rows > 0) {
              lines.add(String.format("  rl %-5s %,d tasks, %,d prompt tokens", split, rows,
                  counts.getOrDefault(tokensKey(split), 0L)));
            }
          }
          return lines;
        }
      };

  /**
   * SWE-bench-style task instances made of the repository's fix commits (see {@link InstanceRecord}),
   * for an evaluation harness or an agent's training loop; not a trainer's rows.
   */
  public static final OutputKind<InstanceRecord> INSTANCES =
      new OutputKind<>("instances", InstanceCodec.INSTANCE, List.of(Split.TRAIN, Split.TEST), 10_000,
          "Task instances") {
        @Override
        public String group(InstanceRecord r) {
          return r.meta().split();
        }

        @Override
        public String sortKey(InstanceRecord r) {
          return r.instanceId();
        }

        @Override
        public void count(InstanceRecord r, Map<String, Long> sums) {
          add(sums, rowsKey(r.meta().split()), 1);
          add(sums, countKey(r.meta().split(), "fail_to_pass"), r.failToPass().size());
          add(sums, countKey(r.meta().split(), "pass_to_pass"), r.passToPass().size());
        }

        @Override
        public boolean listedWhenEmpty() {
          return false;
        }

        @Override
        public String cardLine() {
          return "- `instances`: SWE-bench-style task instances of the repository's own fix commits `{\"repo\","
              + " \"instance_id\", \"base_commit\", \"patch\", \"test_patch\", \"problem_statement\", ..., \"FAIL_TO_PASS\","
              + " \"PASS_TO_PASS\", \"environment_setup_commit\", \"build_command\", \"test_command\", \"meta\"}`, in"
              + " princeton-nlp/SWE-bench's columns (the two test lists JSON-encoded, as there), for an evaluation"
              + " harness or an agent; `build_command` and `test_command` say how to run the tests.\n";
        }

        @Override
        public RowRules<InstanceRecord> rules() {
          return ExecutionViews.instanceRules();
        }

        @Override
        public void inspect(List<InstanceRecord> rows, Inspection in) {
          ExecutionViews.inspectInstances(this, rows, in);
        }

        @Override
        public List<String> summaryLines(Map<String, Long> counts) {
          List<String> lines = new ArrayList<>();
          for (String split : splits()) {
            long rows = counts.getOrDefault(rowsKey(split), 0L);
            if (rows > 0) {
              lines.add(String.format("  instances %-5s %,d instances, %,d FAIL_TO_PASS and %,d PASS_TO_PASS tests",
                  split, rows, counts.getOrDefault(countKey(split, "fail_to_pass"), 0L),
                  counts.getOrDefault(countKey(split, "pass_to_pass"), 0L)));
            }
          }
          return lines;
        }
      };

  /**
   * Retriever training triplets (sentence-transformers' anchor, positive, negative): a question, the
   * chunk that answers it, and a hard negative ({@link TripletRecord}); split as the SFT rows of the
   * positive's file, so a retriever is tested on the files the SFT test split holds.
   */
  public static final OutputKind<TripletRecord> TRIPLETS =
      new OutputKind<>("triplets", TripletCodec.INSTANCE, List.of(Split.TRAIN, Split.TEST), 100_000, "Triplets") {
        @Override
        public String group(TripletRecord r) {
          return r.meta().split();
        }

        @Override
        public String sortKey(TripletRecord r) {
          return r.id();
        }

        @Override
        public void count(TripletRecord r, Map<String, Long> sums) {
          String split = r.meta().split();
          add(sums, rowsKey(split), 1);
          add(sums, taskKey(split, r.meta().task()), 1);
          add(sums, countKey(split, "negative_from", r.meta().negativeFrom()), 1);
        }

        @Override
        public boolean listedWhenEmpty() {
          return false;
        }

        @Override
        public String cardLine() {
          return "- `triplets`: retriever training triplets `{\"anchor\", \"positive\", \"negative\", \"meta\": {...}}`"
              + " in sentence-transformers' (anchor, positive, negative) layout: a question, the chunk that answers it and"
              + " a hard negative (`meta.negative_from`: same file, same name, or a BM25 hit that is not the answer);"
              + " drop `meta` before training (the trainer takes every other column as an input); split by file.\n";
        }

        @Override
        public RowRules<TripletRecord> rules() {
          Map<String, String> splitOfFile = new HashMap<>();
          Set<String> from = Set.of(TripletRecord.FROM_SAME_FILE, TripletRecord.FROM_SAME_NAME, TripletRecord.FROM_BM25);
          return (where, group, r, v) -> {
            if (!r.meta().split().equals(group)) {
              v.add(where + ": row " + r.id() + " says split \"" + r.meta().split() + "\" but is in the " + group + " shard");
            }
            if (r.negative().equals(r.positive())) {
              v.add(where + ": row " + r.id() + " has its positive as its negative");
            }
            if (r.anchor().isBlank() || r.positive().isBlank() || r.negative().isBlank()) {
              v.add(where + ": row " + r.id() + " has an empty anchor, positive or negative");
            }
            if (!from.contains(r.meta().negativeFrom())) {
              v.add(where + ": negative_from \"" + r.meta().negativeFrom() + "\" is not same_file, same_name or bm25");
            }
            String file = r.meta().repo() + ":" + r.meta().path();
            String other = splitOfFile.putIfAbsent(file, r.meta().split());
            if (other != null && !other.equals(r.meta().split()) && !other.equals("both")) {
              v.add("file " + r.meta().path() + " has triplets in both train and test");
              splitOfFile.put(file, "both");
            }
          };
        }

        @Override
        public void trainingTexts(TripletRecord r, Consumer<String> texts) {
          if (Split.TRAIN.equals(r.meta().split())) {
            texts.accept(r.anchor());
            texts.accept(r.positive());
            texts.accept(r.negative());
          }
        }

        @Override
        public void inspect(List<TripletRecord> rows, Inspection in) {
          if (rows.isEmpty()) {
            return;
          }
          in.out().printf("%n%s: %,d%n", title(), rows.size());
          in.table("split x negative_from", rows, r -> r.meta().split() + "  " + r.meta().negativeFrom());
          in.table("split x task", rows, r -> r.meta().split() + "  " + r.meta().task());
        }

        @Override
        public List<String> summaryLines(Map<String, Long> counts) {
          List<String> lines = new ArrayList<>();
          for (String split : splits()) {
            long rows = counts.getOrDefault(rowsKey(split), 0L);
            if (rows > 0) {
              lines.add(String.format("  triplets %-5s %,d triplets  negatives from %s", split, rows,
                  under(counts, countKey(split, "negative_from", ""))));
            }
          }
          RetrievalFigures f = RetrievalFigures.of(counts);
          if (f.queries() > 0) {
            // the lexical baseline a retriever trained on the triplets has to beat
            lines.add("  " + f.line());
          }
          return lines;
        }
      };

  /**
   * RAFT rows (Zhang et al. 2024): a question with retrieved chunks as context, the answer chunk among
   * them most of the time, and the answer quoting it when it is there; {@link SftRecord}s, split by file.
   */
  public static final OutputKind<SftRecord> RAFT =
      new SftShaped("raft", 50_000, "RAFT rows", "RAFT messages") {
        @Override
        public String cardLine() {
          return "- `raft`: RAFT rows (retrieval-augmented fine-tuning) `{\"messages\": [...], \"meta\": {...}}`: a question"
              + " with retrieved chunks as context (the chunk that answers it among them most of the time, else only"
              + " distractors), the answer quoting that chunk when it is there; the shape of `sft`; split by file.\n";
        }

        @Override
        String inspectTable() {
          return "split"; // every row's task is raft
        }

        @Override
        String inspectTable(SftRecord r) {
          return r.meta().split();
        }

        @Override
        public List<String> summaryLines(Map<String, Long> counts) {
          return splitLines(counts, false);
        }
      };

  /**
   * The SFT rows with {@code messages} only, one file a split ({@code openai/train.jsonl}), for the
   * OpenAI fine-tuning API, whose validator is stricter than any trainer's. Derived: each SFT shard's
   * merge writes its part as it writes the shard, and the finish joins the parts in shard order.
   */
  public static final OutputKind<List<Message>> OPENAI =
      new OutputKind<>("openai", OpenAiCodec.INSTANCE, List.of(Split.TRAIN, Split.TEST), 0, "OpenAI rows") {
        private final Set<String> roles = Set.of("system", "user", "assistant");

        @Override
        public String group(List<Message> row) {
          throw new UnsupportedOperationException("openai rows are cut from SFT rows, never grouped");
        }

        @Override
        public OutputKind<?> source() {
          return SFT;
        }

        @Override
        public String derive(String sourceLine) {
          return OpenAiCodec.cutFrom(sourceLine);
        }

        @Override
        public String cardLine() {
          return "- `openai/train.jsonl`, `openai/test.jsonl`: the SFT rows with `messages` only, for the"
              + " OpenAI fine-tuning API.\n";
        }

        @Override
        public RowRules<List<Message>> rules() {
          return (where, split, messages, v) -> {
            boolean user = false;
            boolean assistant = false;
            for (Message m : messages) {
              if (!roles.contains(m.role())) {
                v.add(where + ": role \"" + m.role() + "\" is not system, user or assistant");
              }
              if (m.content() == null || m.content().isBlank()) {
                v.add(where + ": a " + m.role() + " message has empty content");
              }
              user |= m.role().equals("user");
              assistant |= m.role().equals("assistant");
            }
            if (!user || !assistant || !messages.get(messages.size() - 1).role().equals("assistant")) {
              v.add(where + ": a conversation needs a user message and must end with the assistant's");
            }
          };
        }
      };

  /** What a stage chose not to keep, and why; one group of shards per stage. */
  public static final OutputKind<Rejected> REJECTED =
      new OutputKind<>("rejected", RejectedCodec.INSTANCE, List.of(), 100_000, "Rejected") {
        @Override
        public String group(Rejected r) {
          return r.stage();
        }

        @Override
        public void count(Rejected r, Map<String, Long> sums) {
          add(sums, countKey(r.stage(), r.reason()), 1);
        }

        @Override
        public void inspect(List<Rejected> rows, Inspection in) {
          in.ranked(title(), rows, r -> r.stage() + "  " + r.reason());
        }
      };

  /** What a stage could not do, with the error; one group of shards per stage. */
  public static final OutputKind<Failed> FAILED =
      new OutputKind<>("failed", FailedCodec.INSTANCE, List.of(), 100_000, "Failed") {
        @Override
        public String group(Failed f) {
          return f.stage();
        }

        @Override
        public void count(Failed f, Map<String, Long> sums) {
          add(sums, countKey(f.stage()), 1);
        }

        @Override
        public void inspect(List<Failed> rows, Inspection in) {
          in.ranked(title(), rows, Failed::stage);
        }
      };

  private final String folder;
  private final transient RowCodec<T> codec;
  private final transient List<String> splits;
  private final long rowsPerShard;
  private final String title;

  /**
   * @param splits the splits its rows are grouped by, in the order a reader expects; empty for a kind
   *     grouped by stage (its groups come from its rows)
   * @param rowsPerShard at most this many rows a shard (a merge holds one shard in memory); 0 for a
   *     kind derived from another, which has one file a split
   * @param title what {@code inspect}, {@code validate} and the card call its rows
   */
  /**
   * A kind of rows in {@code sft/}'s shape that is not SFT's own (exec's fix-bug rows, RAFT rows): grouped
   * and sorted as SFT's, split by file with the chat rules of the OpenAI copy, read by the trainers and
   * LLaMA-Factory as SFT's are; a constant says only what it is (its card line, its summary).
   */
  private abstract static class SftShaped extends OutputKind<SftRecord> {
    private static final long serialVersionUID = 1L;
    private final String tokensIn;

    SftShaped(String folder, long rowsPerShard, String title, String tokensIn) {
      super(folder, SftCodec.INSTANCE, List.of(Split.TRAIN, Split.TEST), rowsPerShard, title);
      this.tokensIn = tokensIn;
    }

    @Override
    public String group(SftRecord r) {
      return r.meta().split();
    }

    @Override
    public String sortKey(SftRecord r) {
      return r.id();
    }

    @Override
    public void count(SftRecord r, Map<String, Long> sums) {
      add(sums, rowsKey(r.meta().split()), 1);
      add(sums, taskKey(r.meta().split(), r.meta().task()), 1);
      add(sums, tokensKey(r.meta().split()), ExecutionViews.tokens(r.messages()));
    }

    @Override
    public boolean listedWhenEmpty() {
      return false;
    }

    @Override
    public String tokensIn() {
      return tokensIn;
    }

    @Override
    public Map<String, Object> llamaFactoryEntry(String file) {
      return SFT.llamaFactoryEntry(file);
    }

    @Override
    public RowRules<SftRecord> rules() {
      RowRules<SftRecord> byFile = splitByFile("exec rows");
      RowRules<List<Message>> chat = OPENAI.rules();
      return (where, group, r, v) -> {
        byFile.check(where, group, r, v);
        chat.check(where, group, r.messages(), v);
      };
    }

    @Override
    public void trainingTexts(SftRecord r, Consumer<String> texts) {
      SFT.trainingTexts(r, texts);
    }

    /** What {@code inspect} tables the rows by: the table's name, and a row's value in it. */
    String inspectTable() {
      return "split x task";
    }

    String inspectTable(SftRecord r) {
      return r.meta().split() + "  " + r.meta().task();
    }

    @Override
    public void inspect(List<SftRecord> rows, Inspection in) {
      if (rows.isEmpty()) {
        return;
      }
      in.out().printf("%n%s: %,d%n", title(), rows.size());
      in.table(inspectTable(), rows, this::inspectTable);
      printSamples(rows, in, r -> r.meta().task(), SftRecord::id, SftRecord::messages,
          r -> String.format("%s  %s:%s", r.meta().split(), r.meta().path(), r.meta().lines()));
    }

    /** Each split's rows and tokens, and its task counts when {@code tasks}. */
    List<String> splitLines(Map<String, Long> counts, boolean tasks) {
      List<String> lines = new ArrayList<>();
      for (String split : splits()) {
        long rows = counts.getOrDefault(rowsKey(split), 0L);
        if (rows > 0) {
          lines.add(String.format("  %s %-5s %,d rows, %,d tokens", folder(), split, rows,
              counts.getOrDefault(tokensKey(split), 0L)) + (tasks ? "  " + under(counts, taskKey(split, "")) : ""));
        }
      }
      return lines;
    }
  }

  private OutputKind(String folder, RowCodec<T> codec, List<String> splits, long rowsPerShard, String title) {
    this.folder = folder;
    this.codec = codec;
    this.splits = List.copyOf(splits);
    this.rowsPerShard = rowsPerShard;
    this.title = title;
    VALUES.add(this);
  }

  /** The counts whose key starts with {@code prefix}, keyed by the rest, in the counts' order. */
  static Map<String, Long> under(Map<String, Long> counts, String prefix) {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.forEach((k, v) -> {
      if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v);
    });
    return out;
  }

  /**
   * {@code inspect}'s sample rows of a messages kind: per task, {@link Inspection#rowsPerTask} rows chosen
   * by the inspection's seed from the rows in id order, each under a header line, without the system prompt.
   */
  static <R> void printSamples(List<R> rows, Inspection in, Function<R, String> task, Function<R, String> id,
      Function<R, List<Message>> messages, Function<R, String> where) {
    Map<String, List<R>> byTask = new TreeMap<>();
    rows.forEach(r -> byTask.computeIfAbsent(task.apply(r), k -> new ArrayList<>()).add(r));
    for (Map.Entry<String, List<R>> e : byTask.entrySet()) {
      List<R> pool = new ArrayList<>(e.getValue());
      pool.sort(java.util.Comparator.comparing(id));
      Collections.shuffle(pool, new Random(in.seed()));
      for (R r : pool.subList(0, Math.min(in.rowsPerTask(), pool.size()))) {
        in.out().printf("%n--- %s  %s  (%s)%n", e.getKey(), where.apply(r), id.apply(r));
        for (Message m : messages.apply(r)) {
          if (!m.role().equals("system")) {
            in.out().printf("[%s]%n%s%n", m.role(), Inspection.abbreviate(m.content()));
          }
        }
      }
    }
  }

  /**
   * The rules of rows split by file ({@code sft}, {@code exec}): a row is in its split's shard, and no
   * file has {@code rows} in both train and test (said once a file).
   */
  static RowRules<SftRecord> splitByFile(String rows) {
    Map<String, String> splitOfFile = new HashMap<>();
    return (where, group, r, v) -> {
      String split = r.meta().split();
      if (!split.equals(group)) {
        v.add(where + ": row " + r.id() + " says split \"" + split + "\" but is in the " + group + " shard");
      }
      String other = splitOfFile.putIfAbsent(r.meta().repo() + ":" + r.meta().path(), split);
      if (other != null && !other.equals(split) && !other.equals("both")) {
        v.add("file " + r.meta().path() + " has " + rows + " in both train and test");
        splitOfFile.put(r.meta().repo() + ":" + r.meta().path(), "both");
      }
    };
  }

  /** Every kind, in catalogue order. */
  public static List<OutputKind<?>> values() {
    return Collections.unmodifiableList(VALUES);
  }

  /** The kind written to {@code folder}. */
  public static OutputKind<?> of(String folder) {
    for (OutputKind<?> k : VALUES) {
      if (k.folder.equals(folder)) {
        return k;
      }
    }
    throw new IllegalArgumentException("no output kind is written to " + folder + "/");
  }

  // --- the files ------------------------------------------------------------------------------

  /** The folder under the dataset root, which is also the kind's card config and manifest key. */
  public String folder() {
    return folder;
  }

  public RowCodec<T> codec() {
    return codec;
  }

  /** Whether its shards have a Parquet twin (and so a config in the card); JSONL only otherwise. */
  public boolean hasParquet() {
    return codec.schema() != null;
  }

  public List<String> splits() {
    return splits;
  }

  public long rowsPerShard() {
    return rowsPerShard;
  }

  public String title() {
    return title;
  }

  /** The group a row is sharded in: its split, or its stage. */
  public abstract String group(T row);

  /** What orders a shard's rows, and picks a row's shard; null: the row's JSON line itself. */
  public String sortKey(T row) {
    return null;
  }

  /** A shard's file, relative to the dataset root: {@code sft/train-00000-of-00001.jsonl}. */
  public String shardFile(String group, int index, int count, String extension) {
    return folder + "/" + ShardNames.of(group, index, count, extension);
  }

  /** The kind whose shards this kind's rows are cut from, one line each; null when it has shards. */
  public OutputKind<?> source() {
    return null;
  }

  /** The line of this kind made from {@code sourceLine}, a line of {@link #source}. */
  public String derive(String sourceLine) {
    throw new UnsupportedOperationException(folder + " rows are not derived from another kind");
  }

  /** A derived kind's file of one split: {@code openai/train.jsonl}. */
  public String derivedFile(String split) {
    return folder + "/" + split + ".jsonl";
  }

  // --- manifest counts ------------------------------------------------------------------------

  /** A key of the manifest's counts under this kind: {@code countKey("train", "total")} is "sft.train.total". */
  public String countKey(String... parts) {
    return folder + "." + String.join(".", parts);
  }

  /** The count of rows in a group: {@code sft.train.total}. */
  public String rowsKey(String group) {
    return countKey(group, "total");
  }

  /** The count of rows of one task kind in a split: {@code sft.train.task.explain}. */
  public String taskKey(String split, String task) {
    return countKey(split, "task", task);
  }

  /** The tokens of a group's rows: {@code tokens.sft.train}. */
  public String tokensKey(String group) {
    return "tokens." + folder + "." + group;
  }

  /**
   * Adds the manifest counts of one written row to {@code sums}. {@code validate} recounts the rows and
   * compares every key under {@link #folder}{@code .} with the manifest (token counts are not recounted).
   */
  public void count(T row, Map<String, Long> sums) {
    add(sums, rowsKey(group(row)), 1);
  }

  /** The lines of the closing summary about this kind, from the run's counts. */
  public List<String> summaryLines(Map<String, Long> counts) {
    return List.of();
  }

  // --- dataset card and LLaMA-Factory ---------------------------------------------------------

  /**
   * Whether the card names it when the folder holds none of its rows ({@code sft}, {@code cpt}: a
   * repository without them is worth saying so); false for the completion kinds, which a folder may
   * hold none of.
   */
  public boolean listedWhenEmpty() {
    return true;
  }

  /** Its bullet in the card's list of what the folder holds; null for none. */
  public String cardLine() {
    return null;
  }

  /** What the card's token line calls the text of its rows ("SFT messages"); null: no tokens counted. */
  public String tokensIn() {
    return null;
  }

  /** Its {@code dataset_info.json} entry for one JSONL shard; null when LLaMA-Factory does not load it. */
  public Map<String, Object> llamaFactoryEntry(String file) {
    return null;
  }

  /** {@code <repo>_sft}, {@code <repo>_sft_test}, {@code <repo>_cpt}: the repo name made safe for a key. */
  public String llamaFactoryName(String repo, String split) {
    String safe = repo.replaceAll("[^A-Za-z0-9_.-]", "_") + "_" + folder;
    return Split.TRAIN.equals(split) ? safe : safe + "_" + split;
  }

  // --- validate and inspect -------------------------------------------------------------------

  /** A fresh set of {@code validate}'s rules for its rows, for one folder. */
  public RowRules<T> rules() {
    return RowRules.none();
  }

  /**
   * {@code validate}'s rules given the manifest's {@code config} (option name to its value as text,
   * {@code context_tokens}: "8192"), for a kind whose rules depend on a setting; {@link #rules()} otherwise.
   */
  public RowRules<T> rules(Map<String, String> config) {
    return rules();
  }

  /**
   * Hands {@code texts} each text of {@code row} that a model trains on: none for a row of a test split.
   * The held-out check ({@link HeldOutCheck}) looks for every {@link #heldOutText} in them.
   */
  public void trainingTexts(T row, Consumer<String> texts) {}

  /** The text of {@code row} that no training text may contain (a held-out FIM middle); null for none. */
  public String heldOutText(T row) {
    return null;
  }

  /** Its section of {@code repotune inspect}; none by default. */
  public void inspect(List<T> rows, Inspection in) {}

  // --- the row cache --------------------------------------------------------------------------

  /**
   * Whether a cached replay can carry its rows: a chunk whose rows are replayed gets each row back
   * through {@link #restamp}. A chunk that makes a row of a kind that cannot be replayed is not cached
   * (made again on the next run), so a replay never drops a row.
   */
  public boolean replayable() {
    return false;
  }

  /** The row as it would have been made at {@code commit}, for the chunk {@code chunkId}. */
  public T restamp(T row, String commit, String chunkId) {
    throw new UnsupportedOperationException(folder + " rows cannot be replayed from the row cache");
  }

  @Override
  public String toString() {
    return folder;
  }

  static void add(Map<String, Long> sums, String key, long n) {
    sums.merge(key, n, Long::sum);
  }

  /** Serialised by folder name and resolved to the constant, so a DoFn that holds a kind holds the one. */
  protected final Object writeReplace() {
    return new Ref(folder);
  }

  private record Ref(String folder) implements Serializable {
    private Object readResolve() {
      return OutputKind.of(folder);
    }
  }
}
