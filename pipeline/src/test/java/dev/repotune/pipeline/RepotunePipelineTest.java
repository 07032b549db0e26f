package dev.repotune.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The graph {@link RepotunePipeline#build} makes, built (not run): one named apply per stage, in the order
 * docs/architecture.md numbers them, for both teachers and the dry run.
 */
public class RepotunePipelineTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void givenTheOfflineTeacher_thenTheStagesOfTheArchitecturePageInItsOrder() throws IOException {
    List<String> applied = topLevelNames(RepotunePipeline.build(options("offline", false)));
    List<String> stages = documentedStages();
    stages.remove("AskTeacher"); // offline, step 15 asks the teacher itself
    stages.remove("CheckAnswers"); // and checks no answers: its rows are the offline teacher's
    assertInOrder(stages, applied);
    assertTrue(applied.toString(), !applied.contains("AskTeacher"));
    assertTrue(applied.toString(), !applied.contains("CheckAnswers"));
  }

  @Test
  public void givenAnLlmTeacher_thenAskTeacherComesBeforeSftRows() throws IOException {
    List<String> applied = topLevelNames(RepotunePipeline.build(options("openai", false)));
    assertInOrder(documentedStages(), applied);
  }

  @Test
  public void givenADryRun_thenOnlyTheStagesUpToAskTeacherAndNothingIsWritten() throws IOException {
    List<String> applied = topLevelNames(RepotunePipeline.build(options("openai", true)));
    assertInOrder(List.of("ReadRepository", "RedactSecrets", "ExtractChunks", "BuildIndex", "AskTeacher"), applied);
    for (String writer : List.of("SftRows", "WriteShards", "CountOutcomes", "ToCptDocuments")) {
      assertTrue(writer + " in " + applied, !applied.contains(writer));
    }
  }

  @Test
  public void givenTheStageJavadocs_thenEachStageSaysTheNumberTheArchitecturePageGivesIt() throws IOException {
    Path stagesDir = Path.of("src/main/java/dev/repotune/pipeline/stages");
    Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\| `(\\w+)`[^|]*\\| `([\\w/.]+)`").matcher(architecture());
    int checked = 0;
    while (row.find()) {
      Path file = Path.of("src/main/java/dev/repotune/pipeline").resolve(row.group(3));
      String source = Files.readString(file);
      assertTrue(
          file + " should say \"Stage " + row.group(1) + ":\"",
          source.contains("Stage " + row.group(1) + ":"));
      checked++;
    }
    assertEquals("every stage of the table is checked", documentedStages().size() - 1, checked); // 18 has two applies
    assertTrue(Files.isDirectory(stagesDir));
  }

  /** The applies of the stage table, in its order ("DeduplicateSft, DeduplicateCpt" are both step 18). */
  private static List<String> documentedStages() throws IOException {
    List<String> names = new ArrayList<>();
    Matcher row = Pattern.compile("(?m)^\\| \\d+ \\| ([^|]+)\\|").matcher(architecture());
    while (row.find()) {
      Matcher apply = Pattern.compile("`(\\w+)`").matcher(row.group(1));
      while (apply.find()) {
        names.add(apply.group(1));
      }
    }
    assertTrue(names.toString(), names.size() >= 11);
    return names;
  }

  private static String architecture() throws IOException {
    return Files.readString(Path.of("../docs/architecture.md"));
  }

  private static void assertInOrder(List<String> expected, List<String> applied) {
    int at = -1;
    for (String name : expected) {
      int i = applied.indexOf(name);
      assertTrue(name + " is applied: " + applied, i >= 0);
      assertTrue(name + " comes after the stage before it: " + applied, i > at);
      at = i;
    }
  }

  private static List<String> topLevelNames(Pipeline p) {
    List<String> names = new ArrayList<>();
    p.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (!node.isRootNode() && node.getEnclosingNode().isRootNode()) {
              names.add(node.getFullName());
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            if (node.getEnclosingNode().isRootNode()) {
              names.add(node.getFullName());
            }
          }
        });
    return names;
  }

  private RepotuneOptions options(String teacher, boolean dryRun) throws IOException {
    RepotuneOptions o = PipelineOptionsFactory.create().as(RepotuneOptions.class);
    Path work = tmp.newFolder("work").toPath();
    o.setRepoName("fixture");
    o.setRepoUrl("file:///nowhere/fixture.git");
    o.setGitDir(tmp.newFolder("git").toString());
    o.setRef("HEAD");
    o.setCommit("0123456789abcdef0123456789abcdef01234567");
    o.setInclude(List.of());
    o.setExclude(List.of());
    o.setTasks("");
    o.setWorkDir(work.toString());
    o.setTeacher(teacher);
    o.setResponseCacheDir(tmp.newFolder("responses").toString());
    o.setDryRun(dryRun);
    // The Beam options have no defaults of their own (the CLI sets every one): set what a run needs.
    TestOptions.runDefaults(o);
    return o;
  }
}
