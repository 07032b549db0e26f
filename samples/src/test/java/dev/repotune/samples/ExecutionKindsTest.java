package dev.repotune.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.repotune.extractors.TokenCounter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The kinds made by running the tests (exec, preference, rl, instances): lines, Parquet, rules, views, card. */
class ExecutionKindsTest {
  @TempDir Path tmp;

  /** TRL's conversational preference example, as its dataset-formats page shows it. */
  static final String TRL_PREFERENCE =
      "{\"prompt\": [{\"role\": \"user\", \"content\": \"What color is the sky?\"}],"
          + " \"chosen\": [{\"role\": \"assistant\", \"content\": \"It is blue.\"}],"
          + " \"rejected\": [{\"role\": \"assistant\", \"content\": \"It is green.\"}]}";

  /** The row verl's examples/data_preprocess/gsm8k.py makes, its values cut short. */
  static final String VERL_GSM8K =
      "{\"data_source\": \"openai/gsm8k\", \"prompt\": [{\"role\": \"user\", \"content\": \"q\"}], \"ability\": \"math\","
          + " \"reward_model\": {\"style\": \"rule\", \"ground_truth\": \"72\"},"
          + " \"extra_info\": {\"split\": \"train\", \"index\": 0, \"answer\": \"a\", \"question\": \"q\"}}";

  @Test
  void aPreferenceLineIsTrlsConversationalPreferenceRowPlusMeta() throws Exception {
    PreferenceRecord r = ExecutionFixtures.preference(Split.TRAIN);
    String line = PreferenceCodec.INSTANCE.line(r);
    JsonNode ours = JsonLines.MAPPER.readTree(line);
    JsonNode trl = JsonLines.MAPPER.readTree(TRL_PREFERENCE);
    List<String> keys = keys(ours);
    assertEquals(List.of("prompt", "chosen", "rejected", "meta"), keys);
    assertEquals(keys(trl), keys.subList(0, 3), "TRL's columns first, in its order");
    for (String side : keys(trl)) {
      for (JsonNode m : ours.get(side)) {
        assertEquals(keys(trl.get(side).get(0)), keys(m), side + " messages are {role, content}");
      }
    }
    assertEquals(List.of("system", "user"), roles(ours.get("prompt")));
    assertEquals(List.of("assistant"), roles(ours.get("chosen")));
    assertEquals(List.of("assistant"), roles(ours.get("rejected")));
    assertEquals(List.of("id", "repo", "commit", "path", "symbol", "lines", "task", "rejected_by", "mutation",
        "failing_test", "split"), keys(ours.get("meta")));
    assertEquals(r, PreferenceCodec.INSTANCE.read(line));
    assertThrows(IllegalArgumentException.class,
        () -> PreferenceCodec.INSTANCE.read(line.replace("\"chosen\":", "\"choice\":")));
    assertThrows(IllegalArgumentException.class, () -> PreferenceCodec.INSTANCE.read(TRL_PREFERENCE), "meta is required");
  }

  @Test
  void anRlLineIsVerlsRowAndGrpoTrainersPromptOnlyRow() throws Exception {
    RlTask r = ExecutionFixtures.rl(Split.TEST, 7);
    String line = RlTaskCodec.INSTANCE.line(r);
    JsonNode ours = JsonLines.MAPPER.readTree(line);
    JsonNode verl = JsonLines.MAPPER.readTree(VERL_GSM8K);
    assertEquals(keys(verl), keys(ours), "verl's five columns, in its order");
    assertEquals(keys(verl.get("reward_model")), keys(ours.get("reward_model")));
    assertEquals(keys(verl.get("prompt").get(0)), keys(ours.get("prompt").get(0)));
    assertEquals(List.of("split", "index", "id", "repo", "commit", "path", "symbol", "reference"),
        keys(ours.get("extra_info")));
    assertEquals(keys(verl.get("extra_info")).subList(0, 2), keys(ours.get("extra_info")).subList(0, 2));
    assertTrue(ours.get("extra_info").get("index").isIntegralNumber());
    assertEquals(7, ours.get("extra_info").get("index").asLong());
    assertEquals("rule", ours.get("reward_model").get("style").asText());
    assertTrue(ours.get("reward_model").get("ground_truth").isTextual(), "verl's ground_truth is a string");
    assertEquals("user", ours.get("prompt").get(ours.get("prompt").size() - 1).get("role").asText(),
        "a prompt-only row: the model writes the assistant turn");
    assertEquals(r, RlTaskCodec.INSTANCE.read(line));
    assertThrows(IllegalArgumentException.class,
        () -> RlTaskCodec.INSTANCE.read(line.replace("\"index\":7", "\"index\":\"7\"")));
    assertThrows(IllegalArgumentException.class,
        () -> RlTaskCodec.INSTANCE.read(line.replace("{\"style\":\"rule\",", "{\"kind\":\"rule\",")));
  }

