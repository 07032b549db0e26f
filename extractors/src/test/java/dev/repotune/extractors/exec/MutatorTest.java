package dev.repotune.extractors.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaParser;
import dev.repotune.extractors.java.JavaChunker;
import dev.repotune.extractors.text.Lines;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each kind on a small method: the mutated line exactly, every other byte of the file as it was. */
class MutatorTest {
  private static final String HEAD = "package fx;\n\nimport java.util.List;\n\nabstract class Sample {\n";
  private static final int FIRST = 6;

  /** A file holding {@code method} from line {@link #FIRST}; the method's last line is its last line. */
  private static String file(String method) {
    return HEAD + method + "}\n";
  }

  private static int lastLine(String method) {
    return FIRST + Lines.split(method).length - 1;
  }

  private static List<Mutant> mutants(String method) {
    return Mutator.mutants(file(method), FIRST, lastLine(method));
  }

  private static List<Mutant> of(List<Mutant> all, MutationKind kind) {
    return all.stream().filter(m -> m.kind() == kind).toList();
  }

  /** {@code original} with its line {@code line} replaced, all else (terminators too) untouched. */
  private static String withLine(String original, int line, String replacement) {
    int[] starts = Lines.starts(original);
    int begin = starts[line - 1];
    int end = begin + Lines.split(original)[line - 1].length();
    return original.substring(0, begin) + replacement + original.substring(end);
  }

  /** {@code original} without lines {@code from..to} and their terminators. */
  private static String withoutLines(String original, int from, int to) {
    int[] starts = Lines.starts(original);
    return original.substring(0, starts[from - 1]) + original.substring(starts[to]);
  }

  private static void assertLine(String original, Mutant m, int line, String expected) {
    assertEquals(line, m.line(), m::description);
    assertEquals(withLine(original, line, expected), m.fileText(), m::description);
  }

  /** The method as it stands in the mutant's file, from the span's first line. */
  private static void assertMethodText(Mutant m, int lines) {
    assertEquals(Mutator.lines(m.fileText(), FIRST, FIRST + lines - 1), m.methodText());
  }

  @Test
  void negatesConditionsAndListsAMethodsMutantsInSourceOrder() {
    String method = """
          boolean big(int x) {
            if (x > 10) {
              return true;
            }
            while (x > 100) x--;
            return x > 5 ? true : false;
          }
        """;
    String f = file(method);
    List<Mutant> all = mutants(method);
    List<Mutant> negated = of(all, MutationKind.NEGATE_CONDITION);
    assertEquals(3, negated.size());
    assertLine(f, negated.get(0), 7, "    if (!(x > 10)) {");
    assertLine(f, negated.get(1), 10, "    while (!(x > 100)) x--;");
    assertLine(f, negated.get(2), 11, "    return !(x > 5) ? true : false;");
    assertEquals("`if` condition `x > 10` negated on line 7", negated.get(0).description());
    String pattern =
        "  int len(Object o) {\n    if (o instanceof String s) {\n      return s.length();\n    }\n"
            + "    return 0;\n  }\n";
    assertEquals(List.of(), of(mutants(pattern), MutationKind.NEGATE_CONDITION), "`s` would leave its scope");
    assertEquals(method.stripTrailing().replace("if (x > 10)", "if (!(x > 10))"), negated.get(0).methodText());
    assertEquals(
        List.of(
            "`if` condition `x > 10` negated on line 7",
            "`>` changed to `>=` on line 7",
            "`10` changed to `11` on line 7",
            "`10` changed to `9` on line 7",
            "returned `true` changed to `false` on line 8",
            "`while` condition `x > 100` negated on line 10",
            "`>` changed to `>=` on line 10",
            "`100` changed to `101` on line 10",
            "`100` changed to `99` on line 10",
            "`ternary` condition `x > 5` negated on line 11",
            "returned `x > 5 ? true : false` changed to `!(x > 5 ? true : false)` on line 11",
            "`>` changed to `>=` on line 11",
            "`5` changed to `6` on line 11",
            "`5` changed to `4` on line 11"),
        all.stream().map(Mutant::description).toList());
  }

