package dev.repotune.samples;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the dataset card and dataset_info.json say about one output folder: the run's counts and the
 * files of each shard group. Maps (any kind) are copied into sorted, unmodifiable maps, and file lists
 * sorted, so the rendered files are the same whatever map the caller built.
 *
 * @param repo repository name as in {@code meta.repo}
 * @param url where it was cloned from (git URL or local path)
 * @param commit the resolved commit
 * @param command the command line that produced the folder
 * @param counts the manifest's counts, flat ({@code sft.train.total}); each kind reads its own keys
 * @param files shard group ({@link #group}: "sft/train") → shard paths relative to the folder (Parquet
 *     and JSONL), e.g. "sft/train-00000-of-00001.parquet"
 */
public record CardInfo(
    String repo,
    String url,
    String commit,
    String command,
    Map<String, Long> counts,
    Map<String, List<String>> files) {

  public CardInfo {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(command, "command");
    counts = Collections.unmodifiableSortedMap(counts == null ? new TreeMap<>() : new TreeMap<>(counts));
    TreeMap<String, List<String>> f = new TreeMap<>();
    if (files != null) {
      files.forEach((k, v) -> f.put(k, v.stream().sorted().toList()));
    }
    files = Collections.unmodifiableSortedMap(f);
  }

  /** The name of a kind's shard group of one split: "sft/train". */
  public static String group(OutputKind<?> kind, String split) {
    return kind.folder() + "/" + split;
  }

  /** The group a shard file belongs to: "sft/train-00000-of-00001.jsonl" is in "sft/train". */
  public static String groupOf(String file) {
    return file.substring(0, file.indexOf('-'));
  }

  /** Shard files of one group ("sft/train", ...) ending in {@code .extension}, sorted. */
  public List<String> files(String group, String extension) {
    return files.getOrDefault(group, List.of()).stream()
        .filter(p -> p.endsWith("." + extension))
        .toList();
  }

  /** Rows of {@code kind} per split that the counts name ({@code <folder>.<split>.total}). */
  public SortedMap<String, Long> rowsBySplit(OutputKind<?> kind) {
    TreeMap<String, Long> out = new TreeMap<>();
    counts.forEach((key, v) -> {
      String[] k = key.split("\\.");
      if (k.length == 3 && k[0].equals(kind.folder()) && k[2].equals("total")) {
        out.put(k[1], v);
      }
    });
    return out;
  }

  /** Rows of {@code kind} per task kind, both splits together ({@code <folder>.<split>.task.<task>}). */
  public SortedMap<String, Long> rowsByTask(OutputKind<?> kind) {
    TreeMap<String, Long> out = new TreeMap<>();
    counts.forEach((key, v) -> {
      String[] k = key.split("\\.");
      if (k.length == 4 && k[0].equals(kind.folder()) && k[2].equals("task")) {
        out.merge(k[3], v, Long::sum);
      }
    });
    return out;
  }

  /** Tokens in the rows of {@code kind}, every split ({@code tokens.<folder>.<split>}). */
  public long tokens(OutputKind<?> kind) {
    long sum = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      String[] k = e.getKey().split("\\.");
      if (k.length == 3 && k[0].equals("tokens") && k[1].equals(kind.folder())) {
        sum += e.getValue();
      }
    }
    return sum;
  }
}
