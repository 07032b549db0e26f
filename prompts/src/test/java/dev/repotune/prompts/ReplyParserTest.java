package dev.repotune.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.repotune.extractors.index.IndexFacts;
import dev.repotune.extractors.index.SymbolRef;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tolerant reply parser, the grounding check and the price table. */
class ReplyParserTest {
  static final List<ReplyParser.Pair> ONE = List.of(new ReplyParser.Pair("Q?", "A."));

  @Test
  void givenBareFencedProseOrArray_whenParse_thenSamePairs() {
    assertEquals(ONE, ReplyParser.parse("{\"pairs\":[{\"question\":\"Q?\",\"answer\":\"A.\"}]}").pairs());
    assertEquals(ONE, ReplyParser.parse("Here you go:\n```json\n{\"pairs\":[{\"question\":\"Q?\",\"answer\":\"A.\",}]}\n```\nEnjoy").pairs());
    assertEquals(ONE, ReplyParser.parse("<think>hmm {</think>[{\"q\":\"Q?\",\"a\":\"A.\"}]").pairs());
    assertEquals(ONE, ReplyParser.parse("Sure! {\"pairs\": [{'question': 'Q?', 'answer': 'A.'}]} hope it helps").pairs());
  }

  @Test
  void givenNoJson_whenParse_thenUnparseableOrRefused() {
    assertEquals(ReplyParser.Kind.UNPARSEABLE, ReplyParser.parse("The method adds numbers.").kind());
    assertEquals(ReplyParser.Kind.UNPARSEABLE, ReplyParser.parse("{\"pairs\":[]}").kind());
    assertEquals(ReplyParser.Kind.REFUSED, ReplyParser.parse("I'm sorry, but I can't help with that.").kind());
  }

  @Test
  void givenAnswerCitingUnknownIdentifier_whenCheck_thenUngroundedWithTheSpan() {
    String code = "public double add(double a, double b) { return round(a + b); }";
    IndexFacts facts = new IndexFacts(List.of(new SymbolRef("Invoice.total()", "Invoice.java", 3)), List.of(), List.of());
    Grounding.Result ok = Grounding.check("`add` calls `round` and is used by `Invoice.total()`; it returns `double`, never `null`.",
        code, "Calculator.add(double, double)", "package com.acme;", facts, Set.of());
    assertEquals(new Grounding.Result(true, List.of()), ok);
    Grounding.Result bad = Grounding.check("`add` delegates to `MathUtils.fastSum(a, b)`, see `42`.",
        code, "Calculator.add(double, double)", "package com.acme;", facts, Set.of());
    assertEquals(new Grounding.Result(false, List.of("MathUtils.fastSum(a, b)")), bad);
    Grounding.Result viaRepo = Grounding.check("`add` is like `Circle.area()`.",
        code, "Calculator.add(double, double)", "", IndexFacts.NONE, Set.of("Circle", "area"));
    assertEquals(true, viaRepo.grounded());
    Grounding.Result silent = Grounding.check("It adds the two numbers and rounds the sum.",
        code, "Calculator.add(double, double)", "", IndexFacts.NONE, Set.of());
    assertEquals(new Grounding.Result(false, List.of()), silent);
    Grounding.Result codeOnly = Grounding.check("```java\nassertEquals(3.0, add(1, 2));\n```",
        code, "Calculator.add(double, double)", "", IndexFacts.NONE, Set.of());
    assertEquals(true, codeOnly.grounded());
  }

  @Test
  void givenPriceTable_whenCost_thenPerMillionAndPrefixMatch() {
    PriceTable t = PriceTable.parse("# c\ngpt-4o = 2.50 10.00\ngpt-4o-mini = 0.15 0.60\n", "test");
    assertEquals(2.5 + 10.0, t.cost("gpt-4o", 1_000_000, 1_000_000), 1e-9);
    assertEquals(0.15, t.cost("gpt-4o-mini-2024-07-18", 1_000_000, 0), 1e-9);
    assertEquals(0.0, t.cost("qwen2.5-coder:7b", 1_000_000, 1_000_000), 1e-9);
    assertEquals(true, PriceTable.defaults().knows("gpt-4o-mini"));
  }
}
