package dev.repotune.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhrasingsTest {
  private static final Map<String, String> ALL_VARS =
      Map.ofEntries(
          Map.entry("symbol", "S"), Map.entry("name", "N"), Map.entry("type", "T"), Map.entry("kind", "method"),
          Map.entry("path", "p/A.java"), Map.entry("repo", "r"),
          Map.entry("declaration", "class T"), Map.entry("test", "X.t()"), Map.entry("testPath", "p/X.java"),
          Map.entry("more", "7"), Map.entry("total", "17"),
          Map.entry("inPackage", ", in package `p`"), Map.entry("enclosing", "`class T`"),
          Map.entry("placement", " as `class T`"),
          Map.entry("doc", "user guide"), Map.entry("topic", "Using Gson > Primitives Examples"),
          Map.entry("commit", "1a2b3c4"), Map.entry("change", "the commit \"fix wrap\""));

  @Test
  void everyTemplateRendersAndQuestionGroupsHaveAtLeastFiveDistinctPhrasings() {
    Phrasings ph = Phrasings.load();
    for (String group : ph.groupNames()) {
      List<String> templates = ph.group(group);
      Set<String> rendered = new HashSet<>();
      for (String t : templates) {
        String r = Templates.render(t, ALL_VARS);
        assertTrue(!r.contains("  ") && r.equals(r.strip()), group + ": " + t);
        rendered.add(r);
      }
      assertEquals(templates.size(), rendered.size(), group);
      if (group.endsWith(".q")) {
        assertTrue(templates.size() >= 5, group);
      }
    }
    for (TaskKind t : TaskKind.values()) {
      assertTrue(
          ph.groupNames().contains(t.wireName() + ".q")
              || ph.groupNames().contains(t.wireName() + ".interface.q"),
          t.toString());
    }
  }

  @Test
  void everyAnswerPhrasingOfAGroupStatesTheSameFacts() {
    Phrasings ph = Phrasings.load();
    int groups = 0;
    for (String group : ph.groupNames()) {
      if (!AnswerProse.isAnswerGroup(group)) {
        continue;
      }
      groups++;
      Set<String> first = null;
      for (String t : ph.group(group)) {
        Set<String> facts = new java.util.TreeSet<>();
        AnswerProse.PLACEHOLDER.matcher(t).results().map(r -> r.group(1)).forEach(facts::add);
        facts.removeAll(AnswerProse.WORDING);
        first = first == null ? facts : first;
        assertEquals(first, facts, group + ": " + t);
        // two placeholders side by side would make the facts' boundary ambiguous for dedup
        assertTrue(!t.contains("}{"), group + ": " + t);
        if (group.startsWith(TaskKind.LOCATE.wireName() + ".")) {
          assertTrue(t.contains("{symbol}"), "a whole answer names its subject: " + t);
        }
      }
      assertTrue(ph.group(group).size() >= 3, group + " rewords at least three variants apart");
    }
    assertTrue(groups >= 14, "answer groups: " + groups);
  }

  @Test
  void unknownPlaceholderFailsLoudly() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Templates.render("Where is {symbool}?", ALL_VARS));
    assertTrue(e.getMessage().contains("{symbool}"), e.getMessage());
    assertEquals("a {b c} {} `S`", Templates.render("a {b c} {} `{symbol}`", ALL_VARS));
  }

  @Test
  void systemPromptNamesTheRepository() {
    String expected =
        "You are an expert developer of the gson codebase. Answer questions about its code accurately and"
            + " concisely, citing identifiers in backticks.";
    assertEquals(expected, SystemPrompt.forRepo("gson"));
    assertEquals(expected, SystemPrompt.forRepo("https://github.com/google/gson.git"));
    assertEquals(expected, SystemPrompt.forRepo("/home/me/src/gson/"));
    assertThrows(IllegalArgumentException.class, () -> SystemPrompt.forRepo(" "));
  }
}