  @Test
  void theGroundTruthIsTheScoringSpecOfDocsRlTasks() throws Exception {
    RlTask.GroundTruth spec = ExecutionFixtures.spec(List.of(ExecutionFixtures.TEST));
    JsonNode n = JsonLines.MAPPER.readTree(spec.json());
    assertEquals(List.of("repo", "commit", "path", "symbol", "start_line", "end_line", "tests", "build", "test"), keys(n));
    assertTrue(n.get("start_line").isInt());
    assertEquals("[\"" + ExecutionFixtures.TEST + "\"]", n.get("tests").toString());
    assertEquals(spec, RlTask.GroundTruth.parse(spec.json()));
    assertThrows(IllegalArgumentException.class, () -> RlTask.GroundTruth.parse(spec.json().replace("\"end_line\":203", "\"end_line\":2.5")));
    assertThrows(IllegalArgumentException.class, () -> RlTask.GroundTruth.parse(spec.json().replace("\"build\"", "\"compile\"")));
    String doc = Files.readString(Path.of("..", "docs", "rl-tasks.md"));
    for (String key : RlTask.GroundTruth.KEYS) {
      assertTrue(doc.contains("`" + key + "`"), "docs/rl-tasks.md explains " + key);
    }
  }

  @Test
  void anInstanceLineHasSweBenchsColumnsWithItsTestListsAsJsonStrings() throws Exception {
    InstanceRecord r = ExecutionFixtures.instance(Split.TRAIN);
    String line = InstanceCodec.INSTANCE.line(r);
    JsonNode n = JsonLines.MAPPER.readTree(line);
    List<String> sweBench = List.of("repo", "instance_id", "base_commit", "patch", "test_patch", "problem_statement",
        "hints_text", "created_at", "version", "FAIL_TO_PASS", "PASS_TO_PASS", "environment_setup_commit");
    assertEquals(sweBench, keys(n).subList(0, 12), "princeton-nlp/SWE-bench's columns in its order");
    assertEquals(List.of("build_command", "test_command", "meta"), keys(n).subList(12, keys(n).size()));
    for (String k : sweBench) {
      assertTrue(n.get(k).isTextual(), k + " is a string, as in SWE-bench's dataset_info (dtype: string)");
    }
    assertEquals("[\"" + ExecutionFixtures.TEST + "\"]", n.get("FAIL_TO_PASS").asText());
    assertEquals(r.passToPass(), InstanceCodec.decode("PASS_TO_PASS", n.get("PASS_TO_PASS").asText()));
    assertEquals("google__gson-3f1c2b7a9e8d", n.get("instance_id").asText());
    assertEquals("gson__gson-3f1c2b7a9e8d", InstanceRecord.instanceId("gson", ExecutionFixtures.COMMIT));
    assertEquals("my_org__a_b-3f1c", InstanceRecord.instanceId("my org/a+b", "3f1c"));
    assertEquals(r, InstanceCodec.INSTANCE.read(line));
    assertThrows(IllegalArgumentException.class, () -> InstanceCodec.INSTANCE.read(
        line.replace("\"FAIL_TO_PASS\":\"[\\\"" + ExecutionFixtures.TEST + "\\\"]\"",
            "\"FAIL_TO_PASS\":[\"" + ExecutionFixtures.TEST + "\"]")), "a real list is not SWE-bench's layout");
    assertThrows(IllegalArgumentException.class, () -> InstanceCodec.INSTANCE.read(
        line.replace("\"PASS_TO_PASS\":\"[", "\"PASS_TO_PASS\":\"{[")));
  }

