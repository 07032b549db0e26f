package dev.repotune.samples;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.SourceFile;
import dev.repotune.prompts.QaPair;
import dev.repotune.prompts.TaskKind;
import java.util.ArrayList;
import java.util.List;

final class Fixtures {
  private Fixtures() {}

  static final String PATH = "gson/src/main/java/com/google/gson/Gson.java";

  static Chunk chunk() {
    return new Chunk(
        "c0ffee", "gson", "abc123", PATH, "java", ChunkKind.METHOD, "Gson.toJson(Object)", 10, 20,
        "package com.google.gson;", "public String toJson(Object src) { ... }", 12, null);
  }

  static QaPair qa() {
    return new QaPair(
        "c0ffee", TaskKind.EXPLAIN, "What does Gson.toJson(Object) do?",
        "It serializes \"src\" to JSON – café.\nSee also: toJsonTree.", "offline", "p1");
  }

  static SftRecord sft() {
    return Samples.sft(qa(), chunk(), "You are an expert on gson.", "train");
  }

  /** Varied rows: unicode, control characters, empty strings, no system turn, both splits. */
  static List<SftRecord> manySft(int n) {
    List<SftRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Chunk c =
          new Chunk(
              "chunk" + i, "gson", "abc123", "src/F" + (i % 7) + ".java", "java", ChunkKind.METHOD,
              "F.m" + i + "()", i, i + 5, "", "void m" + i + "() {}", 5, null);
      QaPair q =
          new QaPair(
              c.id(), TaskKind.values()[i % TaskKind.values().length],
              "Question " + i + " \u00e9\u4e2d\ud83d\ude00 \t\u0001?", i % 5 == 0 ? "" : "Answer " + i,
              "offline", "v" + (i % 3));
      out.add(Samples.sft(q, c, i % 2 == 0 ? null : "system " + i, i % 4 == 0 ? "test" : "train"));
    }
    return out;
  }

  static List<CptRecord> manyCpt(int n) {
    List<CptRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SourceFile f =
          new SourceFile(
              "gson", "abc123", "docs/f" + i + (i % 2 == 0 ? ".md" : ".java"),
              i % 2 == 0 ? "markdown" : "java", "blob" + i, "line one\nline \u00e9 " + i + "\n");
      out.add(Samples.cpt(f, 100 + i));
    }
    return out;
  }
}
