package dev.repotune.pipeline;

import dev.repotune.samples.ModelProfile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repotune.extractors.git.ResolvedRepository;
import dev.repotune.pipeline.cli.ExitCodes;
import dev.repotune.pipeline.cli.ExitException;
import dev.repotune.prompts.IssuePrompt;
import dev.repotune.prompts.OfflineTeacher;
import dev.repotune.prompts.QaPrompt;
import dev.repotune.prompts.TaskKind;
import dev.repotune.samples.OutputKind;
import dev.repotune.samples.RetrievalFigures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code manifest.json}: what the run was (repositories, config, prompt versions), its counts (read from
 * the job's {@link CountOutcomes#FILE}, checked to add up), cost, the files of every {@link OutputKind}
 * and the timings. Written last: a folder without it is not a finished dataset.
 */
public final class Manifest {
  static final String FILE = "manifest.json";
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Manifest() {}

  /** The job's sums, flat and sorted ({@code sft.train.total = 950}). */
  static Map<String, Long> parseCounts(byte[] countsFile) throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    JSON.readTree(countsFile)
        .fields()
        .forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
    return counts;
  }

  /**
   * The manifest. With several repositories the top-level repo/url/ref/commit join theirs (names with
   * '+', as {@code repo} holds them) and {@code repos} lists each one.
   */
  static ObjectNode build(
      ResolvedRepository repo,
      List<ResolvedRepository> repos,
      Map<String, Object> config,
      String command,
      Map<String, Long> counts,
      Map<OutputKind<?>, List<String>> files,
      Duration elapsed) {
    ObjectNode m = JSON.createObjectNode();
    m.put("format", OutputGuard.FORMAT_PREFIX + "1");
    m.put("repo", repo.name());
    m.put("url", repo.url());
    m.put("ref", repo.ref());
    m.put("commit", repo.commit());
    m.put("command", command);
    var list = m.putArray("repos");
    for (ResolvedRepository r : repos) {
      list.addObject().put("name", r.name()).put("url", r.url()).put("ref", r.ref()).put("commit", r.commit());
    }
    m.set("config", JSON.valueToTree(config));
    ObjectNode versions = m.putObject("prompt_versions");
    versions.put(OfflineTeacher.NAME, OfflineTeacher.create(EnumSet.allOf(TaskKind.class), 1, 0).promptVersion());
    if (!OfflineTeacher.NAME.equals(config.getOrDefault("teacher", OfflineTeacher.NAME))) {
      // One template per task kind, each versioned by its own content hash.
      List<String> asked = new ArrayList<>();
      ((Iterable<?>) config.getOrDefault("tasks", List.of())).forEach(t -> asked.add(t.toString()));
      versions.set("llm", JSON.valueToTree(QaPrompt.versions(TaskKind.parseLlmList(String.join(",", asked)))));
      if (config.get("history") instanceof Number n && n.intValue() > 0) {
        versions.put("issue", IssuePrompt.load().version()); // the history's issue rows (IssueRows)
      }
    }
    if (config.get("profile") instanceof String name) {
      m.set("completion", completion(ModelProfile.named(name)));
    }
    m.set("counts", JSON.valueToTree(nest(counts)));
    TeacherTotals t = TeacherTotals.of(counts);
    m.putObject("cost")
        .put("usd", t.usd())
        .put("teacher_calls", t.cached() + t.fresh())
        .put("cached_calls", t.cached())
        .put("fresh_calls", t.fresh())
        .put("tokens_in", t.tokensIn())
        .put("tokens_out", t.tokensOut());
    if (t.grounded() + t.ungrounded() > 0) {
      m.putObject("grounding")
          .put("grounded_pairs", t.grounded())
          .put("ungrounded_pairs", t.ungrounded())
          .put("rate", t.groundingRate());
    }
    RetrievalFigures bm25 = RetrievalFigures.of(counts);
    if (bm25.queries() > 0) {
      m.putObject("retrieval").set("bm25", JSON.valueToTree(bm25.asMap()));
    }
    ObjectNode f = m.putObject("files");
    files.forEach((kind, names) -> f.set(kind.folder(), JSON.valueToTree(names)));
    m.putObject("timings").put("wall_seconds", elapsed.toMillis() / 1000.0);
    return m;
  }

  /**
   * Every chunk ends as samples, a rejected row or a failed row, and every row-dropping stage accounts for
   * each row it was given (in = out + rejected + failed); a run where they do not add up fails.
   */
  public static void checkNothingLost(Map<String, Long> counts) {
    long chunks = counts.getOrDefault("chunks.total", 0L);
    long answered = counts.getOrDefault("chunks.answered", 0L);
    long rejected = sumPrefix(counts, OutputKind.REJECTED.countKey("AskTeacher") + ".");
    long failed = sumPrefix(counts, OutputKind.FAILED.countKey("AskTeacher"));
    if (chunks != answered + rejected + failed) {
      throw new ExitException(
          ExitCodes.RUN_FAILED,
          String.format(
              "counts do not add up: %d chunks but %d answered + %d rejected + %d failed; the dataset was not written (please report this)",
              chunks, answered, rejected, failed));
    }
    for (String key : counts.keySet()) {
      if (!key.startsWith("stages.") || !key.endsWith(".in")) {
        continue;
      }
      String stage = key.substring("stages.".length(), key.length() - ".in".length());
      long in = counts.get(key);
      long out = counts.getOrDefault("stages." + stage + ".out", 0L);
      long dropped = sumPrefix(counts, OutputKind.REJECTED.countKey(stage) + ".");
      long stageFailed = counts.getOrDefault(OutputKind.FAILED.countKey(stage), 0L);
      if (in != out + dropped + stageFailed) {
        throw new ExitException(
            ExitCodes.RUN_FAILED,
            String.format(
                "counts do not add up: %s was given %d rows but kept %d, rejected %d and failed %d; the dataset was not written (please report this)",
                stage, in, out, dropped, stageFailed));
      }
    }
  }

  /**
   * The profile the fim/ and repo/ rows are formatted for, and which tokenizer counted their tokens: the
   * family's own tokenizer files are not here offline, so counts are o200k_base's with each of the
   * profile's special tokens as one.
   */
  static ObjectNode completion(ModelProfile p) {
    ObjectNode c = JSON.createObjectNode();
    c.put("profile", p.name());
    c.put("profile_version", p.version());
    c.put("family_tokenizer", p.tokenizer());
    c.put("tokens_counted_with", "o200k_base, each special token of the profile as one token");
    c.set("special_tokens", JSON.valueToTree(p.specialTokens()));
    return c;
  }

  static long sumPrefix(Map<String, Long> counts, String prefix) {
    return counts.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** {@code a.b.c = 1} becomes {@code {"a":{"b":{"c":1}}}}, keys sorted. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> nest(Map<String, Long> flat) {
    Map<String, Object> root = new TreeMap<>();
    for (Map.Entry<String, Long> e : flat.entrySet()) {
      String[] parts = e.getKey().split("\\.");
      Map<String, Object> node = root;
      for (int i = 0; i < parts.length - 1; i++) {
        Object next = node.computeIfAbsent(parts[i], k -> new TreeMap<String, Object>());
        if (!(next instanceof Map)) {
          Map<String, Object> wrap = new TreeMap<>();
          wrap.put("total", next);
          node.put(parts[i], wrap);
          next = wrap;
        }
        node = (Map<String, Object>) next;
      }
      node.put(parts[parts.length - 1], e.getValue());
    }
    return root;
  }

  /** The teacher's calls, tokens, cost and grounding, from the run's counts (zeros for the offline teacher). */
  record TeacherTotals(long cached, long fresh, long tokensIn, long tokensOut, double usd, long grounded, long ungrounded) {
    static TeacherTotals of(Map<String, Long> c) {
      return new TeacherTotals(
          c.getOrDefault("teacher.calls.cached", 0L),
          c.getOrDefault("teacher.calls.fresh", 0L),
          c.getOrDefault("teacher.tokens.in", 0L),
          c.getOrDefault("teacher.tokens.out", 0L),
          c.getOrDefault("teacher.cost_microusd", 0L) / 1e6,
          c.getOrDefault("teacher.pairs.grounded", 0L),
          c.getOrDefault("teacher.pairs.ungrounded", 0L));
    }

    double groundingRate() {
      long all = grounded + ungrounded;
      return all == 0 ? 0.0 : (double) grounded / all;
    }
  }
}
