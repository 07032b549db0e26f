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
 * {@code dataset_info.json} for LLaMA-Factory (point its {@code dataset_dir} at the output folder): an
 * entry per JSONL shard of every kind with a {@link OutputKind#llamaFactoryEntry}, kinds in catalogue
 * order, then splits in the kind's order.
 *
 * <p>LLaMA-Factory's {@code file_name} is ONE file, or a directory whose files all load together. Our
 * {@code sft/} folder mixes train and test, JSONL and Parquet, so a directory would load the wrong rows:
 * each entry therefore names one JSONL shard. A group with a single shard gets the plain name
 * ({@link OutputKind#llamaFactoryName}: {@code <repo>_sft}, {@code <repo>_sft_test}); with several shards
 * each is {@code <name>_00000}, ... and they are listed together in {@code dataset:} (LLaMA-Factory
 * concatenates a comma-separated list); {@link #datasetNames} gives that list.
 */
public final class DatasetInfo {
  private DatasetInfo() {}

  public static String render(CardInfo info) {
    Map<String, Object> root = new LinkedHashMap<>();
    for (OutputKind<?> kind : OutputKind.values()) {
      if (kind.source() != null) {
        continue;
      }
      for (String split : kind.splits()) {
        List<String> files = info.files(CardInfo.group(kind, split), "jsonl");
        List<String> names = datasetNames(info, kind, split);
        for (int i = 0; i < files.size(); i++) {
          Map<String, Object> entry = kind.llamaFactoryEntry(files.get(i));
          if (entry != null) {
            root.put(names.get(i), entry);
          }
        }
      }
    }
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

  /** The LLaMA-Factory dataset names for one split of a kind, in shard order. */
  public static List<String> datasetNames(CardInfo info, OutputKind<?> kind, String split) {
    List<String> files = info.files(CardInfo.group(kind, split), "jsonl");
    String base = kind.llamaFactoryName(info.repo(), split);
    List<String> names = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      names.add(files.size() == 1 ? base : String.format(Locale.ROOT, "%s_%05d", base, i));
    }
    return names;
  }
}
