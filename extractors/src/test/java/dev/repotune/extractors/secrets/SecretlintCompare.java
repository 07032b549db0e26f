package dev.repotune.extractors.secrets;

import dev.repotune.extractors.secrets.PlantedSecrets.Planted;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Not a test: {@code bench/secretlint-compare.sh} runs it. Reads the planted fixture and Secretlint's
 * findings (file, start line, end line, rule; tab-separated) and prints, for each planted secret and
 * decoy, whether Secretlint flagged its line and whether repotune's redactor removed it.
 */
public final class SecretlintCompare {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Map<String, List<int[]>> findings = new TreeMap<>();
    Map<String, List<String>> rules = new TreeMap<>();
    for (String line : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
      if (line.isBlank()) continue;
      String[] f = line.split("\t");
      findings.computeIfAbsent(f[0], k -> new ArrayList<>())
          .add(new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2])});
      rules.computeIfAbsent(f[0] + ":" + f[1], k -> new ArrayList<>()).add(f[3]);
    }
    SecretRedactor redactor = new SecretRedactor();
    PiiRedactor pii = new PiiRedactor();
    int[] secretlint = new int[2];
    int[] repotune = new int[2];
    int secrets = 0;
    int decoys = 0;
    System.out.println("| id | kind | file | Secretlint | repotune |");
    System.out.println("|---|---|---|---|---|");
    for (Planted p : PlantedSecrets.expected(root)) {
      String text = Files.readString(root.resolve(p.file()), StandardCharsets.UTF_8);
      int line = text.substring(0, text.indexOf(p.needle())).split("\n", -1).length;
      boolean byLint =
          findings.getOrDefault(p.file(), List.of()).stream().anyMatch(r -> r[0] <= line && line <= r[1]);
      boolean byUs = !pii.redact(redactor.redact(text).text()).text().contains(p.needle());
      int i = p.isDecoy() ? 1 : 0;
      if (p.isDecoy()) decoys++; else secrets++;
      if (byLint) secretlint[i]++;
      if (byUs) repotune[i]++;
      String yes = p.isDecoy() ? "flagged (false positive)" : "found";
      String no = p.isDecoy() ? "left" : "**missed**";
      System.out.printf(
          "| %s | %s | %s:%d | %s | %s |%n",
          p.id(), p.kind(), p.file(), line, byLint ? yes : no, byUs ? yes : no);
    }
    System.out.println();
    System.out.printf(
        "Planted secrets found: Secretlint %d/%d, repotune %d/%d%n", secretlint[0], secrets, repotune[0], secrets);
    System.out.printf(
        "Decoys flagged (false positives): Secretlint %d/%d, repotune %d/%d%n",
        secretlint[1], decoys, repotune[1], decoys);
  }
}
