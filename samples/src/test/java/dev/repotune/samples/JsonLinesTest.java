package dev.repotune.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

  static final String EXPECTED_SFT =
      "{\"messages\":["
          + "{\"role\":\"system\",\"content\":\"You are an expert on gson.\"},"
          + "{\"role\":\"user\",\"content\":\"What does Gson.toJson(Object) do?\"},"
          + "{\"role\":\"assistant\",\"content\":\"It serializes \\\"src\\\" to JSON – café.\\nSee also: toJsonTree.\"}],"
          + "\"meta\":{\"id\":\"47287a568be66d22494b9a7d4c7d9bd1\",\"repo\":\"gson\",\"commit\":\"abc123\","
          + "\"path\":\"gson/src/main/java/com/google/gson/Gson.java\",\"symbol\":\"Gson.toJson(Object)\","
          + "\"lines\":\"10-20\",\"task\":\"explain\",\"teacher\":\"offline\",\"prompt_version\":\"p1\","
          + "\"chunk_id\":\"c0ffee\",\"split\":\"train\"}}";

  @Test
  void sftLineIsExactlyTheCanonicalForm() {
    assertEquals(EXPECTED_SFT, JsonLines.sft(Fixtures.sft()));
  }

  @Test
  void sftRoundTrips() {
    for (SftRecord r : Fixtures.manySft(50)) {
      String line = JsonLines.sft(r);
      assertFalse(line.contains("\n"));
      assertEquals(r, JsonLines.readSft(line));
      assertEquals(line, JsonLines.sft(JsonLines.readSft(line)));
    }
  }

  @Test
  void cptLineAndRoundTrip() {
    CptRecord r = Fixtures.manyCpt(1).get(0);
    assertEquals(
        "{\"text\":\"<!-- File: docs/f0.md -->\\nline one\\nline é 0\\n\","
            + "\"meta\":{\"id\":\"" + r.id() + "\",\"repo\":\"gson\",\"commit\":\"abc123\","
            + "\"path\":\"docs/f0.md\",\"language\":\"markdown\",\"tokens\":100}}",
        JsonLines.cpt(r));
    for (CptRecord c : Fixtures.manyCpt(20)) {
      assertEquals(c, JsonLines.readCpt(JsonLines.cpt(c)));
    }
  }

  @Test
  void openaiLineHasOnlyMessages() throws Exception {
    String line = JsonLines.openai(Fixtures.sft());
    JsonNode n = JsonLines.MAPPER.readTree(line);
    List<String> keys = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    assertEquals(List.of("messages"), keys);
    for (JsonNode m : n.get("messages")) {
      List<String> mk = new ArrayList<>();
      m.fieldNames().forEachRemaining(mk::add);
      assertEquals(List.of("role", "content"), mk);
    }
    assertEquals(Fixtures.sft().messages(), JsonLines.readOpenai(line));
    assertTrue(EXPECTED_SFT.startsWith(line.substring(0, line.length() - 1) + ",\"meta\""));
  }

  @Test
  void openaiLineCutFromTheSftLineIsTheOneEncoded() {
    SftRecord plain = Fixtures.sft();
    // Content that spells the meta key, quotes and unicode: only the real key may be cut at.
    SftRecord tricky =
        new SftRecord(
            plain.id(),
            List.of(
                new Message("system", "a,\"meta\":{\"id\":\"x\"} b"),
                new Message("user", "What does `f(\"},\\\"meta\\\":{\")` do? \u00e9\u2028\ud83d\ude00"),
                new Message("assistant", "{\"messages\":[],\"meta\":{}}")),
            plain.meta());
    for (SftRecord r : List.of(plain, tricky)) {
      assertEquals(JsonLines.openai(r), JsonLines.openaiOf(JsonLines.sft(r)));
    }
  }

  @Test
  void rejectedAndFailedRoundTrip() {
    Rejected r = new Rejected("FilterSamples", "refusal", "The answer refuses.", "{\"id\":\"x\"}");
    assertEquals(
        "{\"stage\":\"FilterSamples\",\"reason\":\"refusal\",\"detail\":\"The answer refuses.\","
            + "\"record\":\"{\\\"id\\\":\\\"x\\\"}\"}",
        JsonLines.rejected(r));
    assertEquals(r, JsonLines.readRejected(JsonLines.rejected(r)));
    Failed f = new Failed("AskTeacher", "HTTP 500", null, 3);
    assertEquals(
        "{\"stage\":\"AskTeacher\",\"error\":\"HTTP 500\",\"chunk_id\":null,\"attempts\":3}",
        JsonLines.failed(f));
    assertEquals(f, JsonLines.readFailed(JsonLines.failed(f)));
  }

  @Test
  void readersRejectSchemaDrift() {
    String extra = EXPECTED_SFT.substring(0, EXPECTED_SFT.length() - 1) + ",\"x\":1}";
    assertThrows(IllegalArgumentException.class, () -> JsonLines.readSft(extra));
    String missing = EXPECTED_SFT.replace("\"split\":\"train\"", "\"splitx\":\"train\"");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JsonLines.readSft(missing));
    assertTrue(e.getMessage().contains("split"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> JsonLines.readSft("not json"));
    assertThrows(IllegalArgumentException.class, () -> JsonLines.readCpt(EXPECTED_SFT));
  }

  @Test
  void nullFieldsAreRefusedNotWrittenAsNull() {
    SftRecord r = Fixtures.sft();
    SftRecord.Meta m = r.meta();
    SftRecord bad =
        new SftRecord(r.id(), r.messages(),
            new SftRecord.Meta(m.repo(), m.commit(), m.path(), null, m.lines(), m.task(), m.teacher(),
                m.promptVersion(), m.chunkId(), m.split()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonLines.sft(bad));
    assertTrue(e.getMessage().contains("meta.symbol"));
  }

  @Test
  void writeLinesIsUtf8WithNewlineAfterEveryLine() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonLines.writeLines(out, List.of(JsonLines.sft(Fixtures.sft()), "{}"));
    assertEquals(EXPECTED_SFT + "\n{}\n", out.toString(StandardCharsets.UTF_8));
    assertFalse(out.toString(StandardCharsets.UTF_8).contains("\r"));
  }
}
