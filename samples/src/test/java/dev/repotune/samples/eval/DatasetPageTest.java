package dev.repotune.samples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.samples.CptRecord;
import dev.repotune.samples.FimRecord;
import dev.repotune.samples.Message;
import dev.repotune.samples.SftRecord;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class DatasetPageTest {
  private static SftRecord sft(String id, String path, String task, String split, String answer) {
    return new SftRecord(id, List.of(new Message("system", "sys"), new Message("user", "Q " + id),
        new Message("assistant", answer)),
        new SftRecord.Meta("acme", "c0", path, "S", "1-2", task, "offline", "v", "ch", split));
  }

  private static CptRecord cpt(String path, int tokens) {
    return new CptRecord(path, "text", new CptRecord.Meta("acme", "c0", path, path.endsWith(".java") ? "java" : "markdown", tokens));
  }

  private static DatasetPage.Data data() throws Exception {
    String manifest = """
        {"repo":"acme","commit":"c0","counts":{
          "sft":{"train":{"task":{"explain":3,"locate":1},"total":4},"test":{"task":{"locate":2},"total":2}},
          "fim":{"test":{"kind":{"line_rest":1},"total":1}},
          "rejected":{"ReadRepository":{"vendored":1,"binary_extension":4},"CapMix":{"mix_cap":2}}}}
        """;
    return new DatasetPage.Data("acme-out", new ObjectMapper().readTree(manifest),
        List.of(sft("a", "src/main/java/com/acme/calc/A.java", "locate", "test", "<script>alert(1)</script>"),
            sft("b", "src/main/java/com/acme/calc/B.java", "explain", "train", "fine")),
        List.of(),
        List.of(new FimRecord("f", "t", "int x = ", "1 < 2", ";", "src/main/java/com/acme/calc/A.java", "psm",
            "expression", new FimRecord.Meta("acme", "c0", "java", "plain", 40, "test"))),
        List.of(cpt("src/main/java/com/acme/calc/A.java", 10), cpt("src/main/java/com/acme/io/Io.java", 100),
            cpt("README.md", 5000)));
  }

  @Test
  void givenRowsAndCounts_thenMixCoverageRejectionsAndEscapedSamples() throws Exception {
    String html = DatasetPage.html(data(), 2, 0);
    assertTrue(html.contains("<tr class=\"mix\"><td>sft</td><td>train</td><td>explain</td><td class=\"num\">3</td>"), html);
    assertTrue(html.contains("<span class=\"num\">75%</span>"), "3 of 4 train rows");
    assertTrue(html.contains("<tr class=\"mix\"><td>fim</td><td>test</td><td>line_rest</td>"));
    // com.acme.io has a CPT document and no SFT row
    assertTrue(html.contains("1 of 2 packages have at least one SFT row (50%)"), html);
    assertTrue(html.contains("<tr class=\"package uncovered\"><td><code>com.acme.io</code>"));
    // most first
    assertTrue(html.indexOf("binary_extension") < html.indexOf("mix_cap") && html.indexOf("mix_cap") < html.indexOf("vendored"));
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>"));
    assertTrue(html.contains("1 &lt; 2"), "a FIM middle is escaped too");
    assertTrue(html.contains("<pre>Q a</pre>"));
    assertFalse(html.contains("<pre>sys</pre>"), "no system prompt in the samples");
    assertTrue(html.contains("<section class=\"histogram\"><h3>cpt train</h3>"));
    // well-formed XML, as EvalReport's page is
    DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new java.io.ByteArrayInputStream(html.replace("<!DOCTYPE html>", "").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void packageOfJavaPathIsDottedAfterJavaFolder() {
    assertEquals("com.acme.calc", DatasetPage.packageOf("src/main/java/com/acme/calc/A.java"));
    assertEquals("(default package)", DatasetPage.packageOf("src/main/java/A.java"));
    assertEquals("lib/util", DatasetPage.packageOf("lib/util/B.java"));
  }
}