  @Test
  void parquetKeepsStructsAndListsOfStructsAsArrowReadsThem() throws Exception {
    String rl = footer(RlTaskCodec.INSTANCE, List.of(ExecutionFixtures.rl(Split.TRAIN, 0), ExecutionFixtures.rl(Split.TRAIN, 1)));
    assertTrue(rl.contains("required group prompt (LIST) {\n    repeated group list {\n      required group element {\n"
        + "        required binary role (STRING);\n        required binary content (STRING);"), rl);
    assertTrue(rl.contains("required group reward_model {\n    required binary style (STRING);\n"
        + "    required binary ground_truth (STRING);\n  }"), rl);
    assertTrue(rl.contains("required group extra_info {\n    required binary split (STRING);\n    required int64 index;"), rl);
    String pref = footer(PreferenceCodec.INSTANCE,
        List.of(ExecutionFixtures.preference(Split.TRAIN), ExecutionFixtures.preference(Split.TEST)));
    for (String side : List.of("prompt", "chosen", "rejected")) {
      assertTrue(pref.contains("required group " + side + " (LIST) {\n    repeated group list {\n      required group element {"), pref);
    }
    String inst = footer(InstanceCodec.INSTANCE, List.of(ExecutionFixtures.instance(Split.TEST)));
    assertTrue(inst.contains("required binary FAIL_TO_PASS (STRING);"), inst);
    assertTrue(inst.contains("required group meta {\n    required binary commit (STRING);"), inst);
  }

  private <T> String footer(RowCodec<T> codec, List<T> rows) throws Exception {
    Path f = tmp.resolve(codec.getClass().getSimpleName() + ".parquet");
    try (var out = Files.newOutputStream(f)) {
      ParquetShards.write(out, codec, rows);
    }
    assertEquals(rows, ParquetShards.read(f, codec));
    try (ParquetFileReader r = ParquetFileReader.open(new ParquetShards.LocalInputFile(f))) {
      return r.getFooter().getFileMetaData().getSchema().toString();
    }
  }

  @Test
  void execRulesAreSftsAndTheUploadersAndNameExecRows() {
    RowRules<SftRecord> rules = OutputKind.EXEC.rules();
    List<String> v = new ArrayList<>();
    SftRecord train = ExecutionFixtures.exec(Split.TRAIN);
    rules.check("exec/train-00000-of-00001.jsonl:1", Split.TRAIN, train, v);
    assertEquals(List.of(), v);
    SftRecord test = ExecutionFixtures.exec(Split.TEST);
    SftRecord unanswered = new SftRecord("exec-x", train.messages().subList(0, 1), test.meta());
    rules.check("exec/test-00000-of-00001.jsonl:1", Split.TEST, unanswered, v);
    assertEquals(
        List.of(
            "file " + ExecutionFixtures.PATH + " has exec rows in both train and test",
            "exec/test-00000-of-00001.jsonl:1: a conversation needs a user message and must end with the assistant's"),
        v);
  }

