package dev.repotune.extractors.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The planted-secret fixture under {@code src/test/resources/secrets/planted}: files with secrets (and
 * decoys that only look like secrets), listed in {@code expected.tsv} as id, kind, file and a needle, a
 * piece of text that must not survive redaction (a secret) or should (a decoy).
 */
public final class PlantedSecrets {
  /** One line of expected.tsv. */
  public record Planted(String id, String kind, String file, String needle) {
    public boolean isDecoy() {
      return kind.equals("decoy");
    }
  }

  private PlantedSecrets() {}

  /** The fixture folder, from the extractors module or from a sibling module of the reactor. */
  public static Path root() {
    for (Path p :
        List.of(
            Path.of("src/test/resources/secrets/planted"),
            Path.of("../extractors/src/test/resources/secrets/planted"))) {
      if (Files.isDirectory(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("planted-secret fixture not found from " + Path.of("").toAbsolutePath());
  }

  public static List<Planted> expected(Path root) throws IOException {
    List<Planted> out = new ArrayList<>();
    for (String line : Files.readAllLines(root.resolve("expected.tsv"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", 4);
      out.add(new Planted(f[0], f[1], f[2], f[3]));
    }
    return out;
  }

  /** Every fixture file but expected.tsv, as paths relative to the root, sorted. */
  public static List<String> files(Path root) throws IOException {
    try (var s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.equals("expected.tsv"))
          .sorted()
          .toList();
    }
  }
}
