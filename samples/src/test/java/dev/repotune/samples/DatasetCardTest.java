package dev.repotune.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class DatasetCardTest {

  static CardInfo info(boolean withTest, int sftTrainShards) {
    Map<String, List<String>> files = new HashMap<>();
    List<String> sftTrain = new java.util.ArrayList<>();
    for (int i = 0; i < sftTrainShards; i++) {
      sftTrain.add("sft/" + ShardNames.of("train", i, sftTrainShards, "parquet"));
      sftTrain.add("sft/" + ShardNames.of("train", i, sftTrainShards, "jsonl"));
    }
    files.put("sft/train", sftTrain);
    if (withTest) {
      files.put("sft/test", List.of("sft/test-00000-of-00001.jsonl", "sft/test-00000-of-00001.parquet"));
    }
    files.put("cpt/train", List.of("cpt/train-00000-of-00001.parquet", "cpt/train-00000-of-00001.jsonl"));
    Map<String, Long> counts = new HashMap<>();
    counts.put("sft.train.total", 950L);
    counts.put("sft.train.task.explain", 570L);
    counts.put("sft.train.task.signature", 380L);
    counts.put("tokens.sft.train", 47_000L);
    if (withTest) {
      counts.put("sft.test.total", 50L);
      counts.put("sft.test.task.explain", 30L);
      counts.put("sft.test.task.signature", 20L);
      counts.put("tokens.sft.test", 3_000L);
    }
    counts.put("cpt.train.total", 120L);
    counts.put("tokens.cpt.train", 400_000L);
    counts.put("rejected.FilterSamples.refusal", 7L);
    return new CardInfo(
        "google/gson", "https://github.com/google/gson.git", "abc123",
        "repotune generate https://github.com/google/gson.git --test-fraction 0.05",
        counts, new TreeMap<>(files));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> frontMatter(String card) {
    assertTrue(card.startsWith("---\n"));
    int end = card.indexOf("\n---\n", 4);
    assertTrue(end > 0, "front matter is closed");
    return (Map<String, Object>) new Yaml().load(card.substring(4, end + 1));
  }

  @Test
  @SuppressWarnings("unchecked")
  void frontMatterParsesAndNamesBothConfigs() {
    Map<String, Object> fm = frontMatter(DatasetCard.render(info(true, 1)));
    assertEquals("other", fm.get("license"));
    assertEquals(List.of("code", "repotune"), fm.get("tags"));
    List<Map<String, Object>> configs = (List<Map<String, Object>>) fm.get("configs");
    assertEquals(2, configs.size());
    Map<String, Object> sft = configs.get(0);
    assertEquals("sft", sft.get("config_name"));
    assertEquals(Boolean.TRUE, sft.get("default"));
    assertEquals(
        List.of(
            Map.of("split", "train", "path", "sft/train-*.parquet"),
            Map.of("split", "test", "path", "sft/test-*.parquet")),
        sft.get("data_files"));
    Map<String, Object> cpt = configs.get(1);
    assertEquals("cpt", cpt.get("config_name"));
    assertFalse(cpt.containsKey("default"));
    assertEquals(List.of(Map.of("split", "train", "path", "cpt/train-*.parquet")), cpt.get("data_files"));
    assertEquals("google/gson (repotune)", fm.get("pretty_name"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void noTestFilesMeansNoTestSplit() {
    String card = DatasetCard.render(info(false, 1));
    Map<String, Object> fm = frontMatter(card);
    Map<String, Object> sft = ((List<Map<String, Object>>) fm.get("configs")).get(0);
    assertEquals(List.of(Map.of("split", "train", "path", "sft/train-*.parquet")), sft.get("data_files"));
    assertFalse(card.contains("eval_dataset"));
  }

  @Test
  void bodySaysWhatItIsAndHowToLoadIt() {
    String card = DatasetCard.render(info(true, 1));
    assertTrue(card.contains("https://github.com/google/gson.git"));
    assertTrue(card.contains("`abc123`"));
    assertTrue(card.contains("| sft | test | 50 |"));
    assertTrue(card.contains("| sft | train | 950 |"));
    assertTrue(card.contains("| explain | 600 |"));
    assertTrue(card.contains("| signature | 400 |"));
    assertTrue(card.contains("Tokens: 50,000 in SFT messages, 400,000 in CPT texts."));
    assertFalse(card.contains("rejected"), "only the kinds with a config are in the contents");
    assertTrue(card.contains("| cpt | train | 120 |"));
    assertTrue(card.contains("400,000 in CPT"));
    assertTrue(card.contains("repotune generate https://github.com/google/gson.git --test-fraction 0.05"));
    assertTrue(card.contains("load_dataset(\"PATH\", \"cpt\", split=\"train\")"));
    assertTrue(card.contains("SFTTrainer("));
    assertTrue(card.contains("openai/train.jsonl"));
    assertTrue(card.contains("dataset: google_gson_sft`"));
    assertEquals(card, DatasetCard.render(info(true, 1)));
  }

  @Test
  void datasetInfoParsesAndPointsAtTheJsonlShards() throws Exception {
    JsonNode root = JsonLines.MAPPER.readTree(DatasetInfo.render(info(true, 1)));
    assertEquals(List.of("google_gson_sft", "google_gson_sft_test", "google_gson_cpt"), keys(root));
    JsonNode sft = root.get("google_gson_sft");
    assertEquals("sft/train-00000-of-00001.jsonl", sft.get("file_name").asText());
    assertEquals("sharegpt", sft.get("formatting").asText());
    assertEquals("messages", sft.get("columns").get("messages").asText());
    JsonNode tags = sft.get("tags");
    assertEquals("role", tags.get("role_tag").asText());
    assertEquals("content", tags.get("content_tag").asText());
    assertEquals("user", tags.get("user_tag").asText());
    assertEquals("assistant", tags.get("assistant_tag").asText());
    assertEquals("system", tags.get("system_tag").asText());
    assertEquals("sft/test-00000-of-00001.jsonl", root.get("google_gson_sft_test").get("file_name").asText());
    JsonNode cpt = root.get("google_gson_cpt");
    assertEquals("cpt/train-00000-of-00001.jsonl", cpt.get("file_name").asText());
    assertEquals("text", cpt.get("columns").get("prompt").asText());
    assertFalse(cpt.has("formatting"));
  }

  @Test
  void severalShardsGetOneEntryEach() throws Exception {
    CardInfo info = info(false, 3);
    JsonNode root = JsonLines.MAPPER.readTree(DatasetInfo.render(info));
    assertEquals(
        List.of("google_gson_sft_00000", "google_gson_sft_00001", "google_gson_sft_00002", "google_gson_cpt"),
        keys(root));
    assertEquals("sft/train-00002-of-00003.jsonl", root.get("google_gson_sft_00002").get("file_name").asText());
    assertTrue(DatasetCard.render(info).contains(
        "dataset: google_gson_sft_00000,google_gson_sft_00001,google_gson_sft_00002`"));
  }

  private static List<String> keys(JsonNode n) {
    List<String> k = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(k::add);
    return k;
  }
}
