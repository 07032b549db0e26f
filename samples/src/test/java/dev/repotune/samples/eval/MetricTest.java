package dev.repotune.samples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricTest {
  private static final double EPS = 1e-12;

  /** A callers answer as CallersDrafter writes it: lead-in, bullets, the line of a cut list. */
  static final String CALLERS_REFERENCE =
      "`Gson.toJson(Object)` is called from:\n"
          + "- `JsonWriterTest.testWrite()` (`gson/src/test/java/com/google/gson/JsonWriterTest.java`)\n"
          + "- `Gson.toJson(Object, Appendable)` (`gson/src/main/java/com/google/gson/Gson.java`)\n"
          + "- `Excluder.excludeClass(Class, boolean)` (`gson/src/main/java/com/google/gson/internal/Excluder.java`)\n"
          + "- `TypeAdapter.toJson(T)` (`gson/src/main/java/com/google/gson/TypeAdapter.java`)\n"
          + "… and 3 more (7 in all).";

  @Test
  void taskKindsGetTheirMetric() {
    for (String t : new String[] {"callers", "implementers", "tests"}) {
      assertEquals(Metric.IDENTIFIER_SET, Metric.forTask(t), t);
    }
    assertEquals(Metric.LOCATION, Metric.forTask("locate"));
    for (String t : new String[] {"signature", "implement", "fix-bug", "fim", "fim-line"}) {
      assertEquals(Metric.CODE, Metric.forTask(t), t);
    }
    for (String t : new String[] {"explain", "document", "doc-section", "why", "commit-message", "change"}) {
      assertEquals(Metric.PROSE, Metric.forTask(t), t);
    }
    assertEquals(Metric.DEFAULT, Metric.forTask("write-test"));
    assertEquals(Metric.DEFAULT, Metric.forTask("no-such-task"));
    assertEquals(Metric.DEFAULT, Metric.forTask(null));
    for (Metric m : Metric.values()) {
      assertEquals(m, Metric.ofWireName(m.wireName()));
    }
  }

  @Test
  void identifierSetPerfectAnswerScoresOne() {
    Scored s = Metric.IDENTIFIER_SET.evaluate(CALLERS_REFERENCE, CALLERS_REFERENCE);
    assertEquals(1.0, s.score());
    assertEquals(Map.of("precision", 1.0, "recall", 1.0, "f1", 1.0, "path_precision", 1.0, "path_recall", 1.0,
        "path_f1", 1.0), s.parts());
  }

  @Test
  void identifierSetIgnoresTheLeadInThatNamesTheSubject() {
    String answer = "The callers of `Gson.toJson(Object)` are:\n"
        + "* `Excluder.excludeClass(Class, boolean)`\n"
        + "* `TypeAdapter.toJson(T)`\n";
    Scored s = Metric.IDENTIFIER_SET.evaluate(CALLERS_REFERENCE, answer);
    assertEquals(1.0, s.parts().get("precision"));
    assertEquals(0.5, s.parts().get("recall"));
    assertEquals(2.0 / 3, s.score(), EPS);
    assertEquals(0.0, s.parts().get("path_f1")); // it names no path
  }

  @Test
  void identifierSetPartialListGivesPrecisionAndRecall() {
    String answer = "It is called by:\n"
        + "- `Gson.toJson(Object, Appendable)` (`gson/src/main/java/com/google/gson/Gson.java`)\n"
        + "- `com.google.gson.TypeAdapter.toJson(T)`\n" // the package prefix the reference drops
        + "- `Gson.fromJson(String)`\n";
    Scored s = Metric.IDENTIFIER_SET.evaluate(CALLERS_REFERENCE, answer);
    assertEquals(2.0 / 3, s.parts().get("precision"), EPS);
    assertEquals(0.5, s.parts().get("recall"), EPS);
    assertEquals(4.0 / 7, s.score(), EPS); // 2PR/(P+R) = (2/3)/(7/6)
    assertEquals(1.0, s.parts().get("path_precision"));
    assertEquals(0.25, s.parts().get("path_recall"));
    assertEquals(0.4, s.parts().get("path_f1"), EPS);
  }

  @Test
  void identifierSetMatchesANameWithoutParametersOnceAndLoosely() {
    // without parameters it still names the method, but one name matches one overload only
    String ref = "- `Foo.bar(int)` (`a/Foo.java`)\n- `Foo.bar(String)` (`a/Foo.java`)\n- `Baz.qux()` (`a/Baz.java`)";
    Scored s = Metric.IDENTIFIER_SET.evaluate(ref, "- `Foo#bar` (`Foo.java`)");
    assertEquals(1.0, s.parts().get("precision"));
    assertEquals(1.0 / 3, s.parts().get("recall"), EPS);
    assertEquals(0.5, s.parts().get("path_recall")); // the file name alone matches a/Foo.java
  }

  @Test
  void identifierSetReadsAnUnformattedAnswer() {
    String answer = "JsonWriterTest.testWrite() and Gson.toJson(Object, Appendable) call it.";
    Scored s = Metric.IDENTIFIER_SET.evaluate(CALLERS_REFERENCE, answer);
    assertEquals(1.0, s.parts().get("precision"));
    assertEquals(0.5, s.parts().get("recall"));
    assertEquals(2.0 / 3, s.score(), EPS);
  }

  @Test
  void identifierSetWrongOrEmptyAnswerScoresZero() {
    assertEquals(0.0, Metric.IDENTIFIER_SET.score(CALLERS_REFERENCE, "- `Foo.bar()` (`x/Foo.java`)"));
    assertEquals(0.0, Metric.IDENTIFIER_SET.score(CALLERS_REFERENCE, "I don't know."));
    assertEquals(0.0, Metric.IDENTIFIER_SET.score(CALLERS_REFERENCE, null));
  }

  static final String LOCATE_MEMBER =
      "`Gson.toJson(Object)` is declared in `gson/src/main/java/com/google/gson/Gson.java`, in `public final class"
          + " Gson` of package `com.google.gson`.";

  @Test
  void locateRightPathAndTypeScoresOne() {
    Scored s = Metric.LOCATION.evaluate(LOCATE_MEMBER,
        "It is in gson/src/main/java/com/google/gson/Gson.java, in the class Gson.");
    assertEquals(1.0, s.score());
    assertEquals(Map.of("path", 1.0, "file", 1.0, "type", 1.0), s.parts());
    assertEquals(1.0, Metric.LOCATION.score(LOCATE_MEMBER, LOCATE_MEMBER));
    // another variant's words: the path first
    assertEquals(1.0, Metric.LOCATION.score(LOCATE_MEMBER, "`gson/src/main/java/com/google/gson/Gson.java` declares"
        + " `Gson.toJson(Object)`, in `public final class Gson` of package `com.google.gson`."));
  }

  @Test
  void locateRestatingTheSubjectOrTheFileIsNotKnowingTheType() {
    Scored s = Metric.LOCATION.evaluate(LOCATE_MEMBER, "`Gson.toJson(Object)` is in `Gson.java`.");
    assertEquals(0.0, s.score());
    assertEquals(Map.of("path", 0.0, "file", 1.0, "type", 0.0), s.parts());
  }

  @Test
  void locateRightTypeWrongFolderScoresHalf() {
    Scored s = Metric.LOCATION.evaluate(LOCATE_MEMBER, "It is a method of `Gson` in `src/Gson.java`.");
    assertEquals(0.5, s.score());
    assertEquals(Map.of("path", 0.0, "file", 1.0, "type", 1.0), s.parts());
    assertEquals(0.0, Metric.LOCATION.score(LOCATE_MEMBER, "It is in `JsonParser`, in `src/JsonParser.java`."));
  }

  @Test
  void locateNestedTypeLooksForItsOuterType() {
    String ref = "`Gson.Builder` is declared in `gson/src/main/java/com/google/gson/Gson.java` as `public static final"
        + " class Builder`, nested in `Gson`, in package `com.google.gson`.";
    Scored s = Metric.LOCATION.evaluate(ref,
        "`Gson.Builder` lives in gson/src/main/java/com/google/gson/Gson.java, an inner class of Gson.");
    assertEquals(1.0, s.score());
    assertEquals(0.5, Metric.LOCATION.score(ref, "`Gson.Builder` lives in gson/src/main/java/com/google/gson/Gson.java."));
  }

  @Test
  void locateTopLevelTypeLooksForItsPackage() {
    String ref = "`Excluder` is declared in `gson/src/main/java/com/google/gson/internal/Excluder.java` as `public final"
        + " class Excluder implements TypeAdapterFactory, Cloneable`, in package `com.google.gson.internal`.";
    Scored s = Metric.LOCATION.evaluate(ref,
        "In package com.google.gson.internal: gson/src/main/java/com/google/gson/internal/Excluder.java.");
    assertEquals(1.0, s.score());
    assertEquals(Map.of("path", 1.0, "file", 1.0, "package", 1.0), s.parts());
    assertEquals(0.5, Metric.LOCATION.score(ref, "gson/src/main/java/com/google/gson/internal/Excluder.java"));
  }

  static final String IMPLEMENT_REFERENCE =
      "`Calc.add(int, int)` can be implemented like this:\n```java\nint add(int a, int b) {\n  return a + b;\n}\n```";

  @Test
  void codePerfectAnswerScoresOneWhateverTheIndentation() {
    Scored s = Metric.CODE.evaluate(IMPLEMENT_REFERENCE, "Sure:\n```java\nint add(int a, int b) {\n        return a + b;"
        + "\n}\n```\nThis adds the two numbers.");
    assertEquals(1.0, s.score());
    assertEquals(Map.of("exact", 1.0, "edit_similarity", 1.0, "line_level", 0.0), s.parts());
  }

  @Test
  void codeOneCharacterOffIsNotExactButNearlySimilar() {
    // "int add(int a, int b) { return a + b; }" is 39 characters; one substitution
    Scored s = Metric.CODE.evaluate(IMPLEMENT_REFERENCE, "```java\nint add(int a, int b) {\n  return a - b;\n}\n```");
    assertEquals(0.0, s.parts().get("exact"));
    assertEquals(1.0 - 1.0 / 39, s.score(), EPS);
  }

  @Test
  void codeTakesTheLastBlockAndPlainTextWithoutOne() {
    String answer = "The signature:\n```java\nint add(int a, int b)\n```\nThe body:\n```java\nint add(int a, int b) {"
        + " return a + b; }\n```";
    assertEquals(1.0, Metric.CODE.evaluate(IMPLEMENT_REFERENCE, answer).parts().get("exact"));
    // a FIM middle: text on both sides
    assertEquals(1.0, Metric.CODE.score("  return a +\n b;\n", "return a + b;"));
    assertEquals(1.0 - 3.0 / 7, Metric.CODE.score("sitting", "kitten"), EPS); // Levenshtein 3
  }

  @Test
  void codeWrongAnswerScoresNearZero() {
    Scored s = Metric.CODE.evaluate(IMPLEMENT_REFERENCE, "```java\nx\n```");
    assertEquals(0.0, s.parts().get("exact"));
    assertEquals(0.0, s.score(), EPS); // no character in common: 39 edits of 39
    assertEquals(1.0 - 38.0 / 39, Metric.CODE.score(IMPLEMENT_REFERENCE, "a"), EPS); // one character kept
    assertEquals(0.0, Metric.CODE.score("abc", ""));
    assertEquals(1.0, Metric.CODE.score("", ""));
  }

  @Test
  void codeComparesLinesPastTheCharacterCap() {
    StringBuilder ref = new StringBuilder();
    StringBuilder ans = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      ref.append("int v").append(i).append(" = ").append(i).append(";\n");
      ans.append("int v").append(i).append(" = ").append(i % 100 == 0 ? -1 : i).append(";\n\n");
    }
    assertTrue(ref.length() > AnswerText.MAX_CHARS_FOR_CHARACTER_DISTANCE);
    Scored s = Metric.CODE.evaluate(ref.toString(), ans.toString());
    assertEquals(1.0, s.parts().get("line_level"));
    assertEquals(1.0 - 5.0 / 500, s.score(), EPS); // 5 lines of 500 changed; blank lines do not count
  }

  @Test
  void proseTokenF1WithSquadNormalisation() {
    // reference tokens: returns gson instance for given type; answer: it returns gson instance for type
    Scored s = Metric.PROSE.evaluate("Returns the `Gson` instance for the given type.",
        "It returns a Gson instance, for the type!");
    assertEquals(5.0 / 6, s.score(), EPS);
    assertEquals(Map.of("token_f1", 5.0 / 6, "identifier_recall", 1.0), s.parts());
    assertEquals(1.0, Metric.PROSE.score("The cat sat.", "cat SAT"));
    assertEquals(0.0, Metric.PROSE.score("The cat sat.", "A dog ran."));
  }

  @Test
  void proseIdentifierRecallCountsCodeSpansAndJavadocTags() {
    String ref = "Use `GsonBuilder` to configure {@link Gson} and call {@code toJson}.";
    Scored s = Metric.PROSE.evaluate(ref, "Configure it with GsonBuilder.");
    assertEquals(1.0 / 3, s.parts().get("identifier_recall"), EPS); // Gson is not found inside GsonBuilder
    assertFalse(Metric.PROSE.evaluate("No names here.", "None.").parts().containsKey("identifier_recall"));
  }

  @Test
  void scoreAnswerTakesTheOfflineWordingOutOfProse() {
    String ref = "From the Javadoc of `Gson.toJson(Object)`:\n\nSerializes the object.\n\n"
        + "It is declared in `Gson` (`gson/Gson.java`).";
    String answer = "Serializes the object.";
    // without the template's words the reference's tokens are: serializes object gsongsonjava
    assertEquals(0.8, Metric.scoreAnswer("explain", ref, answer).score(), EPS);
    // as written it has 12 tokens, 2 of them in the answer
    assertEquals(2.0 / 7, Metric.PROSE.score(ref, answer), EPS);
    // a code kind is scored as it is
    assertEquals(Metric.CODE.evaluate(IMPLEMENT_REFERENCE, "x"), Metric.scoreAnswer("implement", IMPLEMENT_REFERENCE, "x"));
  }
}
