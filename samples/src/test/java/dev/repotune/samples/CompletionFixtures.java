package dev.repotune.samples;

import java.util.List;

/** FIM examples and repository documents as the completion stages make them, for the catalogue's tests. */
final class CompletionFixtures {
  private CompletionFixtures() {}

  static final String PATH = "gson/src/main/java/com/google/gson/JsonArray.java";

  /** A file with a tab, CRLF, a non-ASCII identifier and an emoji in a string. */
  static final String SOURCE =
      "package com.google.gson;\r\n\r\nclass JsonArray {\r\n\tint größe() {\r\n\t\treturn elements.size(); // \"😀\"\r\n\t}\r\n}\r\n";

  static final String MIDDLE = "return elements.size(); // \"😀\"";

  static FimRecord fim(String split) {
    return fim(split, PATH, SOURCE, MIDDLE, "statement");
  }

  /** A plain-profile example: text is the file itself. */
  static FimRecord fim(String split, String path, String source, String middle, String kind) {
    int start = source.indexOf(middle);
    String prefix = source.substring(0, start);
    String suffix = source.substring(start + middle.length());
    return new FimRecord(
        "fim-" + split + "-" + Integer.toHexString(path.hashCode()) + "-" + start, prefix + middle + suffix,
        prefix, middle, suffix, path, "psm", kind,
        new FimRecord.Meta("gson", "abc123", "java", "plain", 42, split));
  }

  static RepoDocument repo() {
    return new RepoDocument(
        "repo-00000", "// File: a/A.java\nclass A {}\n// File: a/B.java\nclass B extends A {}\n",
        new RepoDocument.Meta("gson", "abc123", List.of("a/A.java", "a/B.java"), "a/B.java", "plain", 17, Split.TRAIN));
  }
}
