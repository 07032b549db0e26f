package dev.repotune.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The output folder's {@code README.md}. Its YAML {@code configs:} is what makes
 * {@code load_dataset("<out>")} find two configs, {@code sft} (default; train and test) and {@code cpt}
 * (train), reading the Parquet shards by glob, so the card stays right however many shards there are.
 * A split with no Parquet file is left out: a glob that matches nothing makes {@code load_dataset} fail.
 */
public final class DatasetCard {
  private DatasetCard() {}

  public static String render(CardInfo info) {
    StringBuilder b = new StringBuilder(4096);
    b.append("---\n");
    b.append("license: other\n");
    b.append("tags:\n- code\n- repotune\n");
    b.append("task_categories:\n- text-generation\n");
    b.append("pretty_name: ").append(q(info.repo() + " (repotune)")).append('\n');
    b.append("configs:\n");
    List<String[]> sftSplits = new ArrayList<>();
    if (!info.files(CardInfo.SFT_TRAIN, "parquet").isEmpty()) {
      sftSplits.add(new String[] {"train", "sft/train-*.parquet"});
    }
    if (!info.files(CardInfo.SFT_TEST, "parquet").isEmpty()) {
      sftSplits.add(new String[] {"test", "sft/test-*.parquet"});
    }
    List<String[]> cptSplits = new ArrayList<>();
    if (!info.files(CardInfo.CPT_TRAIN, "parquet").isEmpty()) {
      cptSplits.add(new String[] {"train", "cpt/train-*.parquet"});
    }
    config(b, "sft", !sftSplits.isEmpty(), sftSplits);
    config(b, "cpt", sftSplits.isEmpty(), cptSplits);
    b.append("---\n\n");

    String repo = info.repo();
    b.append("# ").append(repo).append(": fine-tuning data made by repotune\n\n");
    b.append("Questions and answers about, and the source files of, **").append(repo)
        .append("** (`").append(info.url()).append("`) at commit `").append(info.commit())
        .append("`.\n\n");
    b.append("- `sft` (default config): instruction-tuning rows `{\"messages\": [...], \"meta\": {...}}`,")
        .append(" split **by file**: no file has questions in both train and test.\n");
    b.append("- `cpt`: continued-pretraining documents `{\"text\": ..., \"meta\": {...}}`, one per kept file,")
        .append(" all in train.\n");
    b.append("- `openai/train.jsonl`, `openai/test.jsonl`: the SFT rows with `messages` only, for the")
        .append(" OpenAI fine-tuning API.\n\n");
    b.append("The license of this data is the license of the source repository.\n\n");

    b.append("## Contents\n\n");
    b.append("| config | split | rows |\n|---|---|---:|\n");
    List<String> splits = new ArrayList<>(info.sftRowsBySplit().keySet());
    splits.sort(java.util.Comparator.comparingInt(DatasetCard::rank).thenComparing(x -> x));
    for (String split : splits) {
      b.append("| sft | ").append(split).append(" | ").append(n(info.sftRowsBySplit().get(split))).append(" |\n");
    }
    b.append("| cpt | train | ").append(n(info.cptDocuments())).append(" |\n\n");
    if (!info.sftRowsByTask().isEmpty()) {
      b.append("| task | SFT rows |\n|---|---:|\n");
      for (Map.Entry<String, Long> e : info.sftRowsByTask().entrySet()) {
        b.append("| ").append(e.getKey()).append(" | ").append(n(e.getValue())).append(" |\n");
      }
      b.append('\n');
    }
    b.append("Tokens: ").append(n(info.sftTokens())).append(" in SFT messages, ")
        .append(n(info.cptTokens())).append(" in CPT texts.\n\n");

    b.append("## How it was made\n\n```sh\n").append(info.command()).append("\n```\n\n");

    b.append("## How to use it\n\n");
    b.append("`PATH` is this folder (or its Hub id once pushed).\n\n");
    b.append("```python\nfrom datasets import load_dataset\n\n");
    b.append("sft = load_dataset(\"PATH\")                         # config \"sft\": train")
        .append(sftSplits.size() > 1 ? " and test" : "").append('\n');
    b.append("cpt = load_dataset(\"PATH\", \"cpt\", split=\"train\")  # config \"cpt\"\n```\n\n");
    b.append("TRL reads the `messages` column as a conversation and applies the model's chat template:\n\n");
    b.append("```python\nfrom trl import SFTConfig, SFTTrainer\n\n");
    b.append("trainer = SFTTrainer(\n    model=\"MODEL\",\n")
        .append("    train_dataset=sft[\"train\"].remove_columns(\"meta\"),\n");
    if (sftSplits.size() > 1) {
      b.append("    eval_dataset=sft[\"test\"].remove_columns(\"meta\"),\n");
    }
    b.append("    args=SFTConfig(output_dir=\"out\"),\n)\ntrainer.train()\n```\n\n");
    b.append("Continued pretraining first: the same trainer on `cpt[\"train\"]` (column `text`).\n\n");
    b.append("OpenAI fine-tuning: upload the files as they are.\n\n");
    b.append("```python\nfrom openai import OpenAI\n\nclient = OpenAI()\n")
        .append("train = client.files.create(file=open(\"openai/train.jsonl\", \"rb\"), purpose=\"fine-tune\")\n")
        .append("job = client.fine_tuning.jobs.create(training_file=train.id, model=\"MODEL\")\n```\n\n");
    List<String> lf = new ArrayList<>(DatasetInfo.datasetNames(info, CardInfo.SFT_TRAIN));
    if (!lf.isEmpty()) {
      b.append("LLaMA-Factory: set `dataset_dir: PATH` and `dataset: ").append(String.join(",", lf))
          .append("` (entries in `dataset_info.json`).\n");
    }
    return b.toString();
  }

  private static void config(StringBuilder b, String name, boolean isDefault, List<String[]> splits) {
    if (splits.isEmpty()) {
      return;
    }
    b.append("- config_name: ").append(name).append('\n');
    if (isDefault) {
      b.append("  default: true\n");
    }
    b.append("  data_files:\n");
    for (String[] s : splits) {
      b.append("  - split: ").append(s[0]).append('\n');
      b.append("    path: ").append(s[1]).append('\n');
    }
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
