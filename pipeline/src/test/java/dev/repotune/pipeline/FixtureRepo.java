package dev.repotune.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/** A small real git repository, built with JGit in a temp folder: what the pipeline tests run on. */
public final class FixtureRepo {
  public static final String CALCULATOR =
      """
      package com.acme.calc;

      import java.util.List;
      import java.util.Map;

      /** Adds and divides numbers for the acme tools. */
      public class Calculator {
        private final int scale;

        /**
         * Creates a calculator.
         *
         * @param scale digits kept after the point
         */
        public Calculator(int scale) {
          this.scale = scale;
        }

        /**
         * Adds two numbers and rounds the sum to the calculator's scale.
         *
         * @param a the first addend
         * @param b the second addend
         * @return the rounded sum
         */
        public double add(double a, double b) {
          double sum = a + b;
          return round(sum);
        }

        /**
         * Divides one number by another.
         *
         * @param a the dividend
         * @param b the divisor
         * @return the quotient
         * @throws ArithmeticException if {@code b} is zero
         */
        public double divide(double a, double b) throws ArithmeticException {
          if (b == 0) {
            throw new ArithmeticException("division by zero");
          }
          return round(a / b);
        }

        private double round(double x) {
          double f = Math.pow(10, scale);
          return Math.round(x * f) / f;
        }

        public double total(List<Double> values) {
          double t = 0;
          for (double v : values) {
            t = add(t, v);
          }
          return t;
        }
      }
      """;

  public static final String SHAPE =
      """
      package com.acme.calc;

      /** A plane figure. */
      public interface Shape {
        /**
         * The area of this shape.
         *
         * @return the area in square units
         */
        double area();
      }
      """;

  public static final String CIRCLE =
      """
      package com.acme.calc;

      /** A circle of a given radius. */
      public final class Circle implements Shape {
        private final double radius;

        public Circle(double radius) {
          this.radius = radius;
        }

        @Override
        public double area() {
          return Math.PI * radius * radius;
        }
      }
      """;

  public static final String CALCULATOR_TEST =
      """
      package com.acme.calc;

      import static org.junit.Assert.assertEquals;

      import org.junit.Test;

      public class CalculatorTest {
        @Test
        public void addsTwoNumbers() {
          Calculator calculator = new Calculator(2);
          assertEquals(3.0, calculator.add(1.0, 2.0), 0.0);
        }

        @Test
        public void dividesTwoNumbers() {
          Calculator calculator = new Calculator(2);
          assertEquals(0.5, calculator.divide(1.0, 2.0), 0.0);
        }
      }
      """;

  public static final String README =
      """
      # acme calc

      A small calculator library.

      ## Usage

      Create a `Calculator` and call `add`.
      """;

  private FixtureRepo() {}

  /** The default files: Java main and test code, an interface with an implementation, Markdown, a build file, a binary and a vendored file. */
  public static Map<String, byte[]> defaultFiles() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("src/main/java/com/acme/calc/Calculator.java", utf8(CALCULATOR));
    files.put("src/main/java/com/acme/calc/Shape.java", utf8(SHAPE));
    files.put("src/main/java/com/acme/calc/Circle.java", utf8(CIRCLE));
    files.put("src/test/java/com/acme/calc/CalculatorTest.java", utf8(CALCULATOR_TEST));
    files.put("README.md", utf8(README));
    files.put("build.gradle", utf8("plugins {\n  id 'java'\n}\n\nrepositories {\n  mavenCentral()\n}\n"));
    files.put("docs/logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 1, 2, 3});
    files.put("vendor/lib.js", utf8("function f() { return 1; }\n"));
    return files;
  }

  /** Creates a repository with one commit of {@code files} under {@code dir}; returns the commit id. */
  public static String create(Path dir, Map<String, byte[]> files) throws IOException, GitAPIException {
    Files.createDirectories(dir);
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      return commit(git, files, "initial commit");
    }
  }

  /** Adds {@code files} to the repository at {@code dir} as a new commit; returns its id. */
  public static String commit(Path dir, Map<String, byte[]> files, String message)
      throws IOException, GitAPIException {
    try (Git git = Git.open(dir.toFile())) {
      return commit(git, files, message);
    }
  }

  private static String commit(Git git, Map<String, byte[]> files, String message)
      throws IOException, GitAPIException {
    Path root = git.getRepository().getWorkTree().toPath();
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Path p = root.resolve(e.getKey());
      Files.createDirectories(p.getParent() == null ? root : p.getParent());
      Files.write(p, e.getValue());
    }
    git.add().addFilepattern(".").call();
    PersonIdent who =
        new PersonIdent("Fixture", "fixture@example.invalid", new Date(1_700_000_000_000L), TimeZone.getTimeZone("UTC"));
    return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call().getName();
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
