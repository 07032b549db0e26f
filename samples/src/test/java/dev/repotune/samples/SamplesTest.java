package dev.repotune.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.SourceFile;
import dev.repotune.prompts.QaPair;
import dev.repotune.prompts.TaskKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplesTest {

  @Test
  void sftHasSystemUserAssistantAndMetaFromTheChunk() {
    SftRecord r = Fixtures.sft();
    assertEquals("47287a568be66d22494b9a7d4c7d9bd1", r.id()); // SHA-256("c0ffee\0explain\0question")
    assertEquals(
        List.of(
            new Message("system", "You are an expert on gson."),
            new Message("user", Fixtures.qa().question()),
            new Message("assistant", Fixtures.qa().answer())),
        r.messages());
    assertEquals(
        new SftRecord.Meta(
            "gson", "abc123", Fixtures.PATH, "Gson.toJson(Object)", "10-20", "explain", "offline",
            "p1", "c0ffee", "train"),
        r.meta());
  }

  @Test
  void blankSystemPromptIsLeftOut() {
    SftRecord r = Samples.sft(Fixtures.qa(), Fixtures.chunk(), " ", "test");
    assertEquals(List.of("user", "assistant"), r.messages().stream().map(Message::role).toList());
    assertEquals(Fixtures.sft().id(), r.id());
  }

  @Test
  void idDependsOnTaskAndQuestion() {
    QaPair q = Fixtures.qa();
    QaPair other =
        new QaPair(q.chunkId(), TaskKind.SIGNATURE, q.question(), q.answer(), q.teacher(), q.promptVersion());
    assertTrue(!Samples.sft(other, Fixtures.chunk(), null, "train").id().equals(Fixtures.sft().id()));
  }

  @Test
  void mismatchedChunkAndBadSplitAreRejected() {
    QaPair q = Fixtures.qa();
    QaPair wrong = new QaPair("other", q.taskKind(), q.question(), q.answer(), q.teacher(), q.promptVersion());
    assertThrows(IllegalArgumentException.class, () -> Samples.sft(wrong, Fixtures.chunk(), null, "train"));
    assertThrows(IllegalArgumentException.class, () -> Samples.sft(q, Fixtures.chunk(), null, "validation"));
  }

  @Test
  void withSplitChangesOnlyTheSplit() {
    SftRecord r = Samples.withSplit(Fixtures.sft(), "test");
    assertEquals("test", r.meta().split());
    assertEquals(Fixtures.sft().id(), r.id());
    assertEquals(Fixtures.sft().messages(), r.messages());
  }

  @Test
  void cptHasHeaderInTheFilesCommentSyntax() {
    assertEquals("// File: src/A.java\nclass A {}", text("java", "src/A.java", "class A {}"));
    assertEquals("# File: conf/app.yaml\na: 1", text("yaml", "conf/app.yaml", "a: 1"));
    assertEquals("# File: a.properties\nx=1", text("properties", "a.properties", "x=1"));
    assertEquals("# File: bin/run.sh\necho", text("shell", "bin/run.sh", "echo"));
    assertEquals("# File: x.py\npass", text("python", "x.py", "pass"));
    assertEquals("<!-- File: README.md -->\n# T", text("markdown", "README.md", "# T"));
    assertEquals("<!-- File: pom.xml -->\n<p/>", text("xml", "pom.xml", "<p/>"));
    assertEquals("<!-- File: a.html -->\n<p/>", text("html", "a.html", "<p/>"));
    // Unknown language: the extension decides; unknown extension: C-like.
    assertEquals("# File: tools/go.sh\necho", text("text", "tools/go.sh", "echo"));
    assertEquals("// File: notes.txt\nhi", text("text", "notes.txt", "hi"));
  }

  @Test
  void cptIdIsHashOfRepoCommitPathAndTokensAreTheCallers() {
    SourceFile f = new SourceFile("gson", "abc123", "README.md", "markdown", "b1", "# Gson\n");
    CptRecord r = Samples.cpt(f, 42);
    assertEquals("2bd438f4ee75ba46732cae898dce241a", r.id()); // SHA-256("gson\0abc123\0README.md")
    assertEquals(new CptRecord.Meta("gson", "abc123", "README.md", "markdown", 42), r.meta());
    assertEquals("<!-- File: README.md -->\n# Gson\n", r.text());
    CptRecord counted = Samples.cpt(f, String::length);
    assertEquals(r.text().length(), counted.meta().tokens());
    assertThrows(IllegalArgumentException.class, () -> Samples.cpt(f, -1));
  }

  private static String text(String language, String path, String body) {
    return Samples.cptText(new SourceFile("r", "c", path, language, "b", body));
  }
}