  @Test
  void preferenceRulesReportEachBrokenPair() {
    RowRules<PreferenceRecord> rules = OutputKind.PREFERENCE.rules();
    List<String> v = new ArrayList<>();
    PreferenceRecord good = ExecutionFixtures.preference(Split.TRAIN);
    rules.check("preference/train-00000-of-00001.jsonl:1", Split.TRAIN, good, v);
    PreferenceRecord notCompiling = new PreferenceRecord("p2", good.prompt(), good.chosen(),
        List.of(new Message("assistant", "public boolean remove(")),
        new PreferenceRecord.Meta("gson", "c", "A.java", "A.m()", "1-2", "implement", PreferenceRecord.BY_NOT_COMPILING, "", "",
            Split.TRAIN));
    rules.check("preference/train-00000-of-00001.jsonl:2", Split.TRAIN, notCompiling, v);
    assertEquals(List.of(), v, "a checked answer that does not compile names no test");
    PreferenceRecord bad = new PreferenceRecord("p3", List.of(new Message("assistant", "hi")),
        List.of(new Message("assistant", "x"), new Message("assistant", "y")), List.of(new Message("assistant", "x"),
            new Message("assistant", "y")),
        new PreferenceRecord.Meta("gson", "c", "A.java", "A.m()", "1-2", "implement", "mutant", "", "JsonArrayTest",
            Split.TEST));
    rules.check("preference/train-00000-of-00001.jsonl:3", Split.TRAIN, bad, v);
    String row = "preference/train-00000-of-00001.jsonl:3: row p3";
    assertEquals(
        List.of(
            "preference/train-00000-of-00001.jsonl:3: row p3 says split \"test\" but is in the train shard",
            row + ": the prompt must end with a user message",
            row + ": the prompt has a \"assistant\" message; it holds system and user turns only",
            row + ": chosen must be one non-empty assistant message",
            row + ": rejected must be one non-empty assistant message",
            row + ": chosen and rejected are the same answer",
            row + ": mutation \"\" does not go with rejected_by \"mutant\"",
            row + ": failing_test \"JsonArrayTest\" is not a test (pkg.Class#method())"),
        v);
    v.clear();
    PreferenceRecord unknown = new PreferenceRecord("p4", good.prompt(), good.chosen(), good.rejected(),
        new PreferenceRecord.Meta("gson", "c", "A.java", "A.m()", "1-2", "implement", "llm", "negate", ExecutionFixtures.TEST,
            Split.TRAIN));
    rules.check("preference/train-00000-of-00001.jsonl:4", Split.TRAIN, unknown, v);
    assertEquals(
        List.of(
            "preference/train-00000-of-00001.jsonl:4: row p4: rejected_by \"llm\" is not one of [does_not_compile, fails_tests, mutant]",
            "preference/train-00000-of-00001.jsonl:4: row p4: mutation \"negate\" does not go with rejected_by \"llm\""),
        v);
  }

  @Test
  void rlRulesReportAnUnscorableTask() {
    RowRules<RlTask> rules = OutputKind.RL.rules();
    List<String> v = new ArrayList<>();
    RlTask good = ExecutionFixtures.rl(Split.TRAIN, 0);
    rules.check("rl/train-00000-of-00001.jsonl:1", Split.TRAIN, good, v);
    rules.check("rl/train-00000-of-00001.jsonl:2", Split.TRAIN, ExecutionFixtures.rl(Split.TRAIN, 1), v);
    assertEquals(List.of(), v);
    RlTask noTests = new RlTask("r3", "gsm8k", good.prompt(), "code", "model",
        new RlTask.GroundTruth("gson", ExecutionFixtures.COMMIT, "Other.java", "Other.m()", 9, 3,
            List.of("JsonArrayTest.testRemove"), "", "mvn test").json(),
        good.extraInfo());
    rules.check("rl/train-00000-of-00001.jsonl:3", Split.TRAIN, noTests, v);
    String row = "rl/train-00000-of-00001.jsonl:3: row r3";
    assertEquals(
        List.of(
            row + ": reward_model.style is \"model\", not \"rule\"",
            row + ": data_source \"gsm8k\" is not repotune/gson",
            row + ": extra_info.index 0 is used twice in train",
            row + ": ground_truth test \"JsonArrayTest.testRemove\" is not a test (pkg.Class#method)",
            row + ": ground_truth and extra_info name different methods",
            row + ": ground_truth lines 9-3 are not a range",
            row + ": ground_truth needs its build and test commands"),
        v);
    v.clear();
    RlTask unreadable = new RlTask("r4", good.dataSource(), good.prompt(), "code", "rule", "{\"tests\":[]}",
        new RlTask.ExtraInfo(Split.TEST, 0, "gson", "c", "p", "s", "ref"));
    rules.check("rl/train-00000-of-00001.jsonl:4", Split.TRAIN, unreadable, v);
    assertEquals(2, v.size(), v.toString());
    assertEquals("rl/train-00000-of-00001.jsonl:4: row r4 says split \"test\" but is in the train shard", v.get(0));
    assertTrue(v.get(1).startsWith("rl/train-00000-of-00001.jsonl:4: row r4: reward_model.ground_truth is not a scoring spec: "
        + "keys of ground_truth. must be"), v.get(1));
    v.clear();
    RlTask empty = new RlTask("r5", good.dataSource(), good.prompt(), "code", "rule",
        ExecutionFixtures.spec(List.of()).json(), new RlTask.ExtraInfo(Split.TEST, 1, "gson", ExecutionFixtures.COMMIT,
            ExecutionFixtures.PATH, "JsonArray.remove(JsonElement)", ExecutionFixtures.METHOD));
    rules.check("rl/test-00000-of-00001.jsonl:1", Split.TEST, empty, v);
    assertEquals(List.of("rl/test-00000-of-00001.jsonl:1: row r5: ground_truth names no test"), v);
  }

