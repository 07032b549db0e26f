package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.extractors.git.ResolvedRepository;
import dev.repotune.pipeline.FixtureRepo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --name}: the name rows, the system prompt, dataset keys and the default --out folder use. */
class RepositoryNameCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  Path repo;
  Path cache;

  @BeforeEach
  void createRepo() throws Exception {
    repo = tmp.resolve("repo"); // a name that says nothing, as a bare mirror's folder often is
    FixtureRepo.create(repo, FixtureRepo.defaultFiles());
    cache = tmp.resolve("cache");
  }

  @Test
  void givenName_thenRowsPromptsAndDatasetKeysUseIt() throws Exception {
    Path out = tmp.resolve("out");
    CliRun r = CliRun.of("generate", repo.toString(), "--name", "acme-calc", "--out", out.toString(),
        "--cache-dir", cache.toString(), "--tasks", "explain");
    assertEquals(0, r.code(), r.err());
    List<String> rows = Files.readAllLines(out.resolve("sft/train-00000-of-00001.jsonl"));
    assertFalse(rows.isEmpty());
    for (String line : rows) {
      JsonNode row = JSON.readTree(line);
      assertEquals("acme-calc", row.at("/meta/repo").asText(), line);
      assertTrue(row.at("/messages/0/content").asText().contains("acme-calc"), line);
    }
    JsonNode info = JSON.readTree(out.resolve("dataset_info.json").toFile());
    assertTrue(info.has("acme-calc_sft"), info.toString());
    assertFalse(info.has("repo_sft"), info.toString());
    assertEquals("acme-calc", JSON.readTree(out.resolve("manifest.json").toFile()).at("/config/name").asText());
  }

  @Test
  void givenName_thenTheDefaultOutFolderIsNamedByIt() throws Exception {
    GenerateCommand g = GenerateSettingsTest.parsed(repo.toString(), "--name", "acme-calc");
    List<ResolvedRepository> repos =
        g.input.resolve(g.input.sources(), cache, new PrintWriter(new StringWriter()));
    assertEquals("acme-calc", repos.get(0).name());
    assertEquals(Path.of("repotune-out", "acme-calc").toAbsolutePath(), g.output.outDir(repos.get(0).name()));
  }

  @Test
  void givenNoName_thenAPathEndingInRepoIsNamedByItsPomElseItsParentFolder() throws Exception {
    GenerateCommand g = GenerateSettingsTest.parsed(repo.toString());
    String name = g.input.resolve(g.input.sources(), cache, new PrintWriter(new StringWriter())).get(0).name();
    assertEquals(tmp.getFileName().toString(), name, "the fixture has no build file");
  }

  @Test
  void givenBadName_thenExit2WithOneLine() {
    for (String bad : List.of("a/b", "..", "-x", "has space", "x".repeat(65), "")) {
      CliRun r = CliRun.of("generate", repo.toString(), "--name", bad, "--out", tmp.resolve("o").toString(),
          "--cache-dir", cache.toString());
      assertEquals(ExitCodes.USAGE, r.code(), bad + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains("--name must be letters, digits"), r.err());
      assertFalse(Files.exists(tmp.resolve("o")), "nothing written for a bad --name");
    }
  }

  @Test
  void givenNameWithTwoRepositories_thenExit2WithOneLine() {
    CliRun r = CliRun.of("generate", repo.toString(), repo.toString(), "--name", "x", "--out",
        tmp.resolve("o").toString(), "--cache-dir", cache.toString());
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("--name names one repository, but 2 were given"), r.err());
  }
}