  @Test
  void swapsComparisonsAtTheOperatorLeavingOddSpacingTabsAndCrlfAlone() {
    String method = "  int cmp(int a, int b) {\r\n"
        + "\tif (a  <=  b /* le */) { return -1; }\r\n"
        + "    if (a==b) {\r\n"
        + "      return 0;\r\n"
        + "    }\r\n"
        + "    return a < b ? 2 : 1;\r\n"
        + "  }\r\n";
    String f = file(method);
    List<Mutant> cmp = of(mutants(method), MutationKind.COMPARISON);
    assertEquals(3, cmp.size());
    assertLine(f, cmp.get(0), 7, "\tif (a  <  b /* le */) { return -1; }");
    assertLine(f, cmp.get(1), 8, "    if (a!=b) {");
    assertLine(f, cmp.get(2), 11, "    return a <= b ? 2 : 1;");
    assertEquals("`==` changed to `!=` on line 8", cmp.get(1).description());
    assertTrue(cmp.get(0).methodText().contains("\r\n"), "the method's own line ends are kept");
    assertMethodText(cmp.get(0), 7);
  }

  @Test
  void swapsArithmeticButNeverAConcatenation() {
    String method = """
          int mix(int a, int b, int c, String name) {
            String label = "n=" + a + 1;
            String named = name + a;
            int viaField = size + 1;
            return a + b * c % 7;
          }
          abstract int size();
        """;
    String f = file(method);
    int last = lastLine(method) - 1;
    List<Mutant> arithmetic = of(Mutator.mutants(f, FIRST, last), MutationKind.ARITHMETIC);
    assertEquals(3, arithmetic.size(), () -> arithmetic.stream().map(Mutant::description).toList().toString());
    assertLine(f, arithmetic.get(0), 10, "    return a - b * c % 7;");
    assertLine(f, arithmetic.get(1), 10, "    return a + b / c % 7;");
    assertLine(f, arithmetic.get(2), 10, "    return a + b * c * 7;");
    assertEquals("`%` changed to `*` on line 10", arithmetic.get(2).description());
  }

  @Test
  void movesBoundsAndIndexesByOne() {
    String method = """
          int sum(int[] xs, int n) {
            int s = 0;
            for (int i = 0; i < n; i++) {
              s += xs[0] * xs[2];
            }
            return s;
          }
        """;
    String f = file(method);
    List<Mutant> obo = of(mutants(method), MutationKind.OFF_BY_ONE);
    assertEquals(List.of("`n` changed to `n - 1` on line 8", "`0` changed to `1` on line 9",
        "`2` changed to `3` on line 9", "`2` changed to `1` on line 9"),
        obo.stream().map(Mutant::description).toList());
    assertLine(f, obo.get(0), 8, "    for (int i = 0; i < n - 1; i++) {");
    assertLine(f, obo.get(1), 9, "      s += xs[1] * xs[2];");
    assertLine(f, obo.get(2), 9, "      s += xs[0] * xs[3];");
    assertLine(f, obo.get(3), 9, "      s += xs[0] * xs[1];");
  }

  @Test
  void dropsExpressionStatementsButNotDeclarationsReturnsOrAnOnlyStatement() {
    String method = """
          int record(List<String> log) {
            int count = 0;
            log.add("a"); count++;
            count = count * 2;
            if (count > 0) {
              log.clear();
            }
            return count;
          }
        """;
    String f = file(method);
    List<Mutant> dropped = of(mutants(method), MutationKind.DROP_STATEMENT);
    assertEquals(List.of("statement `log.add(\"a\");` dropped on line 8", "statement `count++;` dropped on line 8",
        "statement `count = count * 2;` dropped on line 9"),
        dropped.stream().map(Mutant::description).toList());
    assertLine(f, dropped.get(0), 8, "     count++;");
    assertLine(f, dropped.get(1), 8, "    log.add(\"a\"); ");
    assertEquals(withoutLines(f, 9, 9), dropped.get(2).fileText());
    assertEquals(9, dropped.get(2).line());
    // One line shorter: the method text still ends at the method's closing brace.
    assertMethodText(dropped.get(2), 8);
    assertTrue(dropped.get(2).methodText().endsWith("return count;\n  }"));
  }

