package dev.repotune.extractors.retrieval;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A retrieval dataset in BEIR's folder layout, so BEIR's {@code GenericDataLoader} (and the tools that
 * read BEIR datasets: MTEB, sentence-transformers' evaluators) load it as it is. The format, from BEIR's
 * README (https://github.com/beir-cellar/beir: corpus, queries and qrels files, "Keep 1st row as
 * header"), its example {@code examples/retrieval/evaluation/custom/evaluate_custom_dataset_files.py}
 * (the header {@code query-id corpus-id score}) and its loader ({@code beir/datasets/data_loader.py},
 * {@code GenericDataLoader}: {@code qrels/<split>.tsv} read with Python's {@code csv}, header skipped):
 *
 * <ul>
 *   <li>{@code corpus.jsonl}: one JSON object a line, {@code {"_id": ..., "title": ..., "text": ...}}
 *       (title optional: written as {@code ""} when there is none);
 *   <li>{@code queries.jsonl}: {@code {"_id": ..., "text": ...}};
 *   <li>{@code qrels/<split>.tsv}: tab-separated, a header row {@code query-id corpus-id score}, then one
 *       row a judged pair; the loader reads the score as an int. Here every pair has score 1.
 * </ul>
 *
 * <p>Written deterministically: UTF-8, {@code \n} after every line, documents and queries sorted by id,
 * qrels rows by query id then corpus id, JSON keys in the order above with no spaces. Ids must not hold
 * a tab, a line break or a double quote: the loader's CSV reader would split or unquote them.
 */
public final class BeirFolder {
  public static final String CORPUS = "corpus.jsonl";
  public static final String QUERIES = "queries.jsonl";
  public static final String TRAIN_QRELS = "qrels/train.tsv";
  public static final String TEST_QRELS = "qrels/test.tsv";
  static final String QRELS_HEADER = "query-id\tcorpus-id\tscore";

  private static final ObjectMapper JSON = new ObjectMapper();

  private BeirFolder() {}

  /**
   * What a BEIR folder holds: the corpus, the queries, and each split's relevant corpus ids by query id.
   * Every qrels query must be among the queries and every qrels document in the corpus.
   */
  public record Dataset(
      List<Doc> corpus,
      Map<String, String> queries,
      Map<String, Set<String>> trainQrels,
      Map<String, Set<String>> testQrels) {
    public Dataset {
      corpus = sortedCorpus(corpus);
      queries = Collections.unmodifiableMap(new TreeMap<>(queries));
      trainQrels = sortedQrels(trainQrels);
      testQrels = sortedQrels(testQrels);
    }
  }

  /** Where the files go: an output stream for a name relative to the folder ({@code qrels/test.tsv}). */
  @FunctionalInterface
  public interface FileSink {
    java.io.OutputStream create(String relative) throws IOException;
  }

  /** Writes {@code data} under {@code dir} (made if missing), replacing the four files. */
  public static void write(Path dir, Dataset data) {
    write(relative -> {
      Path file = dir.resolve(relative);
      java.nio.file.Files.createDirectories(file.getParent());
      return java.nio.file.Files.newOutputStream(file);
    }, data);
  }

  /** Writes {@code data}'s four files through {@code files} (a bucket's, say). */
  public static void write(FileSink files, Dataset data) {
    Set<String> docIds = new HashSet<>();
    for (Doc d : data.corpus()) {
      checkId(d.id());
      if (!docIds.add(d.id())) {
        throw new IllegalArgumentException("duplicate document id: " + d.id());
      }
    }
    data.queries().keySet().forEach(BeirFolder::checkId);
    checkQrels("train", data.trainQrels(), data.queries().keySet(), docIds);
    checkQrels("test", data.testQrels(), data.queries().keySet(), docIds);
    try {
      try (BufferedWriter w = writer(files, CORPUS)) {
        for (Doc d : data.corpus()) {
          w.write(jsonLine(g -> {
            g.writeStringField("_id", d.id());
            g.writeStringField("title", d.title());
            g.writeStringField("text", d.text());
          }));
        }
      }
      try (BufferedWriter w = writer(files, QUERIES)) {
        for (Map.Entry<String, String> q : data.queries().entrySet()) {
          w.write(jsonLine(g -> {
            g.writeStringField("_id", q.getKey());
            g.writeStringField("text", q.getValue());
          }));
        }
      }
      writeQrels(writer(files, TRAIN_QRELS), data.trainQrels());
      writeQrels(writer(files, TEST_QRELS), data.testQrels());
    } catch (IOException e) {
      throw new UncheckedIOException("writing the BEIR files", e);
    }
  }

  private static BufferedWriter writer(FileSink files, String relative) throws IOException {
    return new BufferedWriter(new java.io.OutputStreamWriter(files.create(relative), StandardCharsets.UTF_8));
  }

  /**
   * Reads a BEIR folder: the corpus, the queries and whichever of the train and test qrels exist (a
   * missing split reads as empty). A qrels row with a score of 0 or less is a judged non-relevant pair
   * and is left out.
   */
  public static Dataset read(Path dir) {
    try {
      List<Doc> corpus = new ArrayList<>();
      for (JsonNode n : jsonLines(dir.resolve(CORPUS))) {
        corpus.add(new Doc(text(n, "_id"), n.path("title").asText(""), text(n, "text")));
      }
      Map<String, String> queries = new TreeMap<>();
      for (JsonNode n : jsonLines(dir.resolve(QUERIES))) {
        queries.put(text(n, "_id"), text(n, "text"));
      }
      return new Dataset(
          corpus, queries, readQrels(dir.resolve(TRAIN_QRELS)), readQrels(dir.resolve(TEST_QRELS)));
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + dir, e);
    }
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static String jsonLine(Fields fields) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    }
    return out + "\n";
  }

  private static List<JsonNode> jsonLines(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : java.nio.file.Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing string field " + field + ": " + n);
    }
    return v.asText();
  }

  private static void writeQrels(BufferedWriter qrelsFile, Map<String, Set<String>> qrels) throws IOException {
    try (BufferedWriter w = qrelsFile) {
      w.write(QRELS_HEADER + "\n");
      for (Map.Entry<String, Set<String>> q : qrels.entrySet()) {
        for (String doc : q.getValue()) {
          w.write(q.getKey() + "\t" + doc + "\t1\n");
        }
      }
    }
  }

  private static Map<String, Set<String>> readQrels(Path file) throws IOException {
    Map<String, Set<String>> out = new TreeMap<>();
    if (!java.nio.file.Files.exists(file)) {
      return out;
    }
    List<String> lines = java.nio.file.Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(QRELS_HEADER)) {
      throw new IllegalArgumentException(file + ": the first line must be the header " + QRELS_HEADER);
    }
    for (String line : lines.subList(1, lines.size())) {
      if (line.isEmpty()) {
        continue;
      }
      String[] cols = line.split("\t", -1);
      if (cols.length != 3) {
        throw new IllegalArgumentException(file + ": not three tab-separated columns: " + line);
      }
      int score = Integer.parseInt(cols[2].trim());
      Set<String> docs = out.computeIfAbsent(cols[0], q -> new TreeSet<>());
      if (score > 0) {
        docs.add(cols[1]);
      }
    }
    out.values().removeIf(Set::isEmpty);
    return out;
  }

  private static void checkId(String id) {
    if (id.isEmpty() || id.indexOf('\t') >= 0 || id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0
        || id.indexOf('"') >= 0) {
      throw new IllegalArgumentException("an id BEIR's loader cannot read back: \"" + id + "\"");
    }
  }

  private static void checkQrels(
      String split, Map<String, Set<String>> qrels, Set<String> queryIds, Set<String> docIds) {
    for (Map.Entry<String, Set<String>> q : qrels.entrySet()) {
      if (!queryIds.contains(q.getKey())) {
        throw new IllegalArgumentException(split + " qrels name a query not in the queries: " + q.getKey());
      }
      for (String d : q.getValue()) {
        if (!docIds.contains(d)) {
          throw new IllegalArgumentException(split + " qrels name a document not in the corpus: " + d);
        }
      }
    }
  }

  private static List<Doc> sortedCorpus(List<Doc> corpus) {
    List<Doc> sorted = new ArrayList<>(corpus);
    sorted.sort(Comparator.comparing(Doc::id));
    return Collections.unmodifiableList(sorted);
  }

  private static Map<String, Set<String>> sortedQrels(Map<String, ? extends Set<String>> qrels) {
    Map<String, Set<String>> out = new TreeMap<>();
    if (qrels != null) {
      qrels.forEach(
          (q, docs) -> {
            if (!docs.isEmpty()) {
              out.put(q, Collections.unmodifiableSet(new TreeSet<>(docs)));
            }
          });
    }
    return Collections.unmodifiableMap(out);
  }
}
