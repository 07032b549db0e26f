package dev.repotune.pipeline;

import dev.repotune.extractors.git.ResolvedRepository;
import dev.repotune.samples.CardInfo;
import dev.repotune.samples.DatasetCard;
import dev.repotune.samples.DatasetInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The dataset card ({@code README.md}) and LLaMA-Factory's {@code dataset_info.json}, from the run's counts and shard files. */
final class DatasetDocs {
  private DatasetDocs() {}

  /** {@code shards}: every kind's shard files, relative to the folder ({@code sft/train-00000-of-00001.jsonl}). */
  static CardInfo cardInfo(ResolvedRepository repo, Map<String, Long> counts, String command, List<String> shards) {
    TreeMap<String, List<String>> files = new TreeMap<>();
    for (String f : shards) {
      files.computeIfAbsent(CardInfo.groupOf(f), g -> new ArrayList<>()).add(f);
    }
    return new CardInfo(repo.name(), repo.url(), repo.commit(), command, counts, files);
  }

  static void write(DatasetStore dir, ResolvedRepository repo, Map<String, Long> counts, String command, List<String> shards)
      throws IOException {
    CardInfo info = cardInfo(repo, counts, command, shards);
    dir.write("README.md", DatasetCard.render(info).getBytes(StandardCharsets.UTF_8));
    dir.write("dataset_info.json", DatasetInfo.render(info).getBytes(StandardCharsets.UTF_8));
  }
}