  @Test
  void returnsADifferentConstantOfTheReturnType() {
    String zero = "  int zero() {\n    return 0;\n  }\n";
    assertLine(file(zero), of(mutants(zero), MutationKind.RETURN_CONSTANT).get(0), 7, "    return 1;");
    String sum = "  long sum(long a, long b) {\n    return a + b;\n  }\n";
    assertLine(file(sum), of(mutants(sum), MutationKind.RETURN_CONSTANT).get(0), 7, "    return 0;");
    String name = """
          String name(String s) {
            if (s.isEmpty()) {
              return null;
            }
            List<String> xs = List.of(s);
            xs.forEach(x -> { return; });
            return xs.stream().map(x -> { return x.trim(); }).findFirst().get();
          }
        """;
    List<Mutant> returns = of(mutants(name), MutationKind.RETURN_CONSTANT);
    assertEquals(1, returns.size(), "neither `return null` nor a lambda's return: " + returns);
    assertLine(file(name), returns.get(0), 12, "    return null;");
    String nothing = "  void run(List<String> xs) {\n    xs.clear();\n    return;\n  }\n";
    assertEquals(List.of(), of(mutants(nothing), MutationKind.RETURN_CONSTANT));
  }

  @Test
  void swapsAdjacentArgumentsOfOneEvidentType() {
    String method = """
          int pick(int a, int b, String s) {
            List<String> xs = List.of("x", "y");
            int m = Math.max(a, b);
            String t = String.valueOf(a) + s.indexOf(s, a);
            return m + List.of(1, "z").size();
          }
        """;
    String f = file(method);
    List<Mutant> swapped = of(mutants(method), MutationKind.SWAP_ARGUMENTS);
    assertEquals(2, swapped.size(), () -> swapped.stream().map(Mutant::description).toList().toString());
    assertLine(f, swapped.get(0), 7, "    List<String> xs = List.of(\"y\", \"x\");");
    assertLine(f, swapped.get(1), 8, "    int m = Math.max(b, a);");
    assertEquals("arguments `a` and `b` of `max` swapped on line 8", swapped.get(1).description());
  }

  @Test
  void removesNullGuards() {
    String method = """
          int length(String s) {
            if (s == null) {
              return 0;
            }
            if (s != null && s.isEmpty()) {
              return -1;
            } else {
              return s.length();
            }
          }
        """;
    String f = file(method);
    List<Mutant> removed = of(mutants(method), MutationKind.REMOVE_NULL_CHECK);
    assertEquals(2, removed.size(), () -> removed.stream().map(Mutant::description).toList().toString());
    assertEquals(withoutLines(f, 7, 9), removed.get(0).fileText());
    assertEquals("null check `s == null` removed with its `if` on line 7", removed.get(0).description());
    assertMethodText(removed.get(0), 7);
    assertLine(f, removed.get(1), 10, "    if (s.isEmpty()) {");
  }

  @Test
  void everyMutantParsesAndDiffers() {
    String method = """
          /** Javadoc first: the chunk's span starts here. */
          @Deprecated
          int busy(int[] xs, String s, int n) {
            int t = 0;
            for (int i = 0; i < xs.length; i++) {
              t += xs[i] - n;
              if (s != null && t % 2 == 0) t = t / 2;
            }
            while (t > n) { t--; t = t - 1; }
            return s == null ? t : Math.min(t, n) + s.length();
          }
        """;
    String f = file(method);
    List<Mutant> all = mutants(method);
    Set<MutationKind> kinds = all.stream().map(Mutant::kind).collect(Collectors.toSet());
    assertEquals(EnumSet.of(MutationKind.NEGATE_CONDITION, MutationKind.COMPARISON, MutationKind.ARITHMETIC,
        MutationKind.OFF_BY_ONE, MutationKind.DROP_STATEMENT, MutationKind.RETURN_CONSTANT,
        MutationKind.SWAP_ARGUMENTS, MutationKind.REMOVE_NULL_CHECK), kinds);
    JavaParser parser = new JavaParser(JavaChunker.configuration());
    for (Mutant m : all) {
      assertTrue(parser.parse(m.fileText()).isSuccessful(), m::description);
      assertNotEquals(f, m.fileText());
      assertTrue(m.methodText().startsWith("  /** Javadoc first"), m::description);
      assertTrue(m.methodText().endsWith("\n  }"), m::description);
    }
    assertEquals(all.size(), all.stream().map(Mutant::fileText).distinct().count());
  }

