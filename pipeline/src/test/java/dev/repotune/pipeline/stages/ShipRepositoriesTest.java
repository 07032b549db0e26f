package dev.repotune.pipeline.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.pipeline.FixtureRepo;
import dev.repotune.pipeline.RepotuneOptions;
import dev.repotune.pipeline.TestOptions;
import dev.repotune.pipeline.RepotunePipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose repositories reach the workers as bundles writes the same shards as one that opens the clone
 * by path, with the clone moved away first so no stage can have read it.
 */
class ShipRepositoriesTest {
  @TempDir Path tmp;
  private final List<String> unpacked = new java.util.ArrayList<>();

  @AfterEach
  void removeUnpacked() throws IOException {
    for (String location : unpacked) {
      dev.repotune.pipeline.DatasetFolder.deleteRecursively(Path.of(System.getProperty("java.io.tmpdir"), "repotune-git", WorkerGit.key(location)));
    }
  }

  @Test
  void givenBundlesAndNoClone_thenTheShardsAreTheSameAsFromTheClone() throws Exception {
    Path repo = tmp.resolve("fixture");
    FixtureRepo.create(repo, FixtureRepo.defaultFiles());
    String snapshot = FixtureRepo.commit(repo, Map.of("src/main/java/com/acme/calc/Square.java", FixtureRepo.utf8(
        "package com.acme.calc;\n\n/** A square. */\npublic class Square implements Shape {\n  private final double side;\n\n"
            + "  public Square(double side) {\n    this.side = side;\n  }\n\n  @Override\n  public double area() {\n"
            + "    return side * side;\n  }\n}\n")), "Add Square so the tools can size square plots");
    String tip = FixtureRepo.commit(repo, Map.of("src/main/java/com/acme/calc/Calculator.java",
        FixtureRepo.utf8(FixtureRepo.CALCULATOR.replace("division by zero", "cannot divide by zero"))),
        "Say what went wrong when dividing by zero, because users misread the old message");
    Path gitDir = repo.resolve(".git");

    Path plainWork = Files.createDirectories(tmp.resolve("work-plain"));
    run(options(gitDir, snapshot, tip, plainWork));
    Map<String, byte[]> plain = shards(plainWork);

    Path shippedWork = Files.createDirectories(tmp.resolve("work-shipped"));
    RepotuneOptions shipped = options(gitDir, snapshot, tip, shippedWork);
    Path location = tmp.resolve("ship");
    RepotunePipeline.shipRepositories(shipped, location.toString());
    String bundle = location.resolve(RepotunePipeline.BUNDLES).resolve("acme_calc-" + snapshot.substring(0, 12) + ".bundle")
        .toString();
    unpacked.add(bundle);
    assertEquals(bundle, shipped.getGitDir());
    assertEquals(List.of(String.join("\t", "acme/calc", "file:///acme/calc.git", "main", snapshot, bundle)),
        shipped.getRepos());
    assertTrue(Files.isRegularFile(Path.of(bundle)));

    Path movedAway = Files.move(repo, tmp.resolve("moved-away"));
    assertFalse(Files.exists(gitDir));
    run(shipped);
    Map<String, byte[]> fromBundles = shards(shippedWork);

    assertTrue(plain.keySet().stream().anyMatch(p -> p.startsWith("sft/")), plain.keySet().toString());
    assertTrue(plain.keySet().stream().anyMatch(p -> p.startsWith("fim/")), plain.keySet().toString());
    assertTrue(plain.keySet().stream().anyMatch(p -> p.startsWith("history/")), plain.keySet().toString());
    assertEquals(plain.keySet(), fromBundles.keySet());
    for (String p : plain.keySet()) {
      assertEquals(java.util.HexFormat.of().formatHex(plain.get(p)), java.util.HexFormat.of().formatHex(fromBundles.get(p)), p);
    }
    assertTrue(Files.isDirectory(movedAway));
  }

  @Test
  void givenABundleLocation_thenItIsUnpackedOnceAndAHalfUnpackedFolderIsRedone() throws Exception {
    Path repo = tmp.resolve("fixture");
    String commit = FixtureRepo.create(repo, FixtureRepo.defaultFiles());
    Path gitDir = repo.resolve(".git");
    assertEquals(gitDir.toString(), WorkerGit.localGitDir(gitDir.toString()));

    Path bundle = tmp.resolve("ship/one.bundle");
    Files.createDirectories(bundle.getParent());
    try (var out = Files.newOutputStream(bundle)) {
      dev.repotune.extractors.git.GitBundles.write(gitDir, List.of(commit), out);
    }
    unpacked.add(bundle.toString());
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "repotune-git", WorkerGit.key(bundle.toString()));
    // What a JVM killed mid-unpack leaves: a git folder and no done marker.
    Files.createDirectories(dir.resolve("git/objects"));
    Files.writeString(dir.resolve("git/objects/half"), "x");

    String local = WorkerGit.localGitDir(bundle.toString());
    assertEquals(dir.resolve("git").toString(), local);
    assertTrue(Files.isRegularFile(dir.resolve("done")));
    assertFalse(Files.exists(dir.resolve("git/objects/half")));
    assertEquals(local, WorkerGit.localGitDir(bundle.toString()));
    try (Git git = Git.open(Path.of(local).toFile())) {
      assertEquals(commit, git.getRepository().resolve(commit + "^{commit}").name());
    }
  }

  private static void run(RepotuneOptions o) {
    PipelineResult.State state = RepotunePipeline.run(o).waitUntilFinish();
    assertEquals(PipelineResult.State.DONE, state);
  }

  private RepotuneOptions options(Path gitDir, String snapshot, String tip, Path work) {
    RepotuneOptions o = PipelineOptionsFactory.create().as(RepotuneOptions.class);
    o.setRepoName("acme/calc");
    o.setRepoUrl("file:///acme/calc.git");
    o.setGitDir(gitDir.toString());
    o.setRef("main");
    o.setCommit(snapshot);
    o.setRepos(List.of(String.join("\t", "acme/calc", "file:///acme/calc.git", "main", snapshot, gitDir.toString())));
    o.setInclude(List.of());
    o.setExclude(List.of());
    o.setTasks("");
    o.setWorkDir(work.toString());
    o.setTeacher("offline");
    TestOptions.runDefaults(o);
    // The newest commit is held out in time: the snapshot is its parent, the history starts at the tip.
    o.setHistory(10);
    o.setHistoryHeads(List.of(String.join("\t", "acme/calc", tip, "1")));
    return o;
  }

  /** Every file the run wrote, by path under the work folder. */
  private static Map<String, byte[]> shards(Path work) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(work)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        out.put(work.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

}
