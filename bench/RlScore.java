import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.extractors.exec.BuiltCopy;
import dev.repotune.extractors.exec.MethodReward;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores one completion of one rl/ task the way docs/rl-tasks.md says a reward function should: the
 * completion's last code block replaces the method in the file at the task's commit, the file is compiled
 * alone against the built repository and the task's tests are run. Prints one JSON line with the reward
 * (1.0 when every test passes, else 0.0) and why. Run through bench/rl-score.sh.
 * Args: RL_JSONL ROW(index or id) GIT_DIR COMPLETION_FILE(or -) WORK_DIR
 */
public class RlScore {
  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode row = null;
    List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      JsonNode r = json.readTree(lines.get(i));
      if (args[1].equals(Integer.toString(i)) || args[1].equals(r.at("/extra_info/id").asText())) {
        row = r;
        break;
      }
    }
    if (row == null) {
      System.err.println("rl-score: no row " + args[1] + " in " + args[0]);
      System.exit(2);
    }
    JsonNode spec = json.readTree(row.at("/reward_model/ground_truth").asText());
    String completion = args[3].equals("-")
        ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
        : Files.readString(Path.of(args[3]), StandardCharsets.UTF_8);
    List<String> tests = new ArrayList<>();
    spec.get("tests").forEach(t -> tests.add(t.asText()));
    String commit = spec.get("commit").asText();
    String path = spec.get("path").asText();
    BuiltCopy.Settings settings = BuiltCopy.Settings.standard(Duration.ofSeconds(120));
    BuiltCopy.State state = BuiltCopy.ensure(BuiltCopy.folder(Path.of(args[4]), spec.get("repo").asText(), commit),
        Path.of(args[2]), commit, settings);
    if (!state.ok()) {
      System.err.println("rl-score: the repository does not build at " + commit + ": " + state.build().errorText());
      System.exit(1);
    }
    MethodReward.Result r = new MethodReward(state, settings)
        .score(path, spec.get("start_line").asInt(), spec.get("end_line").asInt(), tests, completion);
    print(json, r.reward(), r.verdict().wireName(), tests.size(), r.why());
  }

  private static void print(ObjectMapper json, double reward, String verdict, int tests, String why) throws Exception {
    var out = json.createObjectNode();
    out.put("reward", reward);
    out.put("verdict", verdict);
    out.put("tests", tests);
    out.put("why", why);
    System.out.println(json.writeValueAsString(out));
  }
}
