package dev.repotune.extractors;

import dev.repotune.extractors.java.JavaChunker;
import dev.repotune.extractors.markdown.MarkdownChunker;
import dev.repotune.extractors.text.WindowChunker;
import java.util.List;

/**
 * Turns one {@link SourceFile} into chunks by language: Java by declaration, Markdown by heading, the
 * rest by token windows. Never throws and never drops a file: Java that cannot be parsed is windowed
 * and flagged. Not thread-safe (it holds a parser); make one per worker thread.
 */
public final class ChunkExtractor {
  private final JavaChunker java = new JavaChunker();
  private final MarkdownChunker markdown = new MarkdownChunker();
  private final WindowChunker windows;

  public ChunkExtractor() {
    this(WindowChunker.DEFAULT_BUDGET);
  }

  /** {@code windowTokens}: the most tokens in one WINDOW chunk. */
  public ChunkExtractor(int windowTokens) {
    this.windows = new WindowChunker(windowTokens);
  }

  public ExtractionResult extract(SourceFile f) {
    switch (f.language()) {
      case "java":
        try {
          List<Chunk> declarations = java.chunk(f);
          // A file with no type (package-info.java, module-info.java) still has text worth reading.
          return ExtractionResult.ok(declarations.isEmpty() ? windows.chunk(f) : declarations);
        } catch (JavaChunker.ParseFailure e) {
          return fallback(f, e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
          // A parser or chunker bug must not lose the file: window it and say what happened.
          return fallback(f, e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()));
        }
      case "markdown":
        return ExtractionResult.ok(markdown.chunk(f));
      default:
        return ExtractionResult.ok(windows.chunk(f));
    }
  }

  private ExtractionResult fallback(SourceFile f, String error) {
    List<Chunk> chunks = windows.chunk(f);
    return new ExtractionResult(chunks, true, error);
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String t = s.strip().replaceAll("\\s+", " ");
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }
}
