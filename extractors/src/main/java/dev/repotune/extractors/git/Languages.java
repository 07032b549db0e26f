package dev.repotune.extractors.git;

import java.util.Locale;
import java.util.Map;

/**
 * The short language name of a path ("java", "markdown", "gradle", ... "text"), decided from the file
 * name alone so that listing a tree never reads blobs. Public because the chunkers pick their strategy
 * by the same names.
 */
public final class Languages {
  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("java", "java"),
          Map.entry("kt", "kotlin"),
          Map.entry("kts", "kotlin"),
          Map.entry("scala", "scala"),
          Map.entry("sc", "scala"),
          Map.entry("groovy", "groovy"),
          Map.entry("md", "markdown"),
          Map.entry("markdown", "markdown"),
          Map.entry("xml", "xml"),
          Map.entry("pom", "xml"),
          Map.entry("xsd", "xml"),
          Map.entry("properties", "properties"),
          Map.entry("yml", "yaml"),
          Map.entry("yaml", "yaml"),
          Map.entry("json", "json"),
          Map.entry("gradle", "gradle"),
          Map.entry("sh", "shell"),
          Map.entry("bash", "shell"),
          Map.entry("py", "python"),
          Map.entry("js", "javascript"),
          Map.entry("mjs", "javascript"),
          Map.entry("cjs", "javascript"),
          Map.entry("jsx", "javascript"),
          Map.entry("ts", "typescript"),
          Map.entry("tsx", "typescript"),
          Map.entry("go", "go"),
          Map.entry("rs", "rust"),
          Map.entry("c", "c"),
          Map.entry("h", "c"),
          Map.entry("cpp", "cpp"),
          Map.entry("cc", "cpp"),
          Map.entry("cxx", "cpp"),
          Map.entry("hpp", "cpp"),
          Map.entry("hh", "cpp"),
          Map.entry("html", "html"),
          Map.entry("htm", "html"),
          Map.entry("css", "css"),
          Map.entry("sql", "sql"),
          Map.entry("txt", "text"));

  private Languages() {}

  /** The language of a repo-relative path; "text" when nothing more specific is known. */
  public static String of(String path) {
    String name = fileName(path).toLowerCase(Locale.ROOT);
    // Checked before the extension: build.gradle.kts is a Gradle script, not arbitrary Kotlin.
    if (name.endsWith(".gradle") || name.endsWith(".gradle.kts")) {
      return "gradle";
    }
    if (name.equals("gradlew") || name.equals("mvnw")) {
      return "shell";
    }
    int dot = name.lastIndexOf('.');
    if (dot <= 0) {
      return "text"; // LICENSE, NOTICE, .gitignore
    }
    return BY_EXTENSION.getOrDefault(name.substring(dot + 1), "text");
  }

  static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
