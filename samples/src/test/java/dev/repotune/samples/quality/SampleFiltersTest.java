package dev.repotune.samples.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.CodeFacts;
import dev.repotune.samples.Message;
import dev.repotune.samples.SftRecord;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SampleFiltersTest {
  private final SampleFilters filters = new SampleFilters(FilterConfig.DEFAULT);
  private final SampleFilters english = new SampleFilters(FilterConfig.DEFAULT.withLanguage("en"));

  static SftRecord row(String question, String answer) {
    return new SftRecord(
        "id1",
        List.of(new Message("system", "sys"), new Message("user", question), new Message("assistant", answer)),
        new SftRecord.Meta("r", "c", "A.java", "A.m()", "1-3", "explain", "offline", "v", "chunk1", ""));
  }

  static final String GOOD_Q = "What does `Calculator.add(double, double)` do?";
  static final String GOOD_A = "Adds two numbers and rounds the sum to the calculator's scale.";

  Optional<String> reason(SampleFilters f, String q, String a) {
    return f.check(row(q, a), Optional.empty()).map(SampleFilters.Drop::reason);
  }

  @Test
  void givenGoodRow_thenKept() {
    assertEquals(Optional.empty(), reason(english, GOOD_Q, GOOD_A));
  }

  @Test
  void givenEmptyOrBoilerplateAnswer_thenDropped() {
    assertEquals(Optional.of("empty_answer"), reason(filters, GOOD_Q, "  \n"));
    assertEquals(Optional.of("boilerplate_answer"), reason(filters, GOOD_Q, "TODO."));
    assertEquals(Optional.of("boilerplate_answer"), reason(filters, GOOD_Q, "{@inheritDoc}"));
  }

  @Test
  void givenRefusal_thenDropped() {
    assertEquals(
        Optional.of("refusal"),
        reason(filters, GOOD_Q, "As an AI language model, I cannot see your repository."));
  }

  @Test
  void givenAnswerRepeatingQuestion_thenDropped() {
    String q = "Explain how the parser reads a quoted string with escapes in it.";
    assertEquals(Optional.of("answer_copies_question"), reason(filters, q, q.toUpperCase()));
    assertEquals(
        Optional.of("answer_copies_question"),
        reason(filters, q, "The parser reads a quoted string with escapes in it."));
    // A short answer that happens to appear in the question is an answer, not a copy.
    assertEquals(Optional.empty(), reason(filters, "What does `sum(int, int)` return, an int or a long?", "an `int`"));
  }

  @Test
  void givenNonEnglishQuestion_whenLanguageEn_thenDropped() {
    String zh = "`Gson.toJson(Object)` 这个方法是做什么的？请详细说明。";
    String de = "Was macht die Methode `toJson` mit einem leeren Objekt und warum genau";
    assertEquals(Optional.of("non_english_question"), reason(english, zh, GOOD_A));
    assertEquals(Optional.of("non_english_question"), reason(english, de, GOOD_A));
    assertEquals(Optional.empty(), reason(filters, zh, GOOD_A), "--language any keeps every language");
  }

  @Test
  void givenLengthOutOfBounds_thenDropped() {
    assertEquals(Optional.of("question_too_short"), reason(filters, "Why?", GOOD_A));
    assertEquals(Optional.of("answer_too_long"), reason(filters, GOOD_Q, "word ".repeat(4000)));
    assertEquals(Optional.of("question_too_long"), reason(filters, "line of code; ".repeat(2000), GOOD_A));
  }

  static Chunk method(String name, String returnType, int params, int bodyLines, int calls, String... annotations) {
    List<CodeFacts.Param> ps =
        java.util.stream.IntStream.range(0, params).mapToObj(i -> new CodeFacts.Param("int", "p" + i, "")).toList();
    List<CodeFacts.CallSite> cs =
        java.util.stream.IntStream.range(0, calls).mapToObj(i -> new CodeFacts.CallSite("c" + i, 0, "")).toList();
    CodeFacts f =
        new CodeFacts("p", "A", name, "method", "sig", "", "", ps, returnType, "", List.of(),
            List.of(annotations), List.of("public"), List.of(), cs, false, false, false, bodyLines, 1);
    return new Chunk("id", "r", "c", "A.java", "java", ChunkKind.METHOD, "A." + name + "()", 1, 3, "", "", 5, f);
  }

  @Test
  void givenTrivialCode_thenNamedAndDroppedUnlessKept() {
    assertTrue(SampleFilters.trivialCode(method("getName", "String", 0, 1, 0)).isPresent());
    assertTrue(SampleFilters.trivialCode(method("setName", "void", 1, 3, 0)).isPresent());
    assertTrue(SampleFilters.trivialCode(method("toString", "String", 0, 1, 1)).isPresent());
    assertTrue(SampleFilters.trivialCode(method("build", "Foo", 0, 40, 3, "Generated")).isPresent());
    // Logic in a getter (a call, a longer body) is worth asking about.
    assertFalse(SampleFilters.trivialCode(method("getName", "String", 0, 1, 1)).isPresent());
    assertFalse(SampleFilters.trivialCode(method("getName", "String", 0, 8, 0)).isPresent());
    assertFalse(SampleFilters.trivialCode(method("compute", "int", 0, 1, 0)).isPresent());
    Chunk documented = method("toString", "String", 0, 1, 1);
    CodeFacts f = documented.facts();
    documented = new Chunk("id", "r", "c", "A.java", "java", ChunkKind.METHOD, "A.toString()", 1, 3, "", "", 5,
        new CodeFacts(f.packageName(), f.enclosingType(), f.name(), f.declarationKind(), f.signature(), "Returns the URI form, lower-cased.",
            "Returns the URI form, lower-cased.", f.params(), f.returnType(), "", List.of(), List.of(), f.modifiers(), List.of(), f.calls(), false, false, false, 1, 1));
    assertFalse(SampleFilters.trivialCode(documented).isPresent(), "a documented toString states a contract");

    Optional<String> trivial = SampleFilters.trivialCode(method("getName", "String", 0, 1, 0));
    assertEquals("trivial_code", filters.check(row(GOOD_Q, GOOD_A), trivial).orElseThrow().reason());
    SftRecord callers = new SftRecord("id2", row(GOOD_Q, GOOD_A).messages(),
        new SftRecord.Meta("r", "c", "A.java", "A.m()", "1-3", "callers", "offline", "v", "chunk1", ""));
    assertEquals(Optional.empty(), filters.check(callers, trivial), "who calls a getter is a repository fact");
    SampleFilters keep = new SampleFilters(FilterConfig.DEFAULT.withKeepTrivialCode(true));
    assertEquals(Optional.empty(), keep.check(row(GOOD_Q, GOOD_A), trivial));
  }

  @Test
  void givenADocumentedGetter_thenItsExplainRowIsKeptAndItsCodeRowsAreNot() {
    // gson's JsonWriter.isHtmlSafe(): one statement, no calls, and a Javadoc that states a contract.
    String javadoc =
        "Returns true if this writer writes JSON that's safe for inclusion in HTML and XML documents.";
    CodeFacts f =
        new CodeFacts("com.google.gson.stream", "JsonWriter", "isHtmlSafe", "method", "public final boolean isHtmlSafe()",
            javadoc, javadoc, List.of(), "boolean", "", List.of(), List.of(), List.of("public", "final"), List.of(),
            List.of(), false, false, false, 1, 1);
    Chunk isHtmlSafe =
        new Chunk("id", "gson", "c", "JsonWriter.java", "java", ChunkKind.METHOD, "JsonWriter.isHtmlSafe()", 1, 3,
            "", "", 5, f);
    Optional<String> trivial = SampleFilters.trivialCode(isHtmlSafe);
    assertTrue(trivial.isPresent(), "still a one-statement getter");

    SftRecord explain =
        row("What does `JsonWriter.isHtmlSafe()` do?", javadoc + "\n\nIt is declared in `JsonWriter`.");
    assertEquals(Optional.empty(), filters.check(explain, trivial), "its Javadoc is worth explaining");
    SftRecord implement = new SftRecord("id3", explain.messages(),
        new SftRecord.Meta("r", "c", "A.java", "A.m()", "1-3", "implement", "offline", "v", "chunk1", ""));
    assertEquals("trivial_code", filters.check(implement, trivial).orElseThrow().reason(), "its body is not");

    Optional<String> undocumented = SampleFilters.trivialCode(method("isHtmlSafe", "boolean", 0, 1, 0));
    assertEquals("trivial_code", filters.check(explain, undocumented).orElseThrow().reason(),
        "an explain row of an undocumented getter (an LLM's) is still trivial");
    Optional<String> generated = SampleFilters.trivialCode(method("getName", "String", 0, 1, 0, "Generated"));
    assertEquals("trivial_code", filters.check(explain, generated).orElseThrow().reason());
  }
}
