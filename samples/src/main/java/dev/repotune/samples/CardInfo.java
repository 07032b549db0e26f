package dev.repotune.samples;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the dataset card and dataset_info.json say about one output folder. Maps (any kind) are copied
 * into sorted, unmodifiable maps, and file lists sorted, so the rendered files are the same whatever map the caller built.
 *
 * @param repo repository name as in {@code meta.repo}
 * @param url where it was cloned from (git URL or local path)
 * @param commit the resolved commit
 * @param command the command line that produced the folder
 * @param sftRowsBySplit "train"/"test" → SFT rows
 * @param sftRowsByTask task wire name → SFT rows (both splits)
 * @param cptDocuments CPT documents (all in train)
 * @param sftTokens tokens over all SFT messages
 * @param cptTokens tokens over all CPT texts
 * @param files "sft/train", "sft/test", "cpt/train" → shard paths relative to the folder (Parquet and
 *     JSONL), e.g. "sft/train-00000-of-00001.parquet"
 */
public record CardInfo(
    String repo,
    String url,
    String commit,
    String command,
    Map<String, Long> sftRowsBySplit,
    Map<String, Long> sftRowsByTask,
    long cptDocuments,
    long sftTokens,
    long cptTokens,
    Map<String, List<String>> files) {

  public static final String SFT_TRAIN = "sft/train";
  public static final String SFT_TEST = "sft/test";
  public static final String CPT_TRAIN = "cpt/train";

  public CardInfo {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(command, "command");
    sftRowsBySplit = sorted(sftRowsBySplit);
    sftRowsByTask = sorted(sftRowsByTask);
    TreeMap<String, List<String>> f = new TreeMap<>();
    if (files != null) {
      files.forEach((k, v) -> f.put(k, v.stream().sorted().toList()));
    }
    files = Collections.unmodifiableSortedMap(f);
  }

  /** Shard files of one group ("sft/train", ...) ending in {@code .extension}, sorted. */
  public List<String> files(String group, String extension) {
    return files.getOrDefault(group, List.of()).stream()
        .filter(p -> p.endsWith("." + extension))
        .toList();
  }

  private static SortedMap<String, Long> sorted(Map<String, Long> m) {
    return Collections.unmodifiableSortedMap(m == null ? new TreeMap<>() : new TreeMap<>(m));
  }
}
