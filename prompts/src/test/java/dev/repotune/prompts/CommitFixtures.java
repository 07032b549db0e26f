package dev.repotune.prompts;

import dev.repotune.extractors.history.CommitInfo;
import dev.repotune.extractors.history.FileChange;
import dev.repotune.extractors.history.MemberChange;
import java.util.ArrayList;
import java.util.List;

/**
 * A jsoup-style fix as the history stages hand it over: {@code Element.wrap(String)} read its parent's
 * base URI without checking for a parent; the commit guards it, adds a test to {@code ElementTest} and a
 * line to {@code CHANGES.md}. The texts are as git shows such a change (diffs with 3 lines of context).
 */
final class CommitFixtures {
  static final String ID = "4f1c2e9a7b3d5c6e8f0a1b2c3d4e5f60718293a4";
  static final String PARENT = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807";
  static final String ELEMENT = "src/main/java/org/jsoup/nodes/Element.java";
  static final String ELEMENT_TEST = "src/test/java/org/jsoup/nodes/ElementTest.java";
  static final String SUBJECT = "Fix NPE in Element.wrap when the element has no parent";
  static final String BODY =
      "wrap() read the parent's base URI before checking that there is a parent, so wrapping a detached\n"
          + "element threw a NullPointerException. Use the element's own base URI when it has no parent.";

  static final String WRAP_BEFORE =
      "    /**\n"
          + "     Wrap the supplied HTML around this element.\n"
          + "     @param html HTML to wrap around this element, e.g. {@code <div class=\"head\"></div>}.\n"
          + "     @return this element, for chaining.\n"
          + "     */\n"
          + "    public Element wrap(String html) {\n"
          + "        Validate.notEmpty(html);\n"
          + "        Element context = parent();\n"
          + "        List<Node> wrapChildren = NodeUtils.parser(this).parseFragmentInput(html, context, context.baseUri());\n"
          + "        Node wrapNode = wrapChildren.get(0);\n"
          + "        if (!(wrapNode instanceof Element))\n"
          + "            return this;\n"
          + "        Element wrap = (Element) wrapNode;\n"
          + "        Element deepest = getDeepChild(wrap);\n"
          + "        if (context != null)\n"
          + "            context.replaceChild(this, wrap);\n"
          + "        deepest.appendChild(this);\n"
          + "        return this;\n"
          + "    }";
  static final String GUARD = "String baseUri = context != null ? context.baseUri() : baseUri();";
  static final String WRAP_AFTER =
      WRAP_BEFORE.replace(
          "        List<Node> wrapChildren = NodeUtils.parser(this).parseFragmentInput(html, context, context.baseUri());\n",
          "        " + GUARD + "\n"
              + "        List<Node> wrapChildren = NodeUtils.parser(this).parseFragmentInput(html, context, baseUri);\n");

  static final String ELEMENT_DIFF =
      "diff --git a/" + ELEMENT + " b/" + ELEMENT + "\n"
          + "--- a/" + ELEMENT + "\n"
          + "+++ b/" + ELEMENT + "\n"
          + "@@ -1012,7 +1012,8 @@ public class Element extends Node {\n"
          + "     public Element wrap(String html) {\n"
          + "         Validate.notEmpty(html);\n"
          + "         Element context = parent();\n"
          + "-        List<Node> wrapChildren = NodeUtils.parser(this).parseFragmentInput(html, context, context.baseUri());\n"
          + "+        " + GUARD + "\n"
          + "+        List<Node> wrapChildren = NodeUtils.parser(this).parseFragmentInput(html, context, baseUri);\n"
          + "         Node wrapNode = wrapChildren.get(0);\n"
          + "         if (!(wrapNode instanceof Element))\n"
          + "             return this;\n";

  static final String TEST_METHOD =
      "    @Test\n"
          + "    public void wrapWithoutParent() {\n"
          + "        Element p = new Element(\"p\");\n"
          + "        p.wrap(\"<div></div>\");\n"
          + "        assertEquals(\"div\", p.parent().tagName());\n"
          + "    }";
  static final String TEST_DIFF =
      "diff --git a/" + ELEMENT_TEST + " b/" + ELEMENT_TEST + "\n"
          + "--- a/" + ELEMENT_TEST + "\n"
          + "+++ b/" + ELEMENT_TEST + "\n"
          + "@@ -640,6 +640,13 @@ public class ElementTest {\n"
          + "         assertEquals(\"<div><p>Hello</p></div>\", TextUtil.stripNewlines(doc.body().html()));\n"
          + "     }\n"
          + " \n"
          + "+    @Test\n"
          + "+    public void wrapWithoutParent() {\n"
          + "+        Element p = new Element(\"p\");\n"
          + "+        p.wrap(\"<div></div>\");\n"
          + "+        assertEquals(\"div\", p.parent().tagName());\n"
          + "+    }\n"
          + "+\n"
          + "     @Test\n"
          + "     public void before() {\n"
          + "         Document doc = Jsoup.parse(\"<div><p>Hello</p><p>There</p></div>\");\n";

