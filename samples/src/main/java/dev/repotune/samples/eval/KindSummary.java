package dev.repotune.samples.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The questions of one task kind (or all of them, {@link EvalResult#ALL}): how many, A's mean score and
 * interval, B's and the paired difference A − B with its interval when comparing, and the mean of each
 * metric part over the questions that have it. The B fields are null when only A was asked.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"task", "metric", "n", "mean_a", "mean_b", "interval_a", "interval_b", "difference", "parts_a",
    "parts_b"})
public record KindSummary(
    @JsonProperty("task") String task,
    @JsonProperty("metric") String metric,
    @JsonProperty("n") int n,
    @JsonProperty("mean_a") double meanA,
    @JsonProperty("mean_b") Double meanB,
    @JsonProperty("interval_a") Interval intervalA,
    @JsonProperty("interval_b") Interval intervalB,
    @JsonProperty("difference") Interval difference,
    @JsonProperty("parts_a") Map<String, Double> partsA,
    @JsonProperty("parts_b") Map<String, Double> partsB) {
  public KindSummary {
    partsA = partsA == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(partsA));
    partsB = partsB == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(partsB));
  }

  public boolean compared() {
    return difference != null;
  }
}
