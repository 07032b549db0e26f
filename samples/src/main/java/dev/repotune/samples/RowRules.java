package dev.repotune.samples;

import java.util.List;

/**
 * What {@code validate} checks in a kind's rows beyond its schema, order and counts. {@link
 * OutputKind#rules} gives a fresh one per dataset folder, so a rule may remember rows across shards
 * (no file in both splits).
 */
@FunctionalInterface
public interface RowRules<T> {
  /**
   * Adds to {@code violations} what is wrong with {@code row}, read at {@code where} (file and line,
   * {@code sft/test-00000-of-00001.jsonl:5}) from a shard of {@code group} (its split or stage).
   */
  void check(String where, String group, T row, List<String> violations);

  static <T> RowRules<T> none() {
    return (where, group, row, violations) -> {};
  }
}
