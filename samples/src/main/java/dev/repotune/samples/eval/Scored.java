package dev.repotune.samples.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer's score in [0, 1] and the named parts it was made of ({@code precision}, {@code recall},
 * {@code exact}, ...), in the metric's order: the score alone hides whether a list answer was short or
 * padded.
 */
public record Scored(double score, Map<String, Double> parts) {
  public Scored {
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("a score is in [0, 1], not " + score);
    }
    parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
  }
}
