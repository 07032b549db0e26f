package dev.repotune.extractors.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutants of a small built Maven project, tried for real: one the tests kill, one they miss (a branch no
 * test reaches), a file that does not compile, and an equivalent rewrite that passes; the work copy is
 * byte for byte the same afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutantCheckTest {
  private static final String GRADE_PATH = "src/main/java/fx/Grade.java";
  private static final String GRADE = """
      package fx;

      public final class Grade {
        private Grade() {}

        public static String of(int score) {
          if (score < 0) {
            throw new IllegalArgumentException("negative score " + score);
          }
          if (score >= 90) {
            return "A";
          }
          return "B";
        }
      }
      """;
  private static final List<String> TESTS = List.of("fx.GradeTest#ninetyFiveIsAnA", "fx.GradeTest#fiftyIsAB");

  private Path workCopy;
  private SourceTrial trial;
  private Map<String, String> before;

  @BeforeAll
  void buildOnce(@TempDir Path tmp) throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("pom.xml", ExecFoundationTest.pom("grade"));
    files.put(GRADE_PATH, GRADE);
    files.put("src/test/java/fx/GradeTest.java", """
        package fx;

        import static org.junit.jupiter.api.Assertions.assertEquals;

        import org.junit.jupiter.api.Test;

        class GradeTest {
          @Test
          void ninetyFiveIsAnA() {
            assertEquals("A", Grade.of(95), "ninety-five");
          }

          @Test
          void fiftyIsAB() {
            assertEquals("B", Grade.of(50), "fifty");
          }
        }
        """);
    Path bare = ExecFoundationTest.commitBare(tmp.resolve("grade"), files, Set.of());
    workCopy = WorkCopy.checkout(bare, "HEAD", tmp.resolve("grade/runs/work"));
    // online: on a fresh machine Maven fetches what the fixture needs once (offline it would find nothing)
    BuildResult build = new MavenBuild(false, MavenBuild.defaultLocalRepository()).build(workCopy, Limits.defaults());
    assertTrue(build.ok(), () -> "fixture did not build:\n" + build.errorText());
    TestRun run = TestRun.forBuild(workCopy, build, Limits.defaults(), MavenBuild.defaultLocalRepository());
    trial = new SourceTrial(workCopy, build, run);
    before = snapshot(workCopy);
  }

  /** Every file of the work copy, built classes too: path to its bytes in base64. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
      }
    }
    return out;
  }

  private static Mutant find(List<Mutant> all, MutationKind kind, int line) {
    return all.stream().filter(m -> m.kind() == kind && m.line() == line).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " on line " + line + " in " + all));
  }

  @Test
  void killsAMutantTheTestsSeeAndKeepsOneTheyMiss() throws IOException {
    List<Mutant> all = Mutator.mutants(GRADE, 6, 14);
    Mutant nullA = find(all, MutationKind.RETURN_CONSTANT, 11);
    assertTrue(nullA.methodText().contains("      return null;"), nullA::methodText);
    Mutant unreached = find(all, MutationKind.COMPARISON, 7);
    assertTrue(unreached.fileText().contains("if (score <= 0)"), unreached::fileText);

    List<MutantCheck.Checked> checked =
        MutantCheck.checkAll(trial, GRADE_PATH, List.of(nullA, unreached), TESTS, Limits.defaults(), 2);

    assertEquals(List.of(nullA, unreached), checked.stream().map(MutantCheck.Checked::mutant).toList());
    MutantCheck.Checked killed = checked.get(0);
    assertEquals(SourceTrial.Verdict.FAILS_TESTS, killed.outcome().verdict());
    assertTrue(killed.killed());
    assertEquals("fx.GradeTest#ninetyFiveIsAnA()", killed.killedBy());
    assertEquals("ninety-five ==> expected: <A> but was: <null>", killed.message());
    assertEquals(2, killed.outcome().tests().size(), () -> killed.outcome().tests().toString());

    MutantCheck.Checked survived = checked.get(1);
    assertEquals(SourceTrial.Verdict.PASSES, survived.outcome().verdict(), () -> survived.outcome().toString());
    assertFalse(survived.killed());
    assertEquals("", survived.killedBy());
    assertEquals(2, survived.outcome().tests().size());
    assertUntouched();
  }

  @Test
  void aFileThatDoesNotCompileIsReportedWithJavacsLine() throws IOException {
    String broken = GRADE.replace("return \"B\";", "return 42;");
    SourceTrial.Outcome o = trial.run(GRADE_PATH, broken, TESTS, Limits.defaults());
    assertEquals(SourceTrial.Verdict.DOES_NOT_COMPILE, o.verdict());
    assertEquals(List.of(), o.tests());
    assertTrue(o.compileErrors().get(0).startsWith(GRADE_PATH + ":13: error: incompatible types"),
        () -> o.compileErrors().toString());
    assertFalse(new MutantCheck.Checked(find(Mutator.mutants(GRADE, 6, 14), MutationKind.COMPARISON, 10), o).killed());
    assertUntouched();
  }

  @Test
  void aCorrectRewritePasses() throws IOException {
    String rewrite = GRADE.replace("""
            if (score >= 90) {
              return "A";
            }
            return "B";
        """, """
            return score >= 90 ? "A" : "B";
        """);
    assertFalse(rewrite.equals(GRADE));
    SourceTrial.Outcome o = trial.run(GRADE_PATH, rewrite, TESTS, Limits.defaults());
    assertEquals(SourceTrial.Verdict.PASSES, o.verdict(), o::toString);
    assertEquals(List.of(), o.compileErrors());
    assertTrue(o.firstFailure().isEmpty());
    assertEquals(Set.of("fx.GradeTest#ninetyFiveIsAnA()", "fx.GradeTest#fiftyIsAB()"),
        Set.copyOf(o.tests().stream().map(TestOutcome::key).toList()));
    assertUntouched();
  }

  @Test
  void aFileThatHangsTimesOut() throws IOException {
    String hangs = GRADE.replace("return \"B\";", "while (score < 90) { Thread.onSpinWait(); }\n    return \"B\";");
    assertFalse(hangs.equals(GRADE));
    SourceTrial.Outcome o = trial.run(GRADE_PATH, hangs, TESTS,
        Limits.defaults().withTimeout(java.time.Duration.ofSeconds(5)));
    assertEquals(SourceTrial.Verdict.TIMED_OUT, o.verdict(), o::toString);
    assertUntouched();
  }

  private void assertUntouched() throws IOException {
    assertEquals(before, snapshot(workCopy));
    try (Stream<Path> beside = Files.list(workCopy.getParent())) {
      List<String> left = beside.map(p -> p.getFileName().toString()).filter(n -> !n.equals("work")).toList();
      assertEquals(List.of(), left, "scratch folders left beside the work copy");
    }
  }
}