  @Test
  void instanceRulesReportAnInstanceNoHarnessCouldRun() {
    RowRules<InstanceRecord> rules = OutputKind.INSTANCES.rules();
    List<String> v = new ArrayList<>();
    InstanceRecord good = ExecutionFixtures.instance(Split.TEST);
    rules.check("instances/test-00000-of-00001.jsonl:1", Split.TEST, good, v);
    assertEquals(List.of(), v);
    InstanceRecord bad = new InstanceRecord("google/gson", "gson-1", ExecutionFixtures.COMMIT, ExecutionFixtures.PATCH,
        ExecutionFixtures.PATCH + ExecutionFixtures.TEST_PATCH, "Fix remove", "", "April 1st", "", List.of(),
        List.of(ExecutionFixtures.TEST, "testSize"), ExecutionFixtures.PARENT, "", "mvn test",
        new InstanceRecord.Meta(ExecutionFixtures.COMMIT, Split.TEST));
    rules.check("instances/test-00000-of-00001.jsonl:2", Split.TEST, bad, v);
    rules.check("instances/test-00000-of-00001.jsonl:3", Split.TEST, good, v);
    String row = "instances/test-00000-of-00001.jsonl:2: row gson-1";
    assertEquals(
        List.of(
            row + ": instance_id is not google__gson-3f1c2b7a9e8d",
            row + ": patch and test_patch both change [" + ExecutionFixtures.PATH + "]",
            row + ": FAIL_TO_PASS is empty: no test shows the fix",
            row + ": test \"testSize\" is not a test (pkg.Class#method())",
            row + ": environment_setup_commit must be base_commit, the fix commit's parent",
            row + ": created_at \"April 1st\" is not an ISO-8601 instant",
            row + ": problem_statement, build_command and test_command must not be empty",
            "instances/test-00000-of-00001.jsonl:3: row google__gson-3f1c2b7a9e8d: instance_id is used twice"),
        v);
    v.clear();
    InstanceRecord overlap = new InstanceRecord(good.repo(), good.instanceId(), good.baseCommit(), "", good.testPatch(),
        good.problemStatement(), "", good.createdAt(), "", good.failToPass(), good.failToPass(), good.baseCommit(),
        good.buildCommand(), good.testCommand(), new InstanceRecord.Meta(ExecutionFixtures.COMMIT, Split.TRAIN));
    OutputKind.INSTANCES.rules().check("instances/test-00000-of-00001.jsonl:1", Split.TEST, overlap, v);
    row = "instances/test-00000-of-00001.jsonl:1: row google__gson-3f1c2b7a9e8d";
    assertEquals(
        List.of(
            "instances/test-00000-of-00001.jsonl:1: row google__gson-3f1c2b7a9e8d says split \"train\" but is in the test shard",
            row + ": patch and test_patch must each change a file",
            row + ": tests in both FAIL_TO_PASS and PASS_TO_PASS: [" + ExecutionFixtures.TEST + "]"),
        v);
  }

