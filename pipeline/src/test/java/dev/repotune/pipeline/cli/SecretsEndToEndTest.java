package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.pipeline.FixtureRepo;
import dev.repotune.samples.OutputKind;
import dev.repotune.samples.ParquetShards;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planted-secret fixture (extractors' test resources) committed into a repository and run through
 * {@code generate}: no planted secret may appear in any file of the dataset, Parquet included.
 */
class SecretsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Path PLANTED = Path.of("../extractors/src/test/resources/secrets/planted");

  @TempDir Path tmp;

  record Planted(String id, String kind, String file, String needle) {}

  static List<Planted> planted() throws IOException {
    List<Planted> out = new ArrayList<>();
    for (String line : Files.readAllLines(PLANTED.resolve("expected.tsv"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.split("\t", 4);
      out.add(new Planted(f[0], f[1], f[2], f[3]));
    }
    return out;
  }

  /** The default fixture repository plus every planted file. */
  static Map<String, byte[]> plantedFiles() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>(FixtureRepo.defaultFiles());
    try (Stream<Path> s = Files.walk(PLANTED)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String rel = PLANTED.relativize(p).toString().replace('\\', '/');
        if (!rel.equals("expected.tsv")) files.put(rel, Files.readAllBytes(p));
      }
    }
    return files;
  }

  @Test
  void givenRepoWithPlantedSecrets_whenGenerate_thenNoSecretInAnyOutputFile() throws Exception {
    assertTrue(Files.isDirectory(PLANTED), "fixture missing: " + PLANTED.toAbsolutePath());
    Map<String, byte[]> files = plantedFiles();
    String envSecret = "sk_live_" + "EnvFileSecret0123456789abcd";
    files.put(".env", ("STRIPE_KEY=" + envSecret + "\n").getBytes(StandardCharsets.UTF_8));
    Path repo = tmp.resolve("leaky");
    FixtureRepo.create(repo, files);

    Path out = tmp.resolve("out");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(o), new PrintWriter(e),
        "generate", repo.toString(), "--out", out.toString(), "--cache-dir", tmp.resolve("cache").toString());
    assertEquals(0, code, e.toString());

    // the dataset decoded, the raw bytes of every output and cache file, and the console
    String everything = allText(out) + rawText(out) + rawText(tmp.resolve("cache")) + o + e;
    List<String> leaked = new ArrayList<>();
    List<String> lostDecoys = new ArrayList<>();
    for (Planted p : planted()) {
      boolean found = everything.contains(p.needle());
      if (!p.kind().equals("decoy") && found) {
        leaked.add(p.id() + " " + p.kind() + " " + p.file());
      }
      // the stranger set's decoys must reach the dataset (its .npmrc is skipped as a credentials file)
      if (p.kind().equals("decoy") && p.file().startsWith("stranger/") && !found) {
        lostDecoys.add(p.id() + " " + p.needle());
      }
    }
    if (everything.contains(envSecret)) leaked.add(".env");
    assertEquals(List.of(), leaked, "secrets and personal data found in the dataset, the cache or the log");
    assertEquals(List.of(), lostDecoys, "decoys redacted");
    assertTrue(everything.contains("<REDACTED:github_token>"), "the redacted text is still trained on");
    assertTrue(everything.contains("@author Jane Doe <REDACTED:email>"), "names stay, addresses go");

    JsonNode counts = JSON.readTree(out.resolve("manifest.json").toFile()).get("counts");
    assertEquals(1, counts.at("/rejected/ReadRepository/env_file").asLong(), counts.toPrettyString());
    // keys/server.pem, config/service-account.json, stranger/.npmrc
    assertEquals(3, counts.at("/rejected/ReadRepository/credentials").asLong(), counts.toPrettyString());
    assertTrue(counts.at("/secrets/redacted/total").asLong() >= 60, counts.toPrettyString());
    assertTrue(counts.at("/secrets/redacted/private_key").asLong() >= 2, counts.toPrettyString());
    // the seven planted text files, Decoys.java for its random-looking BUILD_CACHE_KEY, and nine of
    // the stranger set's ten files (its .npmrc is skipped unread)
    assertEquals(17, counts.at("/secrets/files").asLong(), counts.toPrettyString());
    assertEquals(9, counts.at("/pii/redacted/email").asLong(), counts.toPrettyString());
    assertEquals(3, counts.at("/pii/redacted/ip").asLong(), counts.toPrettyString());
    assertEquals(6, counts.at("/pii/files").asLong(), counts.toPrettyString());
    assertTrue(o.toString().contains("personal 9 e-mails and 3 IP addresses redacted in 6 files"), o.toString());
  }

  /**
   * {@code --keep-emails} keeps the addresses (and says so in the manifest's config); a later run
   * without it on the same cache must not replay the cached chunks that still hold them.
   */
  @Test
  void givenKeepEmails_whenGenerate_thenEmailsKeptAndNotReplayedToALaterRun() throws Exception {
    Path repo = tmp.resolve("leaky");
    FixtureRepo.create(repo, plantedFiles());
    Path cache = tmp.resolve("cache");
    String email = "jane.doe@acme-corp.com";

    Path kept = tmp.resolve("kept");
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(e),
        "generate", repo.toString(), "--out", kept.toString(), "--cache-dir", cache.toString(), "--keep-emails");
    assertEquals(0, code, e.toString());
    assertTrue(allText(kept).contains(email), "--keep-emails keeps the address");
    JsonNode manifest = JSON.readTree(kept.resolve("manifest.json").toFile());
    assertTrue(manifest.toString().contains("\"keep_emails\":true"), manifest.toString());
    assertEquals(0, manifest.get("counts").at("/pii/redacted/email").asLong(), manifest.get("counts").toPrettyString());
    assertTrue(allText(kept).contains("<REDACTED:ip>"), "IP addresses are still redacted");

    Path out = tmp.resolve("out");
    code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(e),
        "generate", repo.toString(), "--out", out.toString(), "--cache-dir", cache.toString());
    assertEquals(0, code, e.toString());
    assertTrue(!allText(out).contains(email), "an e-mail replayed from the cache of the --keep-emails run");
  }

  /** Every file under {@code root} as bytes read one to one as characters: binary caches included. */
  static String rawText(Path root) throws IOException {
    StringBuilder b = new StringBuilder();
    if (!Files.exists(root)) return "";
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        b.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    return b.toString();
  }

  /** Credentials in the URL's user-info reach no output file, no cached file, no log line, no error. */
  @Test
  void givenUrlWithUserInfo_whenGenerate_thenCredentialsAppearNowhere() throws Exception {
    String secret = "tok3nS3cretValue";
    Path repo = tmp.resolve("acme");
    FixtureRepo.create(repo, FixtureRepo.defaultFiles());
    Path out = tmp.resolve("out");
    Path cache = tmp.resolve("cache");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(o), new PrintWriter(e),
        "generate", "file://user:" + secret + "@" + repo, "--out", out.toString(), "--cache-dir", cache.toString());
    assertEquals(0, code, e.toString());
    assertTrue(Files.exists(out.resolve("manifest.json")));

    // A server that refuses the credentials: the error line must not echo them either.
    com.sun.net.httpserver.HttpServer server = GenerateCommandTest.refusingGitServer();
    StringWriter e2 = new StringWriter();
    int refused;
    try {
      StringWriter e3 = new StringWriter();
      refused = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(e3), "generate",
          "http://user:" + secret + "@127.0.0.1:" + server.getAddress().getPort() + "/acme/private.git",
          "--out", tmp.resolve("out3").toString(), "--cache-dir", cache.toString(), "--verbose");
      e2.append(e3.toString());
    } finally {
      server.stop(0);
    }
    assertTrue(refused != 0, e2.toString());

    List<String> leaks = new ArrayList<>();
    for (String s : List.of(o.toString(), e.toString(), e2.toString())) {
      if (s.contains(secret)) leaks.add("console: " + s);
    }
    for (Path root : List.of(out, cache)) {
      try (Stream<Path> s = Files.walk(root)) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
          if (text.contains(secret)) leaks.add(root.relativize(p).toString());
        }
      }
    }
    if (allText(out).contains(secret)) leaks.add("a decoded shard");
    assertEquals(List.of(), leaks, "the URL's credentials leaked");
  }

  /** Every string the dataset holds: text files as they are, JSON and Parquet decoded (no escaping hides a hit). */
  static String allText(Path root) throws IOException {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        String name = p.getFileName().toString();
        if (name.endsWith(".parquet")) {
          OutputKind<?> kind = OutputKind.of(root.relativize(p).getName(0).toString());
          ParquetShards.read(p, kind.codec()).forEach(r -> b.append(r).append('\n'));
          continue;
        }
        String text = Files.readString(p, StandardCharsets.UTF_8);
        b.append(text).append('\n');
        if (name.endsWith(".jsonl")) {
          for (String line : text.split("\n")) if (!line.isBlank()) strings(JSON.readTree(line), b);
        } else if (name.endsWith(".json")) {
          strings(JSON.readTree(text), b);
        }
      }
    }
    return b.toString();
  }

  static void strings(JsonNode n, StringBuilder b) {
    if (n.isTextual()) b.append(n.asText()).append('\n');
    n.forEach(c -> strings(c, b));
  }
}
