package dev.repotune.samples;

import dev.repotune.extractors.retrieval.BeirFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The dataset's {@code beir/} folder: BEIR's own layout ({@link BeirFolder}), written whole by the
 * retrieval stage, not in shards, so it is no {@link OutputKind}: {@code corpus.jsonl} is not a shard of
 * rows and a shard writer would name it {@code train-00000-of-00001.jsonl}, which BEIR's loader does
 * not read. The folder's finish lists these files and {@code validate} checks them with {@link #check}.
 */
public final class BeirFiles {
  public static final String FOLDER = "beir";

  /** Every file the folder holds, relative to the dataset root, in the manifest's order. */
  public static final List<String> FILES = List.of(
      FOLDER + "/" + BeirFolder.CORPUS, FOLDER + "/" + BeirFolder.QUERIES,
      FOLDER + "/" + BeirFolder.TRAIN_QRELS, FOLDER + "/" + BeirFolder.TEST_QRELS);

  private BeirFiles() {}

  /** The {@link #FILES} present under {@code root}; empty when the run wrote no {@code beir/} folder. */
  public static List<String> present(Path root) {
    return FILES.stream().filter(f -> Files.isRegularFile(root.resolve(f))).toList();
  }

  /**
   * What is wrong with {@code root}'s {@code beir/} folder, if it has one: a file missing or one it should
   * not hold, a file BEIR's loader could not read, a qrels row naming a query or document that is not
   * there, a query judged in both splits or in neither.
   */
  public static List<String> check(Path root) {
    List<String> v = new ArrayList<>();
    Path dir = root.resolve(FOLDER);
    if (!Files.isDirectory(dir)) {
      return v;
    }
    for (String f : FILES) {
      if (!Files.isRegularFile(root.resolve(f))) {
        v.add(f + ": missing (a beir/ folder holds corpus, queries and both qrels)");
      }
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(f -> !FILES.contains(f))
          .sorted()
          .forEach(f -> v.add(f + ": not a file of BEIR's layout"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!v.isEmpty()) {
      return v;
    }
    BeirFolder.Dataset data;
    try {
      data = BeirFolder.read(dir);
    } catch (RuntimeException e) {
      v.add(FOLDER + "/: cannot be read as BEIR's layout (" + e.getMessage() + ")");
      return v;
    }
    Set<String> docs = new HashSet<>();
    data.corpus().forEach(d -> docs.add(d.id()));
    checkQrels(BeirFolder.TRAIN_QRELS, data.trainQrels(), data.queries(), docs, v);
    checkQrels(BeirFolder.TEST_QRELS, data.testQrels(), data.queries(), docs, v);
    for (String q : data.queries().keySet()) {
      boolean train = data.trainQrels().containsKey(q);
      boolean test = data.testQrels().containsKey(q);
      if (train && test) {
        v.add(FOLDER + "/: query " + q + " is judged in both train and test");
      } else if (!train && !test) {
        v.add(FOLDER + "/: query " + q + " is judged in no qrels file");
      }
    }
    return v;
  }

  private static void checkQrels(String file, Map<String, Set<String>> qrels, Map<String, String> queries,
      Set<String> docs, List<String> v) {
    qrels.forEach((q, ids) -> {
      if (!queries.containsKey(q)) {
        v.add(FOLDER + "/" + file + ": query " + q + " is not in queries.jsonl");
      }
      for (String d : ids) {
        if (!docs.contains(d)) {
          v.add(FOLDER + "/" + file + ": document " + d + " is not in corpus.jsonl");
        }
      }
    });
  }
}
