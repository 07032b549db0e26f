package dev.repotune.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * The output folder's {@code README.md}. Its YAML {@code configs:} is what makes
 * {@code load_dataset("<out>")} find one config per kind with Parquet shards ({@link OutputKind#SFT} the
 * default, then {@link OutputKind#CPT}), reading the Parquet shards by glob, so the card stays right
 * however many shards there are. A split with no Parquet file is left out: a glob that matches nothing
 * makes {@code load_dataset} fail. The usage recipe is {@value #USAGE}, a resource.
 */
public final class DatasetCard {
  static final String USAGE = "card-usage.md";

  private DatasetCard() {}

  public static String render(CardInfo info) {
    StringBuilder b = new StringBuilder(4096);
    b.append("---\n");
    b.append("license: other\n");
    b.append("tags:\n- code\n- repotune\n");
    b.append("task_categories:\n- text-generation\n");
    b.append("pretty_name: ").append(q(info.repo() + " (repotune)")).append('\n');
    b.append("configs:\n");
    boolean defaultTaken = false;
    for (OutputKind<?> kind : configs()) {
      List<String> splits = parquetSplits(info, kind);
      if (splits.isEmpty()) {
        continue;
      }
      b.append("- config_name: ").append(kind.folder()).append('\n');
      if (!defaultTaken) {
        b.append("  default: true\n");
        defaultTaken = true;
      }
      b.append("  data_files:\n");
      for (String split : splits) {
        b.append("  - split: ").append(split).append('\n');
        b.append("    path: ").append(kind.folder()).append('/').append(split).append("-*.parquet\n");
      }
    }
    b.append("---\n\n");

    String repo = info.repo();
    b.append("# ").append(repo).append(": fine-tuning data made by repotune\n\n");
    b.append("Questions and answers about, and the source files of, **").append(repo)
        .append("** (`").append(info.url()).append("`) at commit `").append(info.commit())
        .append("`.\n\n");
    for (OutputKind<?> kind : OutputKind.values()) {
      if (kind.cardLine() != null && shown(info, kind)) {
        b.append(kind.cardLine());
      }
    }
    b.append('\n');
    b.append("The license of this data is the license of the source repository.\n\n");

    b.append("## Contents\n\n");
    b.append("| config | split | rows |\n|---|---|---:|\n");
    for (OutputKind<?> kind : configs()) {
      if (!shown(info, kind)) {
        continue;
      }
      SortedMap<String, Long> bySplit = info.rowsBySplit(kind);
      List<String> splits = new ArrayList<>(bySplit.keySet());
      splits.sort(Comparator.comparingInt(DatasetCard::rank).thenComparing(x -> x));
      if (splits.isEmpty()) {
        splits.add(kind.splits().get(0)); // a config's row is shown even when it holds none
      }
      for (String split : splits) {
        b.append("| ").append(kind.folder()).append(" | ").append(split).append(" | ")
            .append(n(bySplit.getOrDefault(split, 0L))).append(" |\n");
      }
    }
    b.append('\n');
    for (OutputKind<?> kind : configs()) {
      SortedMap<String, Long> byTask = info.rowsByTask(kind);
      if (!byTask.isEmpty()) {
        b.append("| task | ").append(kind.title()).append(" |\n|---|---:|\n");
        for (Map.Entry<String, Long> e : byTask.entrySet()) {
          b.append("| ").append(e.getKey()).append(" | ").append(n(e.getValue())).append(" |\n");
        }
        b.append('\n');
      }
    }
    List<String> tokens = new ArrayList<>();
    for (OutputKind<?> kind : OutputKind.values()) {
      if (kind.tokensIn() != null && shown(info, kind)) {
        tokens.add(n(info.tokens(kind)) + " in " + kind.tokensIn());
      }
    }
    b.append("Tokens: ").append(String.join(", ", tokens)).append(".\n\n");

    b.append("## How it was made\n\n```sh\n").append(info.command()).append("\n```\n\n");
    b.append(usage(info));
    return b.toString();
  }

  /** The recipe: load, TRL, OpenAI, LLaMA-Factory; an eval split only when the folder has SFT test shards. */
  private static String usage(CardInfo info) {
    boolean test = parquetSplits(info, OutputKind.SFT).size() > 1;
    List<String> lf = DatasetInfo.datasetNames(info, OutputKind.SFT, Split.TRAIN);
    boolean fim = parquetSplits(info, OutputKind.FIM).contains(Split.TRAIN);
    boolean fimTest = parquetSplits(info, OutputKind.FIM).contains(Split.TEST);
    boolean repo = parquetSplits(info, OutputKind.REPO).contains(Split.TRAIN);
    String load = (fim ? "fim = load_dataset(\"PATH\", \"fim\")                  # config \"fim\": train"
            + (fimTest ? " and test (held-out completion set)" : "") + "\n" : "")
        + (repo ? "repo = load_dataset(\"PATH\", \"repo\", split=\"train\")  # config \"repo\"\n" : "");
    String train = fim || repo
        ? "Completion (fill-in-the-middle) training: the same on "
            + (fim ? "`fim[\"train\"]`" : "") + (fim && repo ? " and " : "") + (repo ? "`repo[\"train\"]`" : "")
            + " (column `text`, already in the model family's format, `meta.profile`)"
            + (fimTest ? "; measure completion on `fim[\"test\"]`, files no training output contains" : "")
            + ".\n"
        : "";
    return template()
        .replace("${completion_load}", load)
        .replace("${completion_train}", train)
        .replace("${and_test}", test ? " and test" : "")
        .replace("${eval_dataset}", test ? "    eval_dataset=sft[\"test\"].remove_columns(\"meta\"),\n" : "")
        .replace("${llama_factory}", lf.isEmpty() ? "" : "LLaMA-Factory: set `dataset_dir: PATH` and `dataset: "
            + String.join(",", lf) + "` (entries in `dataset_info.json`).\n");
  }

  private static String template() {
    try (InputStream in = DatasetCard.class.getResourceAsStream(USAGE)) {
      if (in == null) {
        throw new IllegalStateException(USAGE + " is missing from the samples jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the card names {@code kind}: always, or when the folder holds rows of it. */
  private static boolean shown(CardInfo info, OutputKind<?> kind) {
    return kind.listedWhenEmpty() || info.rowsBySplit(kind).values().stream().anyMatch(n -> n > 0);
  }

  /** The kinds with a config: those with Parquet shards. */
  private static List<OutputKind<?>> configs() {
    return OutputKind.values().stream().filter(k -> k.source() == null && k.hasParquet()).toList();
  }

  private static List<String> parquetSplits(CardInfo info, OutputKind<?> kind) {
    return kind.splits().stream()
        .filter(s -> !info.files(CardInfo.group(kind, s), "parquet").isEmpty())
        .toList();
  }

  /** A YAML double-quoted scalar; JSON string syntax is valid YAML, so Jackson's escaping is enough. */
  private static String q(String s) {
    try {
      return JsonLines.MAPPER.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** train, then test, then anything else alphabetically: the order a reader expects. */
  private static int rank(String split) {
    return Split.TRAIN.equals(split) ? 0 : Split.TEST.equals(split) ? 1 : 2;
  }

  private static String n(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }
}
