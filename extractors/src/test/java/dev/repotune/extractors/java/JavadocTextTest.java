package dev.repotune.extractors.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.ast.comments.TraditionalJavadocComment;
import org.junit.jupiter.api.Test;

/** Javadoc rendered as javadoc shows it; the comments are copied from gson, jsoup and commons-lang3. */
class JavadocTextTest {
  private static JavadocText.Doc render(String commentBody) {
    return JavadocText.render(new TraditionalJavadocComment(commentBody));
  }

  @Test
  void entitiesInAPreAreDecodedAndTheGenericsTheySpellStay() {
    // gson Gson.fromJson(String, TypeToken)
    JavadocText.Doc doc =
        render(
            "\n   * Deserializes.\n   *\n"
                + "   * @param typeOfT The specific genericized type of src. You should create an anonymous subclass of\n"
                + "   *     {@code TypeToken} with the specific generic type arguments. For example, to get the type\n"
                + "   *     for {@code Collection<Foo>}, you should use:\n"
                + "   *     <pre>\n"
                + "   * new TypeToken&lt;Collection&lt;Foo&gt;&gt;(){}\n"
                + "   * </pre>\n"
                + "   *\n"
                + "   * @return an object of type T from the string.\n   ");
    assertEquals(
        "The specific genericized type of src. You should create an anonymous subclass of\n"
            + "`TypeToken` with the specific generic type arguments. For example, to get the type\n"
            + "for `Collection<Foo>`, you should use:\n\n"
            + "```\nnew TypeToken<Collection<Foo>>(){}\n```",
        doc.params().get("typeOfT"));
  }

  @Test
  void aPreThatIsOneCodeTagIsVerbatim_evenAcrossBracesAndWithItsEntities() {
    // jsoup Safelist.none()
    String summary =
        render(
                "\n     This safelist allows only text nodes.\n     <p>Example:</p>\n     <pre>{@code\n"
                    + "     String sourceBodyHtml = \"<p>5 is &lt; 6.</p>\";\n"
                    + "     String html = Jsoup.clean(sourceBodyHtml, Safelist.none());\n\n"
                    + "     Cleaner cleaner = new Cleaner(Safelist.none());\n"
                    + "     String text = cleaner.clean(Jsoup.parse(sourceBodyHtml)).text();\n\n"
                    + "     // html is: 5 is &lt; 6.\n"
                    + "     // text is: 5 is < 6.\n"
                    + "     }</pre>\n\n     @return safelist\n     ")
            .summary();
    assertEquals(
        "This safelist allows only text nodes.\n\nExample:\n\n```\n"
            + "String sourceBodyHtml = \"<p>5 is &lt; 6.</p>\";\n"
            + "String html = Jsoup.clean(sourceBodyHtml, Safelist.none());\n\n"
            + "Cleaner cleaner = new Cleaner(Safelist.none());\n"
            + "String text = cleaner.clean(Jsoup.parse(sourceBodyHtml)).text();\n\n"
            + "// html is: 5 is &lt; 6.\n"
            + "// text is: 5 is < 6.\n```",
        summary);
    // commons-lang3 LockingVisitors.LockVisitor.applyReadLocked: JavaParser ends {@code at the first '}'
    String locking =
        render(
                "\n         * This might be achieved with the following:\n         * </p>\n"
                    + "         * <pre>{@code\n"
                    + "         * private Lock<List<Object>> listLock;\n"
                    + "         *\n"
                    + "         * public int getCurrentListSize() {\n"
                    + "         *     final Integer sizeInteger = listLock.applyReadLocked(list -> Integer.valueOf(list.size));\n"
                    + "         *     return sizeInteger.intValue();\n"
                    + "         * }\n"
                    + "         * }\n"
                    + "         * </pre>\n         *\n         * @param <T> The result type\n         ")
            .summary();
    assertTrue(
        locking.endsWith(
            "```\nprivate Lock<List<Object>> listLock;\n\npublic int getCurrentListSize() {\n"
                + "    final Integer sizeInteger = listLock.applyReadLocked(list -> Integer.valueOf(list.size));\n"
                + "    return sizeInteger.intValue();\n}\n```"),
        locking);
  }

  @Test
  void numericEntitiesAreDecodedAndInlineCodeKeepsItsBraces() {
    // commons-lang3 Validate.isTrue(boolean, String, double)
    String summary =
        render(
                "\n     * Validate that the argument condition is {@code true}.\n     *\n"
                    + "     * <pre>Validate.isTrue(d &gt; 0.0, \"The value must be greater than zero: &#37;s\", d);</pre>\n"
                    + "     *\n     * <p>Use {@code new Foo() {}} or <code>List&lt;T&gt;</code>.</p>\n     ")
            .summary();
    assertEquals(
        "Validate that the argument condition is `true`.\n\n"
            + "```\nValidate.isTrue(d > 0.0, \"The value must be greater than zero: %s\", d);\n```\n\n"
            + "Use `new Foo() {}` or `List<T>`.",
        summary);
  }

  @Test
  void onlyKnownTagsAreMarkupAndDecodedMarkupStaysEscapedForTheNextReader() {
    // commons-lang3 WordUtils.wrap: "&lt;br /&gt;" is text, and must not become a line break later
    assertEquals(
        "Returns a List<String> of Map<K, V>, a Class<U>, bold.\n\n\"&lt;br />\" and &amp;#37; {&#64;code x}",
        render(
                "\n * Returns a List<String> of Map<K, V>, a Class<U>, <b>bold</b>.\n * <p>\"&lt;br /&gt;\""
                    + " and &amp;#37; {@literal {@code x}}\n ")
            .summary());
  }
}
