package dev.repotune.extractors;

import com.github.javaparser.JavaParser;
import java.util.List;

/**
 * A fingerprint of the code that turns a file into chunks: every class of this module and the JavaParser
 * it parses with. Cached extraction results are keyed by it, so a change to any chunker (on any branch,
 * by anyone, in a class added later too) invalidates the cache without anybody remembering to bump a
 * number or to list the class. It also changes with the module's git and redaction code, which costs one
 * re-extraction after such an upgrade and never a stale chunk.
 */
public final class ExtractorVersion {
  private static final String VALUE =
      StableIds.of(
          new CodeFingerprint(List.of("dev/repotune/extractors/"), List.of(Chunk.class)).value(),
          new CodeFingerprint(List.of("com/github/javaparser/JavaParser.class"), List.of(JavaParser.class)).value());

  private ExtractorVersion() {}

  /** 32 hex digits; the same for the same extractor code. */
  public static String value() {
    return VALUE;
  }
}
