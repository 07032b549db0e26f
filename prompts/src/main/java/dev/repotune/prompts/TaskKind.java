package dev.repotune.prompts;

import java.util.Locale;

/**
 * The kinds of question a teacher asks about a chunk. {@link #wireName()} is what lands in
 * {@code meta.task} and on the command line ({@code --tasks explain,callers}).
 */
public enum TaskKind {
  /** "What does {@code Type.method(params)} do?", answered from its Javadoc. */
  EXPLAIN,
  /** Parameters, return type and declared exceptions, with the Javadoc's tag text. */
  SIGNATURE,
  /** "Where is {@code X} defined?": path, line, enclosing type, package. */
  LOCATE,
  /** Javadoc + signature + enclosing type as the question; the real body as the answer. */
  IMPLEMENT,
  /** The method's code as the question; its real Javadoc as the answer. */
  DOCUMENT,
  /** "Which methods call {@code X}?", from the repository index. */
  CALLERS,
  /** "Which classes implement/extend {@code I}?", from the repository index. */
  IMPLEMENTERS,
  /** "Which tests exercise {@code X}?", from the repository index. */
  TESTS,
  /** "Write a test for {@code X}", answered with a real test method that calls it. */
  WRITE_TEST;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a wire name ({@code write-test}) or an enum name ({@code WRITE_TEST}), case-insensitively. */
  public static TaskKind parse(String s) {
    String n = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    return valueOf(n);
  }
}
