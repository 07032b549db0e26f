package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * generate's settings without running a job: each range's one message, and what a dataset records of
 * the command that made it (manifest.json's config, the command line), read off the parse.
 */
class GenerateSettingsTest {
  private static final String REPO = "/nowhere/acme";
  private static final List<String> SNAPSHOT_TASKS =
      List.of("explain", "signature", "locate", "implement", "document", "callers", "implementers", "tests", "write-test",
          "doc-section");
  private static final List<String> HISTORY_TASKS = List.of("change", "commit-message", "why", "fix-with-test");
  private static final String KNOWN = String.join(", ", dev.repotune.prompts.TaskKind.wireNames());

  record BadValue(List<String> args, String line) {
    @Override
    public String toString() {
      return String.join(" ", List.of("generate", String.join(" ", args))).strip();
    }
  }

  static Stream<BadValue> badValues() {
    return Stream.of(
        bad("name a repository to read: repotune generate <git-url|path> (or --repos FILE)"),
        bad("several repositories go into one dataset: name its folder with --out", REPO, REPO + "2"),
        bad("--test-fraction must be at least 0 and below 1, got 1.0 (try 0.05)", REPO, "--test-fraction", "1"),
        bad("--test-fraction must be at least 0 and below 1, got -0.1 (try 0.05)", REPO, "--test-fraction", "-0.1"),
        bad("--variants must be between 1 and 10, got 0", REPO, "--variants", "0"),
        bad("--variants must be between 1 and 10, got 11", REPO, "--variants", "11"),
        bad("--max-chunks must be 0 (all) or more, got -1", REPO, "--max-chunks", "-1"),
        bad("--mix share of locate must be above 0 and at most 1, got 1.5", REPO, "--mix", "locate=1.5"),
        bad("--mix takes task=share entries, got \"locate\"", REPO, "--mix", "callers=0.1,locate"),
        bad("unknown task in --mix gossip=0.2 (known: " + KNOWN + ")", REPO, "--mix", "gossip=0.2"),
        bad("--max-file-bytes must be positive, got 0", REPO, "--max-file-bytes", "0"),
        bad("--teacher must be offline or openai, got claude", REPO, "--teacher", "claude"),
        bad("--concurrency must be between 1 and 256, got 257", REPO, "--concurrency", "257"),
        bad("--budget-usd must be 0 (no limit) or more, got -1.0", REPO, "--budget-usd", "-1"),
        bad("--pairs must be between 1 and 10, got 0", REPO, "--pairs", "0"),
        bad("--max-failed-share must be between 0 and 1, got 1.5 (try 0.2)", REPO, "--max-failed-share", "1.5"),
        bad("--max-tokens must be at least 64, got 63", REPO, "--max-tokens", "63"),
        bad("--timeout must be at least 1 second, got 0", REPO, "--timeout", "0"),
        bad("--base-url must be an http(s) URL such as http://localhost:11434/v1, got ftp://h/v1", REPO, "--base-url", "ftp://h/v1"),
        bad("--api-key-env names an environment variable (e.g. OPENAI_API_KEY), not a key", REPO, "--api-key-env", "sk-1"),
        bad("--language must be en or any, got de", REPO, "--language", "de"),
        bad("--profile must be one of plain, starcoder2, qwen2.5-coder, deepseek-coder, codellama, got gpt", REPO,
            "--profile", "gpt"),
        bad("--fim-mode must be psm, spm or both, got mid", REPO, "--fim-mode", "mid"),
        bad("--fim-mode spm: the deepseek-coder profile's family trained PSM only", REPO, "--profile", "deepseek-coder",
            "--fim-mode", "spm"),
        bad("--fim-rate must be between 0 and 1, got 1.5", REPO, "--fim-rate", "1.5"),
        bad("--fim-per-file must be between 0 and 64, got 65", REPO, "--fim-per-file", "65"),
        bad("--fim-random-share must be between 0 and 1, got -0.5", REPO, "--fim-random-share", "-0.5"),
        bad("--context-tokens must be between 256 and 1048576, got 100", REPO, "--context-tokens", "100"),
        bad("--completion-holdout must be at least 0 and under 0.5, got 0.5", REPO, "--completion-holdout", "0.5"),
        bad("--history must be between 0 and 1000000, got -1", REPO, "--history", "-1"),
        bad("--max-mutants must be between 0 and 1000000, got -1", REPO, "--max-mutants", "-1"),
        bad("--raft-oracle must be between 0 and 1, got 1.5", REPO, "--raft-oracle", "1.5"),
        bad("--exec-timeout must be between 1 and 86400 seconds, got 0", REPO, "--exec-timeout", "0"),
        bad("give --holdout-commits or --holdout-since, not both", REPO, "--holdout-commits", "5",
            "--holdout-since", "2024-01-01"),
        bad("--since must be a date like 2024-01-31, got last week", REPO, "--since", "last week"),
        bad("--max-commit-files must be between 1 and 10000, got 0", REPO, "--max-commit-files", "0"),
        bad("--runner storm is not one of direct, flink, spark, dataflow (try --runner direct)", REPO, "--runner", "storm"),
        bad("unknown task in --tasks explain,gossip (known: " + KNOWN + ")", REPO, "--tasks", "explain,gossip"),
        bad("--teacher openai has no template for locate (the offline teacher states those facts); its tasks are"
            + " explain, implement, document, callers, tests, write-test", REPO, "--teacher", "openai", "--tasks", "locate"),
        // several wrong: the first in the order of the checks
        bad("--test-fraction must be at least 0 and below 1, got 2.0 (try 0.05)", REPO, "--variants", "0", "--test-fraction", "2"));
  }

  static BadValue bad(String line, String... args) {
    return new BadValue(List.of(args), line);
  }

  /** Checked before any repository is read: exit 2 and the setting's one line. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void givenValueOutOfRange_thenExit2WithItsOneLine(BadValue bad) {
    List<String> args = new ArrayList<>(List.of("generate"));
    args.addAll(bad.args());
    CliRun r = CliRun.of(args.toArray(String[]::new));
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertEquals("repotune: " + bad.line(), r.err().strip());
  }

  @Test
  void givenSourceWithRef_thenSplitAtRefAfterLastSlash() {
    assertArrayEquals(new String[] {"https://h/o/r.git", "v1"}, InputMixin.splitRef("https://h/o/r.git@v1", "HEAD"));
    assertArrayEquals(new String[] {"git@github.com:o/r.git", "HEAD"}, InputMixin.splitRef("git@github.com:o/r.git", "HEAD"));
    assertArrayEquals(new String[] {"/tmp/a@b/repo", "HEAD"}, InputMixin.splitRef("/tmp/a@b/repo", "HEAD"));
  }

  /** The generate command after parsing {@code args}, as picocli leaves it before the run. */
  static GenerateCommand parsed(String... args) {
    CommandLine root = RepotuneCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    List<String> all = new ArrayList<>(List.of("generate"));
    all.addAll(List.of(args));
    root.parseArgs(all.toArray(String[]::new));
    return root.getSubcommands().get("generate").getCommand();
  }

  @Test
  void givenNoOptions_thenConfigHoldsEveryDefaultAndTheCommandLineOnlyTheRepository() {
    GenerateCommand g = parsed(REPO);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("name", null);
    expected.put("include", List.of());
    expected.put("exclude", List.of());
    expected.put("max_file_bytes", 1048576L);
    List<String> all = new ArrayList<>(SNAPSHOT_TASKS);
    all.addAll(HISTORY_TASKS);
    all.add("fix-bug"); // made only with --exec, by running the tests; never capped by --mix
    expected.put("tasks", all);
    expected.put("variants", 3);
    Map<String, Double> mix = new LinkedHashMap<>();
    SNAPSHOT_TASKS.forEach(t -> mix.put(t, 0.25)); // no SFT kind above a quarter of the rows; history rows are not capped
    expected.put("mix", mix);
    expected.put("max_chunks", 0);
    expected.put("test_fraction", 0.05);
    expected.put("seed", 0L);
    expected.put("teacher", "offline");
    expected.put("language", "any");
    expected.put("keep_trivial_code", false);
    expected.put("keep_emails", false);
    expected.put("keep_licence_headers", false);
    expected.put("profile", "plain");
    expected.put("fim_mode", "psm");
    expected.put("fim_rate", 0.5);
    expected.put("fim_per_file", 4);
    expected.put("fim_random_share", 0.2);
    expected.put("context_tokens", 8192);
    expected.put("completion_holdout", 0.05);
    expected.put("history", 10000);
    expected.put("since", "");
    expected.put("holdout_commits", 0);
    expected.put("holdout_since", "");
    expected.put("max_commit_files", 20);
    expected.put("max_diff_lines", 2000);
    expected.put("exec", false);
    expected.put("max_mutants", 200);
    expected.put("max_instances", 20);
    expected.put("exec_timeout", 120);
    expected.put("retrieval", false);
    expected.put("raft_k", 4);
    expected.put("raft_oracle", 0.8);
    expected.put("runner", "direct");
    assertEquals(expected, g.config());
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(g.config().keySet()), "in the order the options are declared");
    assertEquals("repotune generate " + REPO, g.commandLine(false));
    assertEquals("repotune generate " + REPO, g.commandLine(true));
  }

  @Test
  void givenOfflineOptions_thenCommandLineHasTheGivenOnesThatShapeTheDataAndTheResumeLineTheFolders() {
    GenerateCommand g = parsed(REPO + "@v2", "--ref", "main", "--name", "acme-core", "--tasks", "explain,callers", "--variants", "5",
        "--mix", "Callers=0.1",
        "--include", "src/**/*.java", "--exclude", "gen", "--max-chunks", "9", "--test-fraction", "0.5", "--seed", "7",
        "--language", "en", "--keep-trivial-code", "--keep-emails", "--keep-licence-headers", "--max-file-bytes", "100", "--runner", "spark",
        "--out", "my out", "--cache-dir", "/c", "--overwrite", "--timeout", "9", "--", "--targetParallelism=2");
    String made = "repotune generate " + REPO + "@v2 --ref main --name acme-core --include 'src/**/*.java' --exclude gen"
        + " --tasks explain,callers --variants 5 --mix Callers=0.1 --max-chunks 9 --test-fraction 0.5 --seed 7"
        + " --language en --keep-trivial-code --keep-emails --keep-licence-headers";
    assertEquals(made, g.commandLine(false));
    assertEquals(made + " --out 'my out' --cache-dir /c", g.commandLine(true));
    Map<String, Object> c = g.config();
    assertEquals("acme-core", c.get("name"));
    assertEquals(List.of("explain", "callers"), c.get("tasks"));
    assertEquals(5, c.get("variants"));
    assertEquals(Map.of("explain", 0.25, "callers", 0.1), c.get("mix"), "by wire name, every kind asked");
    assertEquals(List.of("src/**/*.java"), c.get("include"));
    assertEquals(100L, c.get("max_file_bytes"));
    assertEquals("spark", c.get("runner"));
    assertEquals(true, c.get("keep_emails"));
    assertEquals(true, c.get("keep_licence_headers"));
    assertFalse(c.containsKey("model") || c.containsKey("pairs"), "no teacher endpoint offline: " + c);
  }

  @Test
  void givenAProfile_thenConfigHoldsItsRateAndModesUnlessGiven() {
    Map<String, Object> c = parsed(REPO, "--profile", "codellama").config();
    assertEquals("codellama", c.get("profile"));
    assertEquals(0.9, c.get("fim_rate"), "Code Llama's paper's rate");
    assertEquals("both", c.get("fim_mode"), "half PSM, half SPM");
    Map<String, Object> given = parsed(REPO, "--profile", "starcoder2", "--fim-mode", "psm", "--fim-rate", "0.1").config();
    assertEquals(0.1, given.get("fim_rate"));
    assertEquals("psm", given.get("fim_mode"));
    assertEquals("repotune generate " + REPO + " --profile starcoder2 --fim-mode psm --fim-rate 0.1",
        parsed(REPO, "--profile", "starcoder2", "--fim-mode", "psm", "--fim-rate", "0.1").commandLine(false));
  }

  @Test
  void givenOpenAiTeacher_thenEndpointRecordedWithoutCredentialsAndVariantsNot() {
    GenerateCommand g = parsed("https://me:hunter2@git.example.com/acme.git", "--teacher", "openai",
        "--base-url", "https://key:s3cret@llm.example.com/v1", "--model", "m", "--variants", "5", "--pairs", "4",
        "--max-tokens", "100", "--budget-usd", "2", "--max-failed-share", "0.5", "--concurrency", "3");
    assertEquals("repotune generate https://git.example.com/acme.git --teacher openai"
        + " --base-url https://llm.example.com/v1 --model m --pairs 4 --concurrency 3 --budget-usd 2.0"
        + " --max-failed-share 0.5", g.commandLine(false));
    Map<String, Object> c = g.config();
    assertEquals("https://llm.example.com/v1", c.get("base_url"));
    assertEquals("m", c.get("model"));
    assertEquals("OPENAI_API_KEY", c.get("api_key_env"));
    assertEquals(4, c.get("pairs"));
    assertEquals(100, c.get("max_tokens"));
    assertEquals(3, c.get("concurrency"));
    assertEquals(2.0, c.get("budget_usd"));
    assertEquals(List.of("explain"), c.get("tasks"), "explain alone when none are named");
    assertFalse(c.containsKey("variants"), "the LLM path asks --pairs, not --variants: " + c);
    assertFalse(c.containsKey("max_failed_share"), "it decides the exit code, not the data: " + c);

    assertEquals("repotune generate " + REPO + " --teacher openai --base-url https://api.openai.com/v1 --model gpt-4o-mini",
        parsed(REPO, "--teacher", "openai").commandLine(false), "which endpoint and model made the rows, even by default");
  }

  /**
   * A new option of generate is either recorded (it shapes the data) or listed here as one that does not:
   * so nobody adds a setting that the manifest silently leaves out.
   */
  @Test
  void everyOptionIsRecordedOrKnownNotToShapeTheData() {
    Set<String> notRecorded = new TreeSet<>();
    CommandLine root = RepotuneCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    for (CommandLine.Model.OptionSpec o : root.getSubcommands().get("generate").getCommandSpec().options()) {
      if (!(o.userObject() instanceof java.lang.reflect.Field f) || f.getAnnotation(Recorded.class) == null) {
        notRecorded.add(o.longestName());
      }
    }
    assertEquals(
        Set.of("--dry-run", "--help", "--overwrite", "--price-table", "--quiet", "--timeout", "--verbose", "--version"),
        notRecorded);
  }
}
