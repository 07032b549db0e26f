package dev.repotune.extractors.completion;

import com.github.javaparser.ast.CompilationUnit;
import java.util.List;

/**
 * Chooses the middles of one file's fill-in-the-middle examples. Java middles come from the JavaParser
 * tree (method bodies, blocks, statements, expressions, rests of lines, call arguments), mixed with
 * random spans at {@code randomShare}; other languages get rests of lines and random spans. Seeded and
 * deterministic: the same text, seed and settings give the same spans.
 */
public final class FimMiddles {
  private FimMiddles() {}

  /**
   * The tree of a Java file, parsed as the middles need it (tokens stored, Java 21 syntax), or null when
   * it does not parse. One parse serves {@link #choose} and {@link FileDependencies#of}.
   */
  public static CompilationUnit parse(String text) {
    throw new UnsupportedOperationException("FimMiddles.parse: not written yet");
  }

  /**
   * Up to {@code count} distinct middles of {@code text}, in the order they were drawn. {@code unit} is
   * the file's parsed tree (parsed with tokens stored), or null for a file that is not Java or did not
   * parse. Every span lies inside the text, is not empty and splits no surrogate pair.
   */
  public static List<FimSpan> choose(CompilationUnit unit, String text, long seed, int count, double randomShare) {
    throw new UnsupportedOperationException("FimMiddles.choose: not written yet");
  }
}
