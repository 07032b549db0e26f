package dev.repotune.extractors.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds a small Maven project committed with JGit, once for the class, and runs its tests for real: one
 * passes, one fails with a known message, one passes only the first time, one hangs, one is JUnit 4.
 * The fixture's plugin versions are the root pom's, so everything resolves offline from ~/.m2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecFoundationTest {
  private Path tmp;

  private Path workCopy;
  private BuildResult build;
  private TestRun run;
  private Map<String, String> committed;

  static String pom(String artifact) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>fx</groupId>
          <artifactId>%s</artifactId>
          <version>1.0</version>
          <packaging>jar</packaging>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
          <dependencies>
            <dependency>
              <groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId>
              <version>5.11.4</version><scope>test</scope>
            </dependency>
            <dependency>
              <groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>test</scope>
            </dependency>
          </dependencies>
          <build>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId>
                <version>3.13.0</version>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId>
                <version>3.5.2</version>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId>
                <version>3.3.1</version>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId>
                <version>2.8</version>
              </plugin>
            </plugins>
          </build>
        </project>
        """.formatted(artifact);
  }

  static Map<String, String> fixture() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("pom.xml", pom("calc"));
    files.put("src/main/java/fx/Calc.java", """
        package fx;

        public final class Calc {
          public static int add(int a, int b) {
            return a + b;
          }
        }
        """);
    files.put("src/test/java/fx/CalcTest.java", """
        package fx;

        import static org.junit.jupiter.api.Assertions.assertEquals;

        import org.junit.jupiter.api.Test;

        class CalcTest {
          @Test
          void adds() {
            assertEquals(4, Calc.add(2, 2));
          }

          @Test
          void wrong() {
            assertEquals(5, Calc.add(2, 2), "two and two make five");
          }
        }
        """);
    // Passes when its marker is absent and leaves it behind: flaky by construction, deterministically.
    files.put("src/test/java/fx/FlakyTest.java", """
        package fx;

        import static org.junit.jupiter.api.Assertions.assertFalse;

        import java.nio.file.Files;
        import java.nio.file.Path;
        import org.junit.jupiter.api.Test;

        class FlakyTest {
          @Test
          void firstTimeOnly() throws Exception {
            Path marker = Path.of("target", "flaky-marker");
            boolean seen = Files.exists(marker);
            Files.writeString(marker, "ran");
            assertFalse(seen, "ran before");
          }
        }
        """);
    files.put("src/test/java/fx/HangTest.java", """
        package fx;

        import org.junit.jupiter.api.Test;

        class HangTest {
          @Test
          void hangs() throws Exception {
            Thread.sleep(Long.MAX_VALUE);
          }
        }
        """);
    files.put("src/test/java/fx/LegacyTest.java", """
        package fx;

        import org.junit.Assert;
        import org.junit.Test;

        public class LegacyTest {
          @Test
          public void legacyAdds() {
            Assert.assertEquals(3, Calc.add(1, 2));
          }
        }
        """);
    files.put("tools/run.sh", "#!/bin/sh\necho run\n");
    return files;
  }

  /** Writes {@code files} into a fresh repository, commits them, and returns a bare clone's git folder. */
  static Path commitBare(Path root, Map<String, String> files, Set<String> executable) throws Exception {
    Path src = root.resolve("src-repo");
    try (Git git = Git.init().setDirectory(src.toFile()).setInitialBranch("main").call()) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path p = src.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        if (executable.contains(f.getKey())) {
          assertTrue(p.toFile().setExecutable(true));
        }
      }
      git.add().addFilepattern(".").call();
      git.commit().setMessage("fixture").setAuthor("Ada", "ada@example.com")
          .setCommitter("Ada", "ada@example.com").setSign(false).call();
      // Left uncommitted: a work copy must not pick it up.
      Files.writeString(src.resolve("uncommitted.txt"), "not in the tree");
      Files.writeString(src.resolve("pom.xml"), "changed after the commit");
    }
    Path bare = root.resolve("repo.git");
    Git.cloneRepository().setURI(src.toUri().toString()).setBare(true).setGitDir(bare.toFile()).call().close();
    return bare;
  }

  @BeforeAll
  void buildOnce(@TempDir Path dir) throws Exception {
    tmp = dir;
    committed = fixture();
    Path bare = commitBare(tmp.resolve("calc"), committed, Set.of("tools/run.sh"));
    workCopy = WorkCopy.checkout(bare, "HEAD", tmp.resolve("calc/runs/work"));
    // online: on a fresh machine Maven fetches what the fixture needs once (offline it would find nothing)
    build = new MavenBuild(false, MavenBuild.defaultLocalRepository()).build(workCopy, Limits.defaults());
    assertTrue(build.ok(), () -> "fixture did not build:\n" + build.errorText());
    run = TestRun.forBuild(workCopy, build, Limits.defaults(), MavenBuild.defaultLocalRepository());
    assertEquals(TestRun.launcherJar(), TestRun.launcherJar(TestRun.LAUNCHER_VERSION,
        MavenBuild.defaultLocalRepository()));
  }

  @Test
  void workCopyHoldsExactlyTheCommittedTree() throws IOException {
    Map<String, String> written = new TreeMap<>();
    try (Stream<Path> files = Files.walk(workCopy)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String rel = workCopy.relativize(p).toString().replace('\\', '/');
        if (!rel.startsWith("target/")) {
          written.put(rel, Files.readString(p));
        }
      }
    }
    assertEquals(new TreeMap<>(committed), written);
    assertTrue(Files.isExecutable(workCopy.resolve("tools/run.sh")));
    assertFalse(Files.isExecutable(workCopy.resolve("src/main/java/fx/Calc.java")));
  }

  @Test
  void checkoutRefusesAFolderInUse() throws IOException {
    Path used = Files.createDirectories(tmp.resolve("used"));
    Files.writeString(used.resolve("x"), "x");
    assertThrows(IllegalArgumentException.class,
        () -> WorkCopy.checkout(tmp.resolve("calc/repo.git"), "HEAD", used));
  }

  @Test
  void detectsTheBuildTool() throws IOException {
    assertEquals(BuildTool.MAVEN, BuildTool.detect(workCopy));
    Path gradle = Files.createDirectories(tmp.resolve("gradle"));
    assertEquals(BuildTool.NONE, BuildTool.detect(gradle));
    Files.writeString(gradle.resolve("build.gradle.kts"), "plugins { java }");
    assertEquals(BuildTool.GRADLE, BuildTool.detect(gradle));
  }

  @Test
  void classpathHasClassesAndTheDependencyJars() {
    List<Path> cp = build.testClasspath();
    assertEquals(workCopy.resolve("target/test-classes"), cp.get(0));
    assertEquals(workCopy.resolve("target/classes"), cp.get(1));
    assertTrue(Files.isRegularFile(workCopy.resolve("target/classes/fx/Calc.class")));
    assertTrue(cp.stream().anyMatch(p -> p.getFileName().toString().startsWith("junit-jupiter-api-5.11.4")),
        cp::toString);
    assertTrue(cp.stream().anyMatch(p -> p.getFileName().toString().equals("junit-4.13.2.jar")), cp::toString);
  }

  @Test
  void runsSelectedTestsAndReadsTheirOutcomes() throws IOException {
    TestRun.Result r = run.run(TestRun.Selection.classes("fx.CalcTest", "fx.LegacyTest"));
    Map<String, TestOutcome> byKey = r.outcomes().stream()
        .collect(Collectors.toMap(TestOutcome::key, o -> o));
    assertEquals(Set.of("fx.CalcTest#adds()", "fx.CalcTest#wrong()", "fx.LegacyTest#legacyAdds"), byKey.keySet());
    assertEquals(TestOutcome.Status.PASSED, byKey.get("fx.CalcTest#adds()").status());
    TestOutcome wrong = byKey.get("fx.CalcTest#wrong()");
    assertEquals(TestOutcome.Status.FAILED, wrong.status());
    assertEquals("wrong", wrong.methodName());
    assertEquals("two and two make five ==> expected: <5> but was: <4>", wrong.message());
    assertEquals(TestOutcome.Status.PASSED, byKey.get("fx.LegacyTest#legacyAdds").status());
    assertFalse(r.process().timedOut());
    assertEquals(1, r.process().exitCode());

    TestRun.Result one = run.run(TestRun.Selection.methods("fx.CalcTest#adds"));
    assertEquals(List.of("fx.CalcTest#adds()"), one.outcomes().stream().map(TestOutcome::key).toList());
    assertEquals(0, one.process().exitCode());
    try (Stream<Path> beside = Files.list(workCopy.getParent())) {
      List<String> left = beside.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("reports-") || n.startsWith("classpath-")).toList();
      assertEquals(List.of(), left, "scratch folders left beside the work copy");
    }
  }

  @Test
  void aHangingTestIsKilledAtTheLimit() {
    TestRun.Result r = run.run(TestRun.Selection.classes("fx.HangTest"),
        Limits.defaults().withTimeout(Duration.ofSeconds(6)));
    assertTrue(r.process().timedOut());
    assertTrue(r.outcomes().stream().noneMatch(o -> o.status() == TestOutcome.Status.PASSED));
  }

  @Test
  void baselineKeepsTestsThatPassTwice() {
    Baseline b = Baseline.of(run, TestRun.Selection.classes("fx.CalcTest", "fx.FlakyTest", "fx.LegacyTest"));
    assertEquals(Set.of("fx.CalcTest#adds()", "fx.LegacyTest#legacyAdds"), b.passing());
    assertEquals(Set.of("fx.FlakyTest#firstTimeOnly()"), b.flaky());
    assertEquals(Set.of("fx.CalcTest#wrong()"), b.failing());
    assertEquals(4, b.testsFound());
    assertFalse(b.timedOut());
  }

  @Test
  void aFixtureThatDoesNotCompileFailsWithTheCompilersLine() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("pom.xml", pom("broken"));
    files.put("src/main/java/fx/Broken.java", "package fx;\n\nclass Broken {\n  int x = \"text\";\n}\n");
    Path bare = commitBare(tmp.resolve("broken"), files, Set.of());
    Path wc = WorkCopy.checkout(bare, "main", tmp.resolve("broken/runs/work"));
    BuildResult r = new MavenBuild(false, MavenBuild.defaultLocalRepository()).build(wc, Limits.defaults());
    assertFalse(r.ok());
    assertTrue(r.testClasspath().isEmpty());
    assertTrue(r.errorLines().stream().anyMatch(l -> l.contains("Broken.java") && l.contains("incompatible types")),
        r::errorText);
    assertTrue(r.errorLines().stream().noneMatch(l -> l.contains("\u001b")), r::errorText);
  }

  @Test
  void secretsOfTheParentDoNotReachTheChild() {
    Map<String, String> parent = new HashMap<>(System.getenv());
    parent.put("REPOTUNE_TEST_API_KEY", "sk-not-for-children");
    parent.put("GITHUB_TOKEN", "ghp-not-for-children");
    parent.put("MY_SECRET", "hush");
    parent.put("AWS_ACCESS_KEY_ID", "AKIA-not-for-children");
    Path home = ChildProcess.freshHome(workCopy);
    ChildProcess.Result r = ChildProcess.run(List.of("env"), workCopy, home, Map.of("MAVEN_OPTS", "-Xmx64m"),
        Limits.defaults(), parent);
    assertEquals(0, r.exitCode(), r::tailText);
    Map<String, String> seen = r.tail().stream().filter(l -> l.contains("="))
        .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
            (a, b) -> a));
    assertEquals(home.toString(), seen.get("HOME"));
    assertEquals(parent.get("PATH"), seen.get("PATH"));
    assertEquals("-Xmx64m", seen.get("MAVEN_OPTS"));
    for (String name : seen.keySet()) {
      assertTrue(Set.of("PATH", "JAVA_HOME", "LANG", "LC_ALL", "TZ", "HOME", "MAVEN_OPTS", "PWD", "SHLVL", "_")
          .contains(name), () -> "unexpected variable in the child: " + name);
    }
    assertFalse(r.tailText().contains("not-for-children"));
    assertFalse(r.tailText().contains("hush"));
    assertFalse(home.startsWith(workCopy));
  }

  @Test
  void theTimeLimitKillsTheWholeProcessTree() {
    Path home = ChildProcess.freshHome(workCopy);
    ChildProcess.Result r = ChildProcess.run(List.of("sh", "-c", "sleep 600 & echo $!; sleep 600"), workCopy, home,
        Map.of(), Limits.defaults().withTimeout(Duration.ofSeconds(2)));
    assertTrue(r.timedOut());
    long grandchild = Long.parseLong(r.tail().get(0).strip());
    Optional<ProcessHandle> left = ProcessHandle.of(grandchild);
    assertTrue(left.isEmpty() || !left.get().isAlive() || waitDead(left.get()), "background sleep survived");
  }

  private static boolean waitDead(ProcessHandle p) {
    try {
      p.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void findsTheProjectsJUnitPlatformVersion() {
    assertEquals(Optional.of("1.11.4"), TestRun.platformVersion(build.testClasspath()));
    assertEquals(Optional.empty(), TestRun.platformVersion(List.of(workCopy.resolve("target/classes"))));
  }

  @Test
  void multiReleaseFoldersUpToThisJvmComeFirst() throws IOException {
    Path classes = tmp.resolve("mr/classes");
    for (String v : List.of("9", "11", "999", "notes")) {
      Files.createDirectories(classes.resolve("META-INF/versions").resolve(v));
    }
    assertEquals(List.of(classes.resolve("META-INF/versions/11"), classes.resolve("META-INF/versions/9")),
        MavenBuild.releaseFolders(classes));
    assertEquals(List.of(), MavenBuild.releaseFolders(tmp.resolve("mr/none")));
  }

  @Test
  void limitsRejectNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new Limits(Duration.ZERO, 512, 10));
    assertThrows(IllegalArgumentException.class, () -> new Limits(Duration.ofSeconds(1), 8, 10));
  }
}
