package dev.repotune.extractors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A fingerprint of the code that turns a file into chunks: the bytecode of the chunkers and of the types
 * they produce. Cached extraction results are keyed by it, so a change to any chunker (on any branch, by
 * anyone) invalidates the cache without anybody remembering to bump a number.
 */
public final class ExtractorVersion {
  // By name: some chunker helpers are package-private.
  private static final List<String> CODE =
      List.of(
          "dev.repotune.extractors.ChunkExtractor", "dev.repotune.extractors.ExtractionResult",
          "dev.repotune.extractors.Chunk", "dev.repotune.extractors.ChunkKind",
          "dev.repotune.extractors.CodeFacts", "dev.repotune.extractors.SourceFile",
          "dev.repotune.extractors.StableIds", "dev.repotune.extractors.TokenCounter",
          "dev.repotune.extractors.java.JavaChunker", "dev.repotune.extractors.java.CallScopes",
          "dev.repotune.extractors.java.JavadocText", "dev.repotune.extractors.java.SourceText",
          "dev.repotune.extractors.markdown.MarkdownChunker", "dev.repotune.extractors.text.Chunks",
          "dev.repotune.extractors.text.Lines", "dev.repotune.extractors.text.WindowChunker",
          "com.github.javaparser.JavaParser");
  private static final String VALUE = compute();

  private ExtractorVersion() {}

  /** 32 hex digits; the same for the same extractor code. */
  public static String value() {
    return VALUE;
  }

  private static String compute() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String name : CODE) {
        add(sha, Class.forName(name, false, ExtractorVersion.class.getClassLoader()));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JRE", e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("an extractor class is missing: " + e.getMessage(), e);
    }
  }

  private static void add(MessageDigest sha, Class<?> c) {
    String resource = c.getName().replace('.', '/') + ".class";
    try (InputStream in = c.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("cannot read the bytecode of " + c.getName());
      }
      sha.update(c.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      sha.update(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Class<?> nested : c.getDeclaredClasses()) {
      add(sha, nested);
    }
  }
}
