package dev.repotune.pipeline.stages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/** Small helpers the stages share. */
final class Stages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Stages() {}

  @SafeVarargs
  static <T> PCollection<T> flatten(String name, PCollection<T> first, PCollection<T>... rest) {
    PCollectionList<T> list = PCollectionList.of(first);
    for (PCollection<T> p : rest) {
      list = list.and(p);
    }
    return list.apply(name, Flatten.pCollections());
  }

  /** The innermost message of an exception, on one line. */
  static String oneLine(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    String text = root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    return text.replaceAll("\\s+", " ").trim();
  }

  /** A small JSON object with keys in the given order: {@code json("path", p, "bytes", n)}. */
  static String json(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
