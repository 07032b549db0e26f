package dev.repotune.samples.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.repotune.prompts.TaskKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What {@code repotune eval} found: the dataset and the models, the bootstrap's settings, the summary of
 * all questions and of each task kind, and every question with its answers and scores. Written as {@code
 * eval.json}: keys in the order of the records (fixed, not a map's), metric parts in the metric's order,
 * two-space indent and "\n" line ends, so the same run gives the same bytes and two runs diff cleanly.
 * {@code model_b} and every B field are absent when only one system was asked.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"dataset", "model_a", "model_b", "resamples", "seed", "overall", "kinds", "questions"})
public record EvalResult(
    @JsonProperty("dataset") String dataset,
    @JsonProperty("model_a") String modelA,
    @JsonProperty("model_b") String modelB,
    @JsonProperty("resamples") int resamples,
    @JsonProperty("seed") long seed,
    @JsonProperty("overall") KindSummary overall,
    @JsonProperty("kinds") List<KindSummary> kinds,
    @JsonProperty("questions") List<QuestionResult> questions) {
  /** The {@code task} of {@link #overall}. */
  public static final String ALL = "all";

  /** The file name the CLI writes. */
  public static final String FILE = "eval.json";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, false)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final ObjectWriter WRITER =
      MAPPER.writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  public EvalResult {
    kinds = List.copyOf(kinds);
    questions = List.copyOf(questions);
  }

  /** Whether a second system was asked the same questions. */
  public boolean compared() {
    return modelB != null;
  }

  /**
   * The result of scored questions: the summaries computed from them with {@code bootstrap}. Kinds in the
   * task catalogue's order ({@link TaskKind#wireNames}), then any other task ({@code fim}) by name; the
   * overall summary pools every question, so a kind weighs by its number of questions. With {@code
   * modelB} null no question may have a B answer; with it, every question must. The overall summary has
   * no metric and no parts.
   */
  public static EvalResult of(String dataset, String modelA, String modelB, List<QuestionResult> questions,
      PairedBootstrap bootstrap) {
    for (QuestionResult q : questions) {
      if (q.compared() != (modelB != null)) {
        throw new IllegalArgumentException("question " + q.id() + (modelB == null
            ? " has a B answer but no second model was named" : " has no answer of " + modelB));
      }
    }
    Map<String, List<QuestionResult>> byTask = new LinkedHashMap<>();
    TaskKind.wireNames().forEach(t -> byTask.put(t, new ArrayList<>()));
    Map<String, List<QuestionResult>> others = new TreeMap<>();
    for (QuestionResult q : questions) {
      List<QuestionResult> list = byTask.get(q.task());
      (list != null ? list : others.computeIfAbsent(q.task(), k -> new ArrayList<>())).add(q);
    }
    byTask.putAll(others);
    List<KindSummary> kinds = new ArrayList<>();
    byTask.forEach((task, qs) -> {
      if (!qs.isEmpty()) {
        kinds.add(summary(task, qs.get(0).metric(), qs, bootstrap)); // a task's questions share one metric
      }
    });
    KindSummary pooled = summary(ALL, null, questions, bootstrap);
    // parts of different metrics do not average into anything: the overall summary has none
    KindSummary overall = new KindSummary(ALL, null, pooled.n(), pooled.meanA(), pooled.meanB(), pooled.intervalA(),
        pooled.intervalB(), pooled.difference(), Map.of(), modelB == null ? null : Map.of());
    return new EvalResult(dataset, modelA, modelB, bootstrap.resamples(), bootstrap.seed(), overall, kinds, questions);
  }

  private static KindSummary summary(String task, String metric, List<QuestionResult> qs, PairedBootstrap bootstrap) {
    double[] a = qs.stream().mapToDouble(QuestionResult::scoreA).toArray();
    Interval intervalA = bootstrap.mean(a);
    boolean compared = !qs.isEmpty() && qs.get(0).compared();
    if (!compared) {
      return new KindSummary(task, metric, qs.size(), intervalA.estimate(), null, intervalA, null, null,
          meanParts(qs, QuestionResult::partsA), null);
    }
    double[] b = qs.stream().mapToDouble(QuestionResult::scoreB).toArray();
    Interval intervalB = bootstrap.mean(b);
    return new KindSummary(task, metric, qs.size(), intervalA.estimate(), intervalB.estimate(), intervalA, intervalB,
        bootstrap.difference(a, b), meanParts(qs, QuestionResult::partsA), meanParts(qs, QuestionResult::partsB));
  }

  /** Each part's mean over the questions that have it, in the order the parts first appear. */
  private static Map<String, Double> meanParts(List<QuestionResult> qs, Function<QuestionResult, Map<String, Double>> parts) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (QuestionResult q : qs) {
      parts.apply(q).forEach((k, v) -> {
        double[] s = sums.computeIfAbsent(k, x -> new double[2]);
        s[0] += v;
        s[1]++;
      });
    }
    Map<String, Double> out = new LinkedHashMap<>();
    sums.forEach((k, s) -> out.put(k, s[0] / s[1]));
    return out;
  }

  /** {@code eval.json}'s text, ending in "\n". */
  public String toJson() {
    try {
      return WRITER.writeValueAsString(this) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static EvalResult fromJson(String json) {
    try {
      return MAPPER.readValue(json, EvalResult.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@link #toJson} as UTF-8 to {@code file}. */
  public void write(Path file) throws IOException {
    Files.writeString(file, toJson(), StandardCharsets.UTF_8);
  }

  public static EvalResult read(Path file) throws IOException {
    return fromJson(Files.readString(file, StandardCharsets.UTF_8));
  }
}
