package dev.repotune.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Javadoc rendered as javadoc shows it, on comments copied from gson, jsoup and commons-lang3: known
 * tags out and entities decoded outside {@code {@code}}, its body verbatim, generics never stripped.
 */
class JavadocsRenderingTest {
  @Test
  void aPreOfEntitiesShowsTheGenericsTheySpell_onItsOwnLinesInsideTheListItem() {
    // gson Gson.fromJson(String, TypeToken), @param typeOfT
    assertEquals(
        "The specific genericized type of src. You should create an anonymous subclass of `TypeToken`"
            + " with the specific generic type arguments. For example, to get the type for"
            + " `Collection<Foo>`, you should use:\n\n  ```java\n  new TypeToken<Collection<Foo>>(){}\n  ```",
        Javadocs.tagText(
            "The specific genericized type of src. You should create an anonymous subclass of\n"
                + "    {@code TypeToken} with the specific generic type arguments. For example, to get the type\n"
                + "    for {@code Collection<Foo>}, you should use:\n"
                + "    <pre>\n"
                + "new TypeToken&lt;Collection&lt;Foo&gt;&gt;(){}\n"
                + "</pre>"));
  }

  @Test
  void aPreThatIsOneCodeTagKeepsItsEntitiesAndTags() {
    // jsoup Safelist.none(): the example's "html is" line must not say what its "text is" line says
    List<String> paras =
        Javadocs.paragraphs(
            "<p>Example:</p>\n<pre>{@code\nString sourceBodyHtml = \"<p>5 is &lt; 6.</p>\";\n"
                + "String html = Jsoup.clean(sourceBodyHtml, Safelist.none());\n\n"
                + "// html is: 5 is &lt; 6.\n// text is: 5 is < 6.\n}</pre>");
    assertEquals(
        List.of(
            "Example:",
            "```java\nString sourceBodyHtml = \"<p>5 is &lt; 6.</p>\";\n"
                + "String html = Jsoup.clean(sourceBodyHtml, Safelist.none());\n\n"
                + "// html is: 5 is &lt; 6.\n// text is: 5 is < 6.\n```"),
        paras);
  }

  @Test
  void codeTagBodiesKeepGenericsAndNumericEntitiesAreDecoded() {
    // commons-lang3 MethodInvokers.asBiFunction(Method) and Validate.isTrue(boolean, String, double)
    assertEquals(
        List.of(
            "```java\nfinal Method method = String.class.getMethod(\"charAt\", int.class);\n"
                + "final BiFunction<String, Integer, Character> function = MethodInvokers.asBiFunction(method);\n"
                + "assertEquals('C', function.apply(\"ABC\", 2));\n```",
            "```java\nValidate.isTrue(d > 0.0, \"The value must be greater than zero: %s\", d);\n```"),
        Javadocs.paragraphs(
            "<pre>{@code\nfinal Method method = String.class.getMethod(\"charAt\", int.class);\n"
                + "final BiFunction<String, Integer, Character> function = MethodInvokers.asBiFunction(method);\n"
                + "assertEquals('C', function.apply(\"ABC\", 2));\n}</pre>\n\n"
                + "<pre>Validate.isTrue(d &gt; 0.0, \"The value must be greater than zero: &#37;s\", d);</pre>"));
  }

  @Test
  void proseKeepsUnknownTagsAndTextTheExtractorEscaped() {
    assertEquals(
        List.of("A Lock<List<Object>> or <Collection<Foo>>, bold, \"<br />\" and &lt; x."),
        Javadocs.paragraphs(
            "A Lock<List<Object>> or <Collection<Foo>>, <strong>bold</strong>, \"&lt;br />\" and &amp;lt; x."));
  }

  @Test
  void theWrittenCommentIsFoundWhenItsPreLinesStartLeftOfIt() {
    // jsoup Jsoup.newSession(): the <pre> body is at column 0, the comment at column 4
    String comment =
        "/**\n"
            + "     Creates a new {@link Connection} to use as a session. Use examples:\n"
            + "<pre><code>\n"
            + "Connection session = Jsoup.newSession()\n"
            + "     .timeout(20 * 1000);\n"
            + "</code></pre>\n"
            + "\n"
            + "     @return a connection\n"
            + "     */";
    String chunk =
        "    /**\n"
            + "     Creates a new {@link Connection} to use as a session. Use examples:\n"
            + "<pre><code>\n"
            + "Connection session = Jsoup.newSession()\n"
            + "     .timeout(20 * 1000);\n"
            + "</code></pre>\n"
            + "\n"
            + "     @return a connection\n"
            + "     */\n"
            + "    public static Connection newSession() {\n"
            + "        return new HttpConnection();\n"
            + "    }";
    assertEquals(comment, Sources.leadingJavadoc(chunk));
  }
}
