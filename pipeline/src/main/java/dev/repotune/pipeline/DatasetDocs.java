package dev.repotune.pipeline;

import dev.repotune.extractors.git.ResolvedRepository;
import dev.repotune.samples.CardInfo;
import dev.repotune.samples.DatasetCard;
import dev.repotune.samples.DatasetInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The dataset card ({@code README.md}) and LLaMA-Factory's {@code dataset_info.json}, from the run's counts and shard files. */
final class DatasetDocs {
  private DatasetDocs() {}

  static CardInfo cardInfo(
      ResolvedRepository repo,
      Map<String, Long> counts,
      String command,
      List<String> sftFiles,
      List<String> cptFiles) {
    TreeMap<String, Long> bySplit = new TreeMap<>();
    TreeMap<String, Long> byTask = new TreeMap<>();
    long sftTokens = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      String[] k = e.getKey().split("\\.");
      if (k.length == 3 && k[0].equals("sft") && k[2].equals("total")) {
        bySplit.put(k[1], e.getValue());
      } else if (k.length == 4 && k[0].equals("sft") && k[2].equals("task")) {
        byTask.merge(k[3], e.getValue(), Long::sum);
      } else if (k.length == 3 && k[0].equals("tokens") && k[1].equals("sft")) {
        sftTokens += e.getValue();
      }
    }
    TreeMap<String, List<String>> files = new TreeMap<>();
    for (String f : sftFiles) {
      String group = f.substring(0, f.indexOf('-'));
      files.computeIfAbsent(group, g -> new ArrayList<>()).add(f);
    }
    for (String f : cptFiles) {
      String group = f.substring(0, f.indexOf('-'));
      files.computeIfAbsent(group, g -> new ArrayList<>()).add(f);
    }
    return new CardInfo(
        repo.name(),
        repo.url(),
        repo.commit(),
        command,
        bySplit,
        byTask,
        counts.getOrDefault("cpt.train.total", 0L),
        sftTokens,
        counts.getOrDefault("tokens.cpt.train", 0L),
        files);
  }

  static void write(
      Path dir,
      ResolvedRepository repo,
      Map<String, Long> counts,
      String command,
      List<String> sftFiles,
      List<String> cptFiles)
      throws IOException {
    CardInfo info = cardInfo(repo, counts, command, sftFiles, cptFiles);
    Files.writeString(dir.resolve("README.md"), DatasetCard.render(info), StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("dataset_info.json"), DatasetInfo.render(info), StandardCharsets.UTF_8);
  }
}
