package dev.repotune.extractors.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LanguagesTest {
  @Test
  void languageFromNameAndExtension() {
    assertEquals("java", Languages.of("src/main/java/com/x/Foo.java"));
    assertEquals("kotlin", Languages.of("Foo.kt"));
    assertEquals("gradle", Languages.of("build.gradle"));
    assertEquals("gradle", Languages.of("sub/settings.gradle.kts"));
    assertEquals("markdown", Languages.of("README.md"));
    assertEquals("markdown", Languages.of("docs/Guide.MARKDOWN"));
    assertEquals("xml", Languages.of("pom.xml"));
    assertEquals("yaml", Languages.of(".github/workflows/build.yml"));
    assertEquals("properties", Languages.of("a.properties"));
    assertEquals("shell", Languages.of("gradlew"));
    assertEquals("cpp", Languages.of("x.hpp"));
    assertEquals("text", Languages.of("LICENSE"));
    assertEquals("text", Languages.of(".gitignore"));
    assertEquals("text", Languages.of("notes.txt"));
    assertEquals("text", Languages.of("Dockerfile"));
    assertEquals("text", Languages.of("x.unknownext"));
  }
}
