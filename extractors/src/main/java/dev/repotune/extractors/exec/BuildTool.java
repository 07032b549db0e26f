package dev.repotune.extractors.exec;

import java.nio.file.Files;
import java.nio.file.Path;

/** The build a work copy declares at its root; a wrapper counts as its tool (it names the version to use). */
public enum BuildTool {
  MAVEN,
  GRADLE,
  NONE;

  /** Maven first: a tree with both is most often a Maven project carrying a Gradle mirror of its build. */
  public static BuildTool detect(Path tree) {
    if (Files.isRegularFile(tree.resolve("mvnw")) || Files.isRegularFile(tree.resolve("pom.xml"))) {
      return MAVEN;
    }
    if (Files.isRegularFile(tree.resolve("gradlew"))
        || Files.isRegularFile(tree.resolve("build.gradle"))
        || Files.isRegularFile(tree.resolve("build.gradle.kts"))) {
      return GRADLE;
    }
    return NONE;
  }
}