  static final String CHANGES_BEFORE = "jsoup changelog\n\nRelease 1.15.4 [PENDING]\n  * Bug fix: ...\n";
  static final String CHANGES_LINE = "  * Bug fix: `Element.wrap()` threw an NPE on an element without a parent.";
  static final String CHANGES_DIFF =
      "diff --git a/CHANGES.md b/CHANGES.md\n"
          + "--- a/CHANGES.md\n"
          + "+++ b/CHANGES.md\n"
          + "@@ -2,3 +2,4 @@\n"
          + " \n"
          + " Release 1.15.4 [PENDING]\n"
          + "   * Bug fix: ...\n"
          + "+" + CHANGES_LINE + "\n";

  private CommitFixtures() {}

  static CommitInfo info(String message) {
    return new CommitInfo(ID, PARENT, 1_676_000_000L, message, 1, false);
  }

  static FileChange element() {
    return new FileChange("modify", ELEMENT, ELEMENT, false, "(Element.java before)", "(Element.java after)",
        ELEMENT_DIFF, 2, 1);
  }

  static FileChange elementTest() {
    return new FileChange("modify", ELEMENT_TEST, ELEMENT_TEST, false, "(ElementTest.java before)",
        "(ElementTest.java after)", TEST_DIFF, 7, 0);
  }

  static FileChange changes() {
    return new FileChange("modify", "CHANGES.md", "CHANGES.md", false, CHANGES_BEFORE,
        CHANGES_BEFORE + CHANGES_LINE + "\n", CHANGES_DIFF, 1, 0);
  }

  static MemberChange wrap() {
    return new MemberChange(ELEMENT, "Element.wrap(String)", "method", WRAP_BEFORE, WRAP_AFTER, false);
  }

  static MemberChange wrapTest() {
    return new MemberChange(ELEMENT_TEST, "ElementTest.wrapWithoutParent()", "method", null, TEST_METHOD, true);
  }

  /** The whole fix: main method, its new test and the changelog line. */
  static CommitTask fix() {
    return task(SUBJECT, BODY, List.of(element(), elementTest(), changes()), List.of(wrap(), wrapTest()));
  }

  /** The same fix committed without its test. */
  static CommitTask fixWithoutTest() {
    return task(SUBJECT, BODY, List.of(element(), changes()), List.of(wrap()));
  }

  static CommitTask task(String subject, String body, List<FileChange> files, List<MemberChange> members) {
    String message = body.isEmpty() ? subject + "\n" : subject + "\n\n" + body + "\n";
    return new CommitTask("https://github.com/jhy/jsoup.git", info(message), subject, body, files, members);
  }

  /** A text file of {@code n} numbered lines, and a diff that changes its middle line. */
  static FileChange longFile(String path, int n) {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      lines.add("key" + i + "=value" + i);
    }
    String before = String.join("\n", lines) + "\n";
    int mid = n / 2;
    String diff =
        "diff --git a/" + path + " b/" + path + "\n--- a/" + path + "\n+++ b/" + path + "\n"
            + "@@ -" + (mid - 3) + ",7 +" + (mid - 3) + ",7 @@\n"
            + " key" + (mid - 3) + "=value" + (mid - 3) + "\n"
            + " key" + (mid - 2) + "=value" + (mid - 2) + "\n"
            + " key" + (mid - 1) + "=value" + (mid - 1) + "\n"
            + "-key" + mid + "=value" + mid + "\n"
            + "+key" + mid + "=changed\n"
            + " key" + (mid + 1) + "=value" + (mid + 1) + "\n"
            + " key" + (mid + 2) + "=value" + (mid + 2) + "\n"
            + " key" + (mid + 3) + "=value" + (mid + 3) + "\n";
    return new FileChange("modify", path, path, false, before, before.replace("key" + mid + "=value" + mid + "\n",
        "key" + mid + "=changed\n"), diff, 1, 1);
  }
}
