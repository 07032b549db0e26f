package dev.repotune.extractors.exec;

import java.util.Locale;

/** The ways {@link Mutator} breaks a method; each is a small edit a developer could plausibly make by mistake. */
public enum MutationKind {
  /** An if, while or ternary condition {@code c} becomes {@code !(c)}. */
  NEGATE_CONDITION,
  /** {@code <} and {@code <=}, {@code >} and {@code >=}, {@code ==} and {@code !=} trade places. */
  COMPARISON,
  /** {@code +} and {@code -}, {@code *} and {@code /} trade places, {@code %} becomes {@code *}; no concatenation. */
  ARITHMETIC,
  /** An int bound of a comparison or an array index moves by one, or {@code i < n} becomes {@code i < n - 1}. */
  OFF_BY_ONE,
  /** An expression statement (a call, an assignment) is left out. */
  DROP_STATEMENT,
  /** A returned expression becomes a different constant of its type. */
  RETURN_CONSTANT,
  /** Two adjacent arguments of one evident type trade places. */
  SWAP_ARGUMENTS,
  /** A null guard goes: {@code if (x == null) ...} without else, or {@code x != null &&}. */
  REMOVE_NULL_CHECK;

  /** The name written into rows: {@code negate_condition}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
