package dev.repotune.samples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class EvalReportTest {
  private static Document parse(String html) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> elements(Document d, String tag) {
    NodeList nodes = d.getElementsByTagName(tag);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
  }

  @Test
  void oneSelfContainedHtml5Page() throws Exception {
    for (boolean withB : new boolean[] {false, true}) {
      String html = EvalReport.html(EvalResultTest.result(withB));
      assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"), html);
      Document d = parse(html); // well-formed
      assertEquals("en", d.getDocumentElement().getAttribute("lang"));
      String title = elements(d, "title").get(0).getTextContent();
      assertEquals(withB ? "repotune eval: out/gson — model-a vs model-b" : "repotune eval: out/gson — model-a", title);
      // nothing loaded from elsewhere, nothing run
      assertTrue(elements(d, "script").isEmpty());
      assertTrue(elements(d, "link").isEmpty());
      assertTrue(elements(d, "img").isEmpty());
      assertFalse(html.contains("http://") || html.contains("https://") || html.contains("src=")
          || html.contains("@import") || html.contains("url("), html);
      assertEquals(1, elements(d, "style").size());
    }
  }

  @Test
  void aRowPerKindWithBarsAndTheDifferenceWhenComparing() throws Exception {
    EvalResult r = EvalResultTest.result(true);
    Document d = parse(EvalReport.html(r));
    List<Element> rows = elements(d, "tr").stream().filter(e -> e.getAttribute("class").equals("kind")).toList();
    assertEquals(r.kinds().stream().map(KindSummary::task).toList(),
        rows.stream().map(e -> e.getElementsByTagName("td").item(0).getTextContent()).toList());
    for (int i = 0; i < rows.size(); i++) {
      Element row = rows.get(i);
      KindSummary k = r.kinds().get(i);
      assertEquals(String.valueOf(k.n()), row.getElementsByTagName("td").item(2).getTextContent());
      assertEquals(3, row.getElementsByTagName("svg").getLength()); // A, B and the difference
      String diff = row.getElementsByTagName("td").item(5).getTextContent().strip();
      assertTrue(diff.startsWith(String.format(java.util.Locale.ROOT, "%+.3f [%+.3f, %+.3f]",
          k.difference().estimate(), k.difference().low(), k.difference().high())), diff);
      // A's bar is as long as its mean on a 160-pixel track
      Element barA = (Element) ((Element) row.getElementsByTagName("svg").item(0)).getElementsByTagName("rect").item(1);
      assertEquals(k.meanA() * 160, Double.parseDouble(barA.getAttribute("width")), 0.05);
    }
    assertEquals(1, elements(d, "tr").stream().filter(e -> e.getAttribute("class").equals("overall")).count());
    Document single = parse(EvalReport.html(EvalResultTest.result(false)));
    List<Element> singleRows =
        elements(single, "tr").stream().filter(e -> e.getAttribute("class").equals("kind")).toList();
    assertEquals(r.kinds().size(), singleRows.size());
    assertEquals(1, singleRows.get(0).getElementsByTagName("svg").getLength());
  }

  @Test
  void answersAreEscaped() throws Exception {
    String html = EvalReport.html(EvalResultTest.result(false));
    assertFalse(html.contains("<script"), html);
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"), html);
    // and the parsed page shows the answer's text as written
    Document d = parse(html);
    assertTrue(elements(d, "pre").stream().anyMatch(p -> p.getTextContent().equals("<script>alert('x')</script> & more")));
    assertEquals("&lt;a href=&quot;x&quot;&gt;", EvalReport.escape("<a href=\"x\">"));
  }

  @Test
  void worstQuestionsFirstAndAllTheirTexts() throws Exception {
    EvalResult single = EvalResultTest.result(false);
    List<QuestionResult> worst = EvalReport.worst(single, 2);
    assertEquals(2, worst.size());
    double lowest = single.questions().stream().mapToDouble(QuestionResult::scoreA).min().orElseThrow();
    assertEquals(lowest, worst.get(0).scoreA());
    assertTrue(worst.get(0).scoreA() <= worst.get(1).scoreA());

    EvalResult compared = EvalResultTest.result(true);
    List<QuestionResult> drops = EvalReport.worst(compared, 10);
    assertEquals(compared.questions().size(), drops.size());
    for (int i = 1; i < drops.size(); i++) {
      assertTrue(drops.get(i - 1).scoreA() - drops.get(i - 1).scoreB() <= drops.get(i).scoreA() - drops.get(i).scoreB());
    }
    assertEquals("q-explain-2", drops.get(0).id()); // A answered nonsense where B had the reference

    Document d = parse(EvalReport.html(compared, 1));
    List<Element> sections = elements(d, "section");
    assertEquals(1, sections.size());
    List<String> labels = new ArrayList<>();
    NodeList h4 = sections.get(0).getElementsByTagName("h4");
    for (int i = 0; i < h4.getLength(); i++) {
      labels.add(h4.item(i).getTextContent().replaceAll(" \\(.*", ""));
    }
    assertEquals(List.of("Question", "Reference", "Answer A", "Answer B"), labels);
    NodeList pres = sections.get(0).getElementsByTagName("pre");
    assertEquals("Deserializes the JSON.", pres.item(1).getTextContent());
    assertEquals("Deserializes the JSON.", pres.item(3).getTextContent());
  }

  @Test
  void longTextsAreCutInThePage() {
    String longAnswer = "x".repeat(EvalReport.MAX_TEXT_CHARS + 10);
    EvalResult r = EvalResult.of("d", "a", null,
        List.of(QuestionResult.score("q", "explain", "Q?", "ref", longAnswer, null)), new PairedBootstrap());
    String html = EvalReport.html(r);
    assertTrue(html.contains("x".repeat(EvalReport.MAX_TEXT_CHARS) + "\n… (10 more characters in eval.json)"));
    assertFalse(html.contains("x".repeat(EvalReport.MAX_TEXT_CHARS + 1)));
  }
}
