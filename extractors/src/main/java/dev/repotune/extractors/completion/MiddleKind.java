package dev.repotune.extractors.completion;

import java.util.Locale;

/**
 * What a fill-in-the-middle example leaves out: a piece of the syntax tree a developer types in one go,
 * or a random character span (the classic FIM transformation, kept at a set share).
 */
public enum MiddleKind {
  /** Everything between a method's (or constructor's) braces. */
  METHOD_BODY,
  /** The inside of a block that is not a method body ({@code if}, loop, {@code try}, lambda). */
  BLOCK,
  /** One whole statement. */
  STATEMENT,
  /** One expression inside a statement (a condition, an initializer, an argument). */
  EXPRESSION,
  /** The rest of a line from a point inside it to its end (not the line break). */
  LINE_REST,
  /** The arguments between a call's parentheses. */
  CALL_ARGS,
  /** A random character span. */
  RANDOM_SPAN;

  /** The name in rows and counts: {@code method_body}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
