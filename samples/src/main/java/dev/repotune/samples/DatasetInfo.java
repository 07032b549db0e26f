package dev.repotune.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code dataset_info.json} for LLaMA-Factory (point its {@code dataset_dir} at the output folder).
 *
 * <p>LLaMA-Factory's {@code file_name} is ONE file, or a directory whose files all load together. Our
 * {@code sft/} folder mixes train and test, JSONL and Parquet, so a directory would load the wrong rows:
 * each entry therefore names one JSONL shard. A group with a single shard gets the plain name
 * ({@code <repo>_sft}, {@code <repo>_sft_test}, {@code <repo>_cpt}); with several shards each is
 * {@code <name>_00000}, ... and they are listed together in {@code dataset:} (LLaMA-Factory concatenates
 * a comma-separated list); {@link #datasetNames} gives that list.
 *
 * <p>SFT entries use {@code formatting: sharegpt} with our OpenAI-style tags (role/content,
 * user/assistant/system); LLaMA-Factory lifts a leading system turn into its system prompt. CPT entries
 * map {@code prompt} to {@code text}, LLaMA-Factory's pre-training layout.
 */
public final class DatasetInfo {
  private DatasetInfo() {}

  public static String render(CardInfo info) {
    Map<String, Object> root = new LinkedHashMap<>();
    addEntries(root, info, CardInfo.SFT_TRAIN);
    addEntries(root, info, CardInfo.SFT_TEST);
    addEntries(root, info, CardInfo.CPT_TRAIN);
    DefaultPrettyPrinter pp =
        new DefaultPrettyPrinter(
                Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return JsonLines.MAPPER.writer(pp).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The LLaMA-Factory dataset names for one group ("sft/train", "sft/test", "cpt/train"), in shard order. */
  public static List<String> datasetNames(CardInfo info, String group) {
    List<String> files = info.files(group, "jsonl");
    String base = baseName(info.repo(), group);
    List<String> names = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      names.add(files.size() == 1 ? base : String.format(Locale.ROOT, "%s_%05d", base, i));
    }
    return names;
  }

  private static void addEntries(Map<String, Object> root, CardInfo info, String group) {
    List<String> files = info.files(group, "jsonl");
    List<String> names = datasetNames(info, group);
    for (int i = 0; i < files.size(); i++) {
      root.put(names.get(i), group.startsWith("cpt/") ? cptEntry(files.get(i)) : sftEntry(files.get(i)));
    }
  }

  private static Map<String, Object> sftEntry(String file) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("file_name", file);
    e.put("formatting", "sharegpt");
    e.put("columns", Map.of("messages", "messages"));
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("role_tag", "role");
    tags.put("content_tag", "content");
    tags.put("user_tag", "user");
    tags.put("assistant_tag", "assistant");
    tags.put("system_tag", "system");
    e.put("tags", tags);
    return e;
  }

  private static Map<String, Object> cptEntry(String file) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("file_name", file);
    e.put("columns", Map.of("prompt", "text"));
    return e;
  }

  /** {@code <repo>_sft}, {@code <repo>_sft_test}, {@code <repo>_cpt}; the repo name made safe for a key. */
  static String baseName(String repo, String group) {
    String safe = repo.replaceAll("[^A-Za-z0-9_.-]", "_");
    switch (group) {
      case CardInfo.SFT_TRAIN:
        return safe + "_sft";
      case CardInfo.SFT_TEST:
        return safe + "_sft_test";
      case CardInfo.CPT_TRAIN:
        return safe + "_cpt";
      default:
        throw new IllegalArgumentException("unknown shard group " + group);
    }
  }
}