  @Test
  void countsAndSummaryLines() {
    Map<String, Long> sums = new TreeMap<>();
    SftRecord exec = ExecutionFixtures.exec(Split.TRAIN);
    OutputKind.EXEC.count(exec, sums);
    PreferenceRecord pref = ExecutionFixtures.preference(Split.TEST);
    OutputKind.PREFERENCE.count(pref, sums);
    OutputKind.PREFERENCE.count(pref, sums);
    RlTask rl = ExecutionFixtures.rl(Split.TRAIN, 0);
    OutputKind.RL.count(rl, sums);
    OutputKind.INSTANCES.count(ExecutionFixtures.instance(Split.TEST), sums);
    long execTokens = tokens(exec.messages());
    long prefTokens = 2 * (tokens(pref.prompt()) + tokens(pref.chosen()) + tokens(pref.rejected()));
    long rlTokens = tokens(rl.prompt());
    assertTrue(execTokens > 0 && prefTokens > 0 && rlTokens > 0);
    assertEquals(
        Map.ofEntries(
            Map.entry("exec.train.total", 1L),
            Map.entry("exec.train.task.fix-bug", 1L),
            Map.entry("tokens.exec.train", execTokens),
            Map.entry("preference.test.total", 2L),
            Map.entry("preference.test.task.implement", 2L),
            Map.entry("preference.test.rejected_by.mutant", 2L),
            Map.entry("preference.test.mutation.return_value_true", 2L),
            Map.entry("tokens.preference.test", prefTokens),
            Map.entry("rl.train.total", 1L),
            Map.entry("tokens.rl.train", rlTokens),
            Map.entry("instances.test.total", 1L),
            Map.entry("instances.test.fail_to_pass", 1L),
            Map.entry("instances.test.pass_to_pass", 2L)),
        sums);
    for (OutputKind<?> k : List.of(OutputKind.EXEC, OutputKind.PREFERENCE, OutputKind.RL, OutputKind.INSTANCES)) {
      assertEquals(List.of(), k.summaryLines(Map.of()), k + ": no line without rows");
    }
    assertEquals(List.of(String.format("  exec train 1 rows, %,d tokens  {fix-bug=1}", execTokens)),
        OutputKind.EXEC.summaryLines(sums));
    assertEquals(List.of(String.format("  preference test  2 pairs, %,d tokens  rejected by {mutant=2}", prefTokens)),
        OutputKind.PREFERENCE.summaryLines(sums));
    assertEquals(List.of(String.format("  rl train 1 tasks, %,d prompt tokens", rlTokens)), OutputKind.RL.summaryLines(sums));
    assertEquals(List.of("  instances test  1 instances, 1 FAIL_TO_PASS and 2 PASS_TO_PASS tests"),
        OutputKind.INSTANCES.summaryLines(sums));
  }

  @Test
  void onlyTrainRowsAreTrainedOnAndInstancesAreNever() {
    PreferenceRecord pref = ExecutionFixtures.preference(Split.TRAIN);
    assertEquals(List.of(pref.prompt().get(0).content(), pref.prompt().get(1).content(), pref.chosen().get(0).content(),
        pref.rejected().get(0).content()), texts(OutputKind.PREFERENCE, pref));
    assertEquals(List.of(), texts(OutputKind.PREFERENCE, ExecutionFixtures.preference(Split.TEST)));
    RlTask rl = ExecutionFixtures.rl(Split.TRAIN, 0);
    assertEquals(rl.prompt().stream().map(Message::content).toList(), texts(OutputKind.RL, rl),
        "the reference answer is the reward's, not the prompt's");
    assertEquals(List.of(), texts(OutputKind.RL, ExecutionFixtures.rl(Split.TEST, 0)));
    assertEquals(ExecutionFixtures.exec(Split.TRAIN).messages().stream().map(Message::content).toList(),
        texts(OutputKind.EXEC, ExecutionFixtures.exec(Split.TRAIN)));
    assertEquals(List.of(), texts(OutputKind.EXEC, ExecutionFixtures.exec(Split.TEST)));
    assertEquals(List.of(), texts(OutputKind.INSTANCES, ExecutionFixtures.instance(Split.TRAIN)));
    for (OutputKind<?> k : List.of(OutputKind.EXEC, OutputKind.PREFERENCE, OutputKind.RL, OutputKind.INSTANCES)) {
      assertFalse(k.replayable(), k.folder());
    }
  }

