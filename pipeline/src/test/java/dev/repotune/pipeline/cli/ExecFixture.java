package dev.repotune.pipeline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.Map;
import java.util.TimeZone;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A small Maven project with JUnit 5 tests for the execution tests, in three commits: {@code max} buggy,
 * then fixed with the test that shows it, then {@code clamp} added with a test of its in-range case. The
 * plugin versions are the root pom's, so a machine that built repotune has them.
 */
final class ExecFixture {
  private ExecFixture() {}

  static final String POM = """
      <?xml version="1.0" encoding="UTF-8"?>
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <groupId>fx</groupId>
        <artifactId>calc</artifactId>
        <version>1.0</version>
        <properties>
          <maven.compiler.release>17</maven.compiler.release>
          <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
        </properties>
        <dependencies>
          <dependency>
            <groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId>
            <version>5.11.4</version><scope>test</scope>
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
          </plugins>
        </build>
      </project>
      """;

  static final String FIXED_MAX = "if (a >= b) {\n      return a;\n    }\n    return b;";

  static String calc(String maxBody, boolean withClamp) {
    return """
        package fx;

        /** Small integer helpers. */
        public final class Calc {
          private Calc() {}

          /**
           * The larger of two values.
           *
           * @param a one value
           * @param b the other value
           * @return whichever of {@code a} and {@code b} is larger
           */
          public static int max(int a, int b) {
            %s
          }

          /**
           * The sum of all values.
           *
           * @param values the values to add
           * @return their sum, 0 for none
           */
          public static int sum(int[] values) {
            int total = 0;
            for (int v : values) {
              total = total + v;
            }
            return total;
          }
        %s}
        """.formatted(maxBody, withClamp ? """

          /**
           * The value kept within bounds.
           *
           * @param x the value
           * @param lo the lowest value returned
           * @param hi the highest value returned
           * @return {@code lo} below it, {@code hi} above it, else {@code x}
           */
          public static int clamp(int x, int lo, int hi) {
            if (x < lo) {
              return lo;
            }
            if (x > hi) {
              return hi;
            }
            return x;
          }
        """ : "");
  }

  static String test(boolean withMax, boolean withClamp) {
    return """
        package fx;

        import static org.junit.jupiter.api.Assertions.assertEquals;

        import org.junit.jupiter.api.Test;

        class CalcTest {
          @Test
          void sumsValues() {
            assertEquals(6, Calc.sum(new int[] {1, 2, 3}), "1 + 2 + 3");
          }
        %s%s}
        """.formatted(withMax ? """

          @Test
          void maxOfTwo() {
            assertEquals(2, Calc.max(1, 2), "max(1, 2)");
            assertEquals(3, Calc.max(3, 1), "max(3, 1)");
          }
        """ : "", withClamp ? """

          @Test
          void clampKeepsAValueInRange() {
            assertEquals(5, Calc.clamp(5, 0, 10));
          }
        """ : "");
  }


  /** The three commits in a new repository at {@code repo}; gives the fix's commit id. */
  static String create(Path repo) throws Exception {
    Files.createDirectories(repo);
    Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call().close();
    commit(repo, Map.of("pom.xml", POM, "src/main/java/fx/Calc.java", calc("return a;", false),
        "src/test/java/fx/CalcTest.java", test(false, false)), "Add Calc with max and sum helpers");
    String fix = commit(repo, Map.of("src/main/java/fx/Calc.java", calc(FIXED_MAX, false),
            "src/test/java/fx/CalcTest.java", test(true, false)),
        "Fix Calc.max returning its first argument\n\nmax(1, 2) returned 1; it now compares the two values.");
    commit(repo, Map.of("src/main/java/fx/Calc.java", calc(FIXED_MAX, true),
            "src/test/java/fx/CalcTest.java", test(true, true)),
        "Add Calc.clamp to keep values within bounds");
    return fix;
  }

  /** Writes {@code files} (path to text) and commits them; gives the commit id. */
  static String commit(Path repo, Map<String, String> files, String message) throws Exception {
    try (Git git = Git.open(repo.toFile())) {
      for (Map.Entry<String, String> e : files.entrySet()) {
        Path p = repo.resolve(e.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, e.getValue());
      }
      git.add().addFilepattern(".").call();
      int n = 0;
      try {
        for (var c : git.log().call()) {
          n++;
        }
      } catch (org.eclipse.jgit.api.errors.NoHeadException first) {
        n = 0;
      }
      PersonIdent who = new PersonIdent("Ada Dev", "ada@example.com", new Date(1_700_000_000_000L + 86_400_000L * n),
          TimeZone.getTimeZone("UTC"));
      return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call().getName();
    }
  }
}
