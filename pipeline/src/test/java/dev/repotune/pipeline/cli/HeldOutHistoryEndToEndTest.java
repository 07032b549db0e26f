package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.pipeline.FixtureRepo;
import dev.repotune.samples.CompletionHoldout;
import dev.repotune.samples.HeldOutCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion test's held-out files stay out of the history's training rows too. A commit that
 * changes a held-out file gives no rows (a rejected commit, {@code held_out_file}); and the text of a held-out file that an older
 * training file of the history held (code that moved) makes its middles rejected, as a middle in a
 * training file of the snapshot is. On jsoup, before this, 26 of 41 held-out middles were in history
 * rows and commit documents.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeldOutHistoryEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double SHARE = 0.3;

  @TempDir static Path tmp;
  Path out;
  final Set<String> heldOut = new TreeSet<>();
  String changed;
  String moved;
  /** A training path (not held out) for the draft that held the moved file's text for two commits. */
  String draft;

  @BeforeAll
  void repository() throws Exception {
    Map<String, byte[]> files = MixAndSplitEndToEndTest.files();
    Path repo = tmp.resolve("ledgers");
    FixtureRepo.create(repo, files);
    CompletionHoldout rule = new CompletionHoldout(SHARE, 0);
    for (String path : files.keySet()) {
      if (rule.isHeldOut("ledgers", path, "java")) {
        heldOut.add(path);
      }
    }
    assertTrue(heldOut.size() >= 2, "the fixture needs two held-out files: " + heldOut);
    for (int i = 0; draft == null; i++) {
      String candidate = "src/main/java/com/acme/draft/Draft" + i + ".java";
      draft = rule.isHeldOut("ledgers", candidate, "java") ? null : candidate;
    }
    changed = heldOut.iterator().next();
    moved = new ArrayList<>(heldOut).get(1);
    String text = new String(files.get(changed), StandardCharsets.UTF_8);
    assertTrue(text.contains("total += v * "), changed);
    FixtureRepo.commit(repo, Map.of(changed, FixtureRepo.utf8(text.replace("total += v * ", "total += 2 * v * "))),
        "Fix the weight of large entries\n\nThe auditors count entries above the threshold twice, so that the"
            + " monthly close matches their figures.");
    // the moved file's text, whole, in a training file that a later commit deletes: history holds it
    FixtureRepo.commit(repo, Map.of(draft, files.get(moved)),
        "Add a draft of the reconciliation\n\nThe close is checked against the draft first, so that a wrong"
            + " balance is caught before the ledger lands.");
    try (Git git = Git.open(repo.toFile())) {
      git.rm().addFilepattern(draft).call();
      PersonIdent who = new PersonIdent("Fixture", "fixture@example.invalid");
      git.commit().setMessage("Remove the reconciliation draft\n\nThe ledger itself now reconciles, so that one"
          + " copy of the rules is kept.").setAuthor(who).setCommitter(who).setSign(false).call();
    }
    out = tmp.resolve("out");
    CliRun r = CliRun.of("generate", repo.toString(), "--out", out.toString(), "--cache-dir",
        tmp.resolve("cache").toString(), "--completion-holdout", Double.toString(SHARE), "--fim-rate", "1");
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void aCommitThatChangesAHeldOutFileGivesNoRows() throws Exception {
    List<JsonNode> rows = DeduplicateEndToEndTest.lines(out, "history/");
    assertFalse(rows.isEmpty(), "the history gave rows");
    for (JsonNode r : rows) {
      for (JsonNode p : r.at("/meta/paths")) {
        assertFalse(heldOut.contains(p.asText()), "a history row shows the held-out " + p + ": " + r.at("/meta"));
      }
      assertFalse(r.toString().contains("2 * v * "), "the change to the held-out file is in a row: " + r.at("/meta"));
    }
    List<JsonNode> documents = DeduplicateEndToEndTest.lines(out, "commits/");
    Set<String> documented = new TreeSet<>();
    documents.forEach(d -> documented.add(d.at("/meta/path").asText()));
    assertTrue(documented.contains(draft), "the draft, a training file of the history, has its commit document: " + documented);
    documented.retainAll(heldOut);
    assertEquals(Set.of(), documented, "no commit document of a held-out file");
    List<JsonNode> rejected = DeduplicateEndToEndTest.lines(out, "rejected/ToHistoryRows");
    assertTrue(rejected.stream().anyMatch(j -> j.get("reason").asText().equals("held_out_file")
            && j.get("record").asText().contains("Fix the weight of large entries")
            && j.get("record").asText().contains(changed)),
        "the commit that changed a held-out file is rejected, naming it: " + rejected);
  }

  @Test
  void aHeldOutMiddleThatTheHistoryHoldsIsRejectedAndValidateFindsNoLeak() throws Exception {
    List<JsonNode> rejected = DeduplicateEndToEndTest.lines(out, "rejected/ToFimExamples");
    List<String> found = new ArrayList<>();
    for (JsonNode j : rejected) {
      JsonNode record = JSON.readTree(j.get("record").asText());
      if (j.get("reason").asText().equals("middle_in_training") && record.get("path").asText().equals(moved)) {
        found.add(record.get("middle").asText());
      }
    }
    assertFalse(found.isEmpty(), "the moved file's middles are in the draft's commit document: " + rejected);
    for (JsonNode r : DeduplicateEndToEndTest.lines(out, "fim/")) {
      if (r.at("/meta/split").asText().equals("test") && r.get("path").asText().equals(moved)) {
        assertFalse(HeldOutCheck.counts(r.get("middle").asText()), "a middle the draft held was kept: " + r.get("middle"));
      }
    }
    CliRun v = CliRun.of("validate", out.toString());
    assertEquals(0, v.code(), v.out() + v.err());
  }
}
