package dev.repotune.pipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A finished dataset folder as {@code inspect} and {@code validate} read it: the manifest first, then the files. */
final class DatasetFiles {
  static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final JsonNode manifest;

  private DatasetFiles(Path dir, JsonNode manifest) {
    this.dir = dir;
    this.manifest = manifest;
  }

  /** Opens {@code dir}; a folder without {@code manifest.json} is incomplete and ends the command (exit 3). */
  static DatasetFiles open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ExitException(ExitCodes.BAD_INPUT, dir + " is not a folder; pass the --out folder of a generate run");
    }
    Path manifest = dir.resolve("manifest.json");
    if (!Files.isRegularFile(manifest)) {
      throw new ExitException(
          ExitCodes.BAD_INPUT,
          dir + " has no manifest.json: it is not a finished dataset (the run did not complete); run generate again");
    }
    try {
      return new DatasetFiles(dir, JSON.readTree(manifest.toFile()));
    } catch (IOException e) {
      throw new ExitException(ExitCodes.BAD_INPUT, "manifest.json in " + dir + " is not valid JSON (" + e.getMessage() + ")");
    }
  }

  /** Files under {@code folder} (relative names like {@code sft/train-00000-of-00001.jsonl}), sorted. */
  List<String> list(String folder, String extension) throws IOException {
    Path d = dir.resolve(folder);
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> folder + "/" + p.getFileName()).filter(n -> n.endsWith(extension)).sorted().toList();
    }
  }

  /** A line and its number (from 1). */
  interface LineVisitor {
    void visit(int number, String line) throws IOException;
  }

  /**
   * Each line of a file, read as a stream (an OpenAI copy of the JDK's rows is over a gigabyte, more than
   * one Java string holds); returns the number of lines, or -1 when the last one is torn (no final "\n").
   */
  long forEachLine(String relative, LineVisitor visitor) throws IOException {
    Path file = dir.resolve(relative);
    long size = Files.size(file);
    if (size == 0) {
      return 0;
    }
    try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "r")) {
      raf.seek(size - 1);
      if (raf.read() != '\n') {
        return -1;
      }
    }
    int n = 0;
    try (java.io.BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        visitor.visit(++n, line);
      }
    }
    return n;
  }

  List<String> lines(String relative) throws IOException {
    List<String> out = new ArrayList<>();
    String text = Files.readString(dir.resolve(relative), StandardCharsets.UTF_8);
    if (text.isEmpty()) {
      return out;
    }
    for (String line : text.split("\n", -1)) {
      out.add(line);
    }
    // Every line ends with "\n", so the split's last piece is empty; anything else is a torn last line.
    if (out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  /** The split a shard name starts with: {@code sft/test-00000-of-00001.jsonl} is "test". */
  static String group(String relative) {
    String name = relative.substring(relative.lastIndexOf('/') + 1);
    int dash = name.indexOf('-');
    int dot = name.indexOf('.');
    return name.substring(0, dash >= 0 ? dash : dot);
  }

  long count(String dottedKey) {
    JsonNode n = manifest.at("/counts/" + dottedKey.replace('.', '/'));
    return n.isMissingNode() ? 0 : n.isObject() && n.has("total") ? n.get("total").asLong() : n.asLong();
  }
}