  @Test
  void theCardHasAConfigAndALineForEachKindTheFolderHolds() {
    Map<String, List<String>> files = new HashMap<>();
    Map<String, Long> counts = new HashMap<>(Map.of("sft.train.total", 3L, "tokens.sft.train", 30L));
    files.put("sft/train", List.of("sft/train-00000-of-00001.jsonl", "sft/train-00000-of-00001.parquet"));
    String without = DatasetCard.render(new CardInfo("google/gson", "u", "c", "cmd", counts, files));
    for (String folder : List.of("`exec`", "`preference`", "`rl`", "`instances`")) {
      assertFalse(without.contains(folder), without);
    }
    for (String folder : List.of("exec", "preference", "rl", "instances")) {
      for (String split : List.of(Split.TRAIN, Split.TEST)) {
        files.put(folder + "/" + split, List.of(folder + "/" + split + "-00000-of-00001.jsonl",
            folder + "/" + split + "-00000-of-00001.parquet"));
        counts.put(folder + "." + split + ".total", 2L);
      }
    }
    counts.putAll(Map.of("exec.train.task.fix-bug", 2L, "exec.test.task.fix-bug", 2L, "preference.train.task.implement", 2L,
        "preference.test.task.implement", 2L, "tokens.exec.train", 100L, "tokens.preference.train", 200L,
        "tokens.rl.train", 50L));
    CardInfo info = new CardInfo("google/gson", "u", "c", "cmd", counts, files);
    String card = DatasetCard.render(info);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> configs =
        (List<Map<String, Object>>) ((Map<String, Object>) new Yaml().load(card.substring(4, card.indexOf("\n---\n", 4) + 1)))
            .get("configs");
    assertEquals(List.of("sft", "exec", "preference", "rl", "instances"),
        configs.stream().map(c -> c.get("config_name")).toList());
    assertEquals(List.of(Map.of("split", "train", "path", "rl/train-*.parquet"), Map.of("split", "test", "path", "rl/test-*.parquet")),
        configs.get(3).get("data_files"));
    assertTrue(card.contains("- `exec`: instruction rows made by running the repository's tests"), card);
    assertTrue(card.contains("TRL's conversational preference format, for DPOTrainer"), card);
    assertTrue(card.contains("in verl's RL parquet layout, which TRL's GRPOTrainer also reads"), card);
    assertTrue(card.contains("princeton-nlp/SWE-bench's columns"), card);
    assertTrue(card.contains("| instances | test | 2 |"), card);
    assertTrue(card.contains("| task | Exec rows |\n|---|---:|\n| fix-bug | 4 |"), card);
    assertTrue(card.contains("| task | Preference pairs |\n|---|---:|\n| implement | 4 |"), card);
    assertTrue(card.contains("100 in exec messages, 200 in preference pairs, 50 in RL prompts."), card);
  }

  @Test
  void llamaFactoryReadsExecLikeSftAndNoneOfTheOthers() throws Exception {
    Map<String, List<String>> files = new TreeMap<>();
    for (String folder : List.of("exec", "preference", "rl", "instances")) {
      files.put(folder + "/train", List.of(folder + "/train-00000-of-00001.jsonl"));
    }
    JsonNode root = JsonLines.MAPPER.readTree(DatasetInfo.render(new CardInfo("google/gson", "u", "c", "cmd", Map.of(), files)));
    assertEquals(List.of("google_gson_exec"), keys(root));
    assertEquals(JsonLines.MAPPER.valueToTree(OutputKind.SFT.llamaFactoryEntry("exec/train-00000-of-00001.jsonl")),
        root.get("google_gson_exec"));
    for (OutputKind<?> k : List.of(OutputKind.PREFERENCE, OutputKind.RL, OutputKind.INSTANCES)) {
      assertNull(k.llamaFactoryEntry(k.folder() + "/train-00000-of-00001.jsonl"), k.folder());
    }
  }