  @Test
  void noMutantsWithoutABodyOrWithoutAMethod() {
    String method = "  abstract int size();\n  int total = 1 + 2;\n";
    assertEquals(List.of(), Mutator.mutants(file(method), FIRST, FIRST));
    assertEquals(List.of(), Mutator.mutants(file(method), FIRST + 1, FIRST + 1));
    assertEquals(List.of(), Mutator.mutants("not java at all {", 1, 1));
    String real = "  int one() {\n    return 1;\n  }\n";
    assertEquals(List.of(), Mutator.mutants(file(real), FIRST, FIRST + 1), "the span must end where it does");
  }

  @Test
  void mutatesConstructors() {
    String method = "  Sample(List<String> xs) {\n    xs.add(\"a\");\n    xs.add(\"b\");\n  }\n";
    List<Mutant> all = mutants(method);
    assertEquals(List.of(MutationKind.DROP_STATEMENT, MutationKind.DROP_STATEMENT),
        all.stream().map(Mutant::kind).toList());
  }

  @Test
  void chooseIsDeterministicCappedAndSpreadsOverKinds() {
    String method = """
          int busy(int[] xs, int a, int b) {
            int t = 0;
            if (a < b) t++;
            if (a > 3) t--;
            t = Math.max(a, b) + a * b - a / b;
            xs[0] = xs[1] + 2;
            return t;
          }
        """;
    List<Mutant> all = mutants(method);
    Set<MutationKind> present = all.stream().map(Mutant::kind).collect(Collectors.toSet());
    assertTrue(present.size() >= 5 && all.size() > 2 * present.size(), () -> present + " " + all.size());
    List<Mutant> first = Mutator.choose(all, present.size(), 42);
    assertEquals(first, Mutator.choose(all, present.size(), 42));
    assertEquals(present, first.stream().map(Mutant::kind).collect(Collectors.toSet()), "one of each kind");
    List<Mutant> more = Mutator.choose(all, present.size() + 2, 42);
    assertEquals(present.size() + 2, more.size());
    assertEquals(all.size(), Mutator.choose(all, 10_000, 7).size());
    assertEquals(Set.copyOf(all), Set.copyOf(Mutator.choose(all, 10_000, 7)));
    assertEquals(List.of(), Mutator.choose(all, 0, 42));
    List<List<MutationKind>> orders = new ArrayList<>();
    for (long seed = 0; seed < 6; seed++) {
      orders.add(Mutator.choose(all, present.size(), seed).stream().map(Mutant::kind).toList());
    }
    assertTrue(orders.stream().distinct().count() > 1, "the seed orders the kinds");
  }

  @Test
  void aConstantReturnReplacingAOneStatementBodyIsTheWholeBody() {
    String oneLine = "  String name() {\n    return this.toString();\n  }\n";
    List<Mutant> whole = of(mutants(oneLine), MutationKind.RETURN_CONSTANT);
    assertFalse(whole.isEmpty());
    whole.forEach(m -> assertTrue(Mutator.replacesWholeBody(m), m.methodText()));
    String twoStatements = "  int size(List<String> xs) {\n    xs.clear();\n    return xs.size();\n  }\n";
    List<Mutant> part = mutants(twoStatements);
    assertFalse(of(part, MutationKind.RETURN_CONSTANT).isEmpty());
    part.forEach(m -> assertFalse(Mutator.replacesWholeBody(m), m.methodText()));
  }
}
