package dev.repotune.extractors.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.repotune.extractors.retrieval.BeirFolder.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeirFolderTest {
  @TempDir Path dir;

  private static Dataset tiny() {
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("q2", "When does it throw?");
    queries.put("q1", "What is \"first\"?");
    Set<String> both = new LinkedHashSet<>(List.of("d2", "d1"));
    return new Dataset(
        List.of(new Doc("d2", "Cart.add(Item)", "int add(Item i) {\n\treturn 1;\n}"), new Doc("d1", "", "first é")),
        queries,
        Map.of("q1", Set.of("d1")),
        Map.of("q2", both));
  }

  private void assertFile(String expected, String name) throws IOException {
    assertArrayEquals(
        expected.getBytes(StandardCharsets.UTF_8),
        Files.readAllBytes(dir.resolve(name)),
        () -> name + " was:\n" + read(name));
  }

  private String read(String name) {
    try {
      return Files.readString(dir.resolve(name));
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Test
  void writesTheBeirLayoutByteForByte() throws IOException {
    BeirFolder.write(dir, tiny());
    assertFile(
        "{\"_id\":\"d1\",\"title\":\"\",\"text\":\"first é\"}\n"
            + "{\"_id\":\"d2\",\"title\":\"Cart.add(Item)\",\"text\":\"int add(Item i) {\\n\\treturn 1;\\n}\"}\n",
        "corpus.jsonl");
    assertFile(
        "{\"_id\":\"q1\",\"text\":\"What is \\\"first\\\"?\"}\n{\"_id\":\"q2\",\"text\":\"When does it throw?\"}\n",
        "queries.jsonl");
    assertFile("query-id\tcorpus-id\tscore\nq1\td1\t1\n", "qrels/train.tsv");
    assertFile("query-id\tcorpus-id\tscore\nq2\td1\t1\nq2\td2\t1\n", "qrels/test.tsv");
  }

  @Test
  void readsBackWhatItWrote() {
    BeirFolder.write(dir, tiny());
    Dataset back = BeirFolder.read(dir);
    assertEquals(tiny(), back);
    assertEquals(List.of("d1", "d2"), back.corpus().stream().map(Doc::id).toList());
  }

  @Test
  void anEmptySplitIsItsHeader() throws IOException {
    BeirFolder.write(
        dir,
        new Dataset(List.of(new Doc("d", "t", "x")), Map.of("q", "x?"), Map.of(), Map.of("q", Set.of("d"))));
    assertFile("query-id\tcorpus-id\tscore\n", "qrels/train.tsv");
    assertEquals(Map.of(), BeirFolder.read(dir).trainQrels());
  }

  @Test
  void theReaderLeavesOutPairsJudgedNotRelevant() throws IOException {
    BeirFolder.write(dir, tiny());
    Files.writeString(dir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq2\td1\t0\nq2\td2\t2\nq1\td1\t0\n");
    assertEquals(Map.of("q2", Set.of("d2")), BeirFolder.read(dir).testQrels());
    Files.writeString(dir.resolve("qrels/test.tsv"), "q2\td2\t1\n");
    assertThrows(IllegalArgumentException.class, () -> BeirFolder.read(dir));
  }

  @Test
  void refusesWhatTheLoaderCouldNotReadBack() {
    Map<String, Set<String>> none = Map.of();
    assertThrows(
        IllegalArgumentException.class,
        () -> BeirFolder.write(dir, new Dataset(List.of(new Doc("a\tb", "", "x")), Map.of(), none, none)));
    assertThrows(
        IllegalArgumentException.class,
        () -> BeirFolder.write(dir, new Dataset(List.of(new Doc("d", "", "x")), Map.of("q\"", "x"), none, none)));
    assertThrows(
        IllegalArgumentException.class,
        () -> BeirFolder.write(
            dir, new Dataset(List.of(new Doc("d", "", "x")), Map.of("q", "x"), Map.of("q", Set.of("missing")), none)));
    assertThrows(
        IllegalArgumentException.class,
        () -> BeirFolder.write(
            dir, new Dataset(List.of(new Doc("d", "", "x")), Map.of("q", "x"), none, Map.of("unknown", Set.of("d")))));
    assertThrows(
        IllegalArgumentException.class,
        () -> BeirFolder.write(
            dir, new Dataset(List.of(new Doc("d", "", "x"), new Doc("d", "", "y")), Map.of(), none, none)));
  }
}
