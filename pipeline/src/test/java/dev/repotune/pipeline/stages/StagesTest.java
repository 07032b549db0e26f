package dev.repotune.pipeline.stages;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.pipeline.FixtureRepo;
import dev.repotune.pipeline.StageResult;
import dev.repotune.prompts.TaskKind;
import dev.repotune.samples.SftRecord;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Each stage on its own, with TestPipeline and PAssert (the runner's checks stay on here). */
@RunWith(JUnit4.class)
public class StagesTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  static SourceFile java(String path, String text) {
    return new SourceFile("acme", "c0ffee", path, "java", "blob-" + path.hashCode(), text);
  }

  static List<SourceFile> fixtureFiles() {
    return List.of(
        java("src/main/java/com/acme/calc/Calculator.java", FixtureRepo.CALCULATOR),
        java("src/main/java/com/acme/calc/Shape.java", FixtureRepo.SHAPE),
        java("src/main/java/com/acme/calc/Circle.java", FixtureRepo.CIRCLE),
        java("src/test/java/com/acme/calc/CalculatorTest.java", FixtureRepo.CALCULATOR_TEST));
  }

  @Test
  public void givenJavaFiles_whenExtractChunks_thenMethodsAndTypesWithSpans() {
    StageResult<Chunk> r = p.apply(Create.of(fixtureFiles())).apply(ExtractChunks.of());
    PAssert.that(r.getOutput())
        .satisfies(
            chunks -> {
              Map<String, Chunk> bySymbol = new HashMap<>();
              chunks.forEach(c -> bySymbol.put(c.symbol(), c));
              Chunk add = bySymbol.get("Calculator.add(double, double)");
              assertTrue("no add chunk in " + bySymbol.keySet(), add != null);
              assertEquals(ChunkKind.METHOD, add.kind());
              // The span starts at the Javadoc and ends at the closing brace.
              assertEquals(19, add.startLine());
              assertEquals(29, add.endLine());
              assertThat(add.context(), startsWith("// File: src/main/java/com/acme/calc/Calculator.java"));
              assertTrue(add.context(), add.context().contains("public class Calculator"));
              assertEquals("the rounded sum", add.facts().returnDoc());
              assertTrue(bySymbol.containsKey("com.acme.calc.Shape"));
              assertTrue(bySymbol.containsKey("Calculator.Calculator(int)"));
              return null;
            });
    PAssert.that(r.getRejected()).empty();
    PAssert.that(r.getFailed()).empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void givenJavaFileThatDoesNotParse_thenWindowsAndAFailedRowWithTheError() {
    SourceFile broken = java("src/main/java/Broken.java", "public class Broken {\n  void f( {\n}\n");
    StageResult<Chunk> r = p.apply(Create.of(broken)).apply(ExtractChunks.of());
    PAssert.that(r.getOutput())
        .satisfies(
            chunks -> {
              chunks.forEach(c -> assertEquals(ChunkKind.WINDOW, c.kind()));
              assertTrue(chunks.iterator().hasNext());
              return null;
            });
    PAssert.that(r.getFailed())
        .satisfies(
            failed -> {
              List<dev.repotune.samples.Failed> all = new ArrayList<>();
              failed.forEach(all::add);
              assertEquals(1, all.size());
              assertEquals("src/main/java/Broken.java", all.get(0).chunkId());
              assertThat(all.get(0).error(), startsWith("JavaParser could not parse the file"));
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void givenChunks_whenBuildIndex_thenCallersImplementersAndTestsAreAttached() {
    PCollection<IndexedChunk> indexed =
        p.apply(Create.of(fixtureFiles())).apply(ExtractChunks.of()).getOutput().apply(BuildIndex.of());
    PAssert.that(indexed)
        .satisfies(
            all -> {
              Map<String, IndexedChunk> bySymbol = new HashMap<>();
              all.forEach(c -> bySymbol.put(c.chunk().symbol(), c));
              IndexedChunk add = bySymbol.get("Calculator.add(double, double)");
              List<String> callers = add.index().callers().stream().map(r -> r.symbol()).toList();
              assertThat(callers, hasItem("Calculator.total(List)"));
              List<String> tests = add.index().tests().stream().map(t -> t.symbol()).toList();
              assertEquals(List.of("CalculatorTest.addsTwoNumbers()"), tests);
              assertTrue(add.index().tests().get(0).text().contains("calculator.add(1.0, 2.0)"));
              IndexedChunk shape = bySymbol.get("com.acme.calc.Shape");
              assertEquals(
                  List.of("com.acme.calc.Circle"),
                  shape.index().implementers().stream().map(r -> r.symbol()).toList());
              IndexedChunk divide = bySymbol.get("Calculator.divide(double, double)");
              assertEquals(List.of("CalculatorTest.dividesTwoNumbers()"),
                  divide.index().tests().stream().map(t -> t.symbol()).toList());
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void givenIndexedChunks_whenAskTeacher_thenRowsForMethodsAndRejectedForWindows() {
    SourceFile gradle =
        new SourceFile("acme", "c0ffee", "build.gradle", "gradle", "b", "plugins {\n  id 'java'\n}\n");
    List<SourceFile> files = new ArrayList<>(fixtureFiles());
    files.add(gradle);
    StageResult<SftRecord> asked =
        p.apply(Create.of(files))
            .apply(ExtractChunks.of())
            .getOutput()
            .apply(BuildIndex.of())
            .apply(AskTeacher.offline(EnumSet.allOf(TaskKind.class)));
    PAssert.that(
            asked.getRejected()
                .apply(MapElements.into(TypeDescriptors.strings()).via(r -> r.reason() + " " + r.record())))
        .satisfies(
            rejected -> {
              List<String> all = new ArrayList<>();
              rejected.forEach(all::add);
              assertTrue(all.toString(), all.stream().anyMatch(s -> s.startsWith("no_applicable_task") && s.contains("build.gradle")));
              return null;
            });
    PAssert.that(asked.getOutput())
        .satisfies(
            rows -> {
              List<SftRecord> list = StreamSupport.stream(rows.spliterator(), false).toList();
              SftRecord writeTest =
                  list.stream()
                      .filter(r -> r.meta().task().equals("write-test") && r.meta().symbol().startsWith("Calculator.add("))
                      .findFirst()
                      .orElseThrow();
              String answer = writeTest.messages().get(writeTest.messages().size() - 1).content();
              assertTrue(answer, answer.contains("addsTwoNumbers"));
              assertTrue(list.stream().allMatch(r -> r.meta().split().isEmpty()));
              assertEquals("system", list.get(0).messages().get(0).role());
              return null;
            });
    PAssert.that(asked.getFailed()).empty();
    p.run().waitUntilFinish();
  }
}