  @Test
  void inspectCountsAndShowsSampleRows() {
    StringWriter text = new StringWriter();
    PreferenceRecord pref = ExecutionFixtures.preference(Split.TRAIN);
    Map<OutputKind<?>, List<?>> rows = Map.of(
        OutputKind.EXEC, List.of(ExecutionFixtures.exec(Split.TRAIN), ExecutionFixtures.exec(Split.TEST)),
        OutputKind.PREFERENCE, List.of(pref, ExecutionFixtures.preference(Split.TEST)),
        OutputKind.RL, List.of(ExecutionFixtures.rl(Split.TRAIN, 0)),
        OutputKind.INSTANCES, List.of(ExecutionFixtures.instance(Split.TEST)));
    Inspection in = CompletionKindsTest.inspection(new PrintWriter(text), rows);
    OutputKind.EXEC.inspect(in.rows(OutputKind.EXEC), in);
    OutputKind.PREFERENCE.inspect(in.rows(OutputKind.PREFERENCE), in);
    OutputKind.RL.inspect(in.rows(OutputKind.RL), in);
    OutputKind.INSTANCES.inspect(in.rows(OutputKind.INSTANCES), in);
    String out = text.toString();
    assertTrue(out.contains("Exec rows: 2\n  by split x task:\n          1  test  fix-bug\n          1  train  fix-bug"), out);
    assertTrue(out.contains("Preference pairs: 2\n  by split x rejected_by:\n          1  test  mutant\n          1  train  mutant"), out);
    assertTrue(out.contains("  by mutation:\n          2  return_value_true"), out);
    assertTrue(out.contains("--- mutant  train  " + ExecutionFixtures.PATH + ":201-203  return_value_true, fails "
        + ExecutionFixtures.TEST + "  (pref-train-1)"), out);
    assertTrue(out.contains("[chosen]\n```java\n" + ExecutionFixtures.METHOD), out);
    assertTrue(out.contains("[rejected]\n```java\n" + ExecutionFixtures.MUTANT), out);
    assertFalse(out.contains("You write Java methods"), "no system prompt in the samples");
    assertTrue(out.contains("RL tasks: 1\n  by split:\n          1  train\n  by tests a task runs:\n          1    2"), out);
    assertTrue(out.contains("[ground_truth]\n{\"repo\":\"gson\""), out);
    assertTrue(out.contains("Task instances: 1"), out);
    assertTrue(out.contains("--- test  9e8d7c6b5a4f 2023-04-01T10:15:00Z  (google__gson-3f1c2b7a9e8d)"), out);
    assertTrue(out.contains("[FAIL_TO_PASS]\n" + ExecutionFixtures.TEST), out);

    StringWriter none = new StringWriter();
    Inspection empty = CompletionKindsTest.inspection(new PrintWriter(none), Map.of());
    OutputKind.EXEC.inspect(List.of(), empty);
    OutputKind.PREFERENCE.inspect(List.of(), empty);
    OutputKind.RL.inspect(List.of(), empty);
    OutputKind.INSTANCES.inspect(List.of(), empty);
    assertEquals("", none.toString(), "a folder without these rows shows no section for them");
  }

  private static long tokens(List<Message> messages) {
    return messages.stream().mapToLong(m -> TokenCounter.count(m.content())).sum();
  }

  private static <T> List<String> texts(OutputKind<T> kind, T row) {
    List<String> out = new ArrayList<>();
    kind.trainingTexts(row, out::add);
    return out;
  }

  private static List<String> roles(JsonNode messages) {
    List<String> out = new ArrayList<>();
    messages.forEach(m -> out.add(m.get("role").asText()));
    return out;
  }

  private static List<String> keys(JsonNode n) {
    List<String> k = new ArrayList<>();
    n.fieldNames().forEachRemaining(k::add);
    return k;
  }
}
