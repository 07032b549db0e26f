package dev.repotune.extractors.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkExtractor;
import dev.repotune.extractors.SourceFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** BuildIndex without Beam: edges, a group-by-key in a map, resolve per key, collect per chunk. */
class IndexEdgesTest {
  static final Map<String, String> REPO =
      Map.of(
          "src/main/java/geo/Shape.java",
          "package geo;\npublic interface Shape {\n  double area();\n}\n",
          "src/main/java/geo/Square.java",
          """
          package geo;
          public class Square implements Shape {
            public double area() { return 1; }
          }
          """,
          "src/main/java/geo/Circle.java",
          """
          package geo;
          public class Circle implements Shape {
            public double area() { return 3; }
            public double perimeter() { return 6; }
          }
          """,
          "src/main/java/geo/Geometry.java",
          """
          package geo;
          public class Geometry {
            public static double total(Shape s, Square q) {
              return s.area() + q.area() + helper();
            }
            static double helper() { return 0; }
            static Shape make() { return null; }
            double ambiguous() { return make().area(); }
            double unique() { return make().perimeter(); }
          }
          """,
          "src/test/java/geo/GeometryTest.java",
          """
          package geo;
          class GeometryTest {
            @Test void total() { check(Geometry.total(new Square(), new Square())); }
            @Test void totalOfNothing() {
              double t = Geometry.total(null, null);
              check(t);
            }
          }
          """);

  static List<Chunk> chunks() {
    ChunkExtractor x = new ChunkExtractor();
    List<Chunk> out = new ArrayList<>();
    new TreeMap<>(REPO).forEach((path, text) ->
        out.addAll(x.extract(new SourceFile("r", "c", path, "java", "s", text)).chunks()));
    return out;
  }

  /** The whole BuildIndex stage, with edges fed in the given order. */
  static Map<String, IndexFacts> index(List<Chunk> chunks, long shuffleSeed) {
    List<Edge> edges = new ArrayList<>();
    chunks.forEach(c -> edges.addAll(IndexEdges.of(c)));
    Collections.shuffle(edges, new Random(shuffleSeed));
    TypeHierarchy hierarchy = TypeHierarchy.of(edges);
    Map<String, List<Edge>> byKey = edges.stream().collect(Collectors.groupingBy(Edge::key));
    Map<String, List<Link>> byTarget = new TreeMap<>();
    byKey.forEach((key, group) -> IndexEdges.resolve(key, group, hierarchy)
        .forEach(l -> byTarget.computeIfAbsent(l.targetChunkId(), k -> new ArrayList<>()).add(l)));
    Map<String, String> symbolOf = chunks.stream().collect(Collectors.toMap(Chunk::id, Chunk::symbol));
    Map<String, IndexFacts> out = new TreeMap<>();
    byTarget.forEach((id, links) -> {
      Collections.shuffle(links, new Random(shuffleSeed));
      out.put(symbolOf.get(id), IndexEdges.collect(links));
    });
    return out;
  }

  static List<String> callers(IndexFacts f) {
    return f == null ? List.of() : f.callers().stream().map(SymbolRef::symbol).toList();
  }

  @Test
  void givenMiniRepo_thenCallersImplementersAndTestsAreFound() {
    Map<String, IndexFacts> idx = index(chunks(), 1);
    assertEquals(
        List.of("Geometry.total(Shape, Square)", "Geometry.ambiguous()"),
        callers(idx.get("Shape.area()")),
        "calls on a Shape parameter, and on make()'s result, which is a Shape");
    assertEquals(List.of("Geometry.total(Shape, Square)"), callers(idx.get("Square.area()")));
    assertEquals(List.of(), callers(idx.get("Circle.area()")), "make().area() is Shape's");
    assertEquals(
        List.of(), callers(idx.get("Circle.perimeter()")), "make().perimeter(): Shape has none, not guessed by name");
    assertEquals(List.of("Geometry.total(Shape, Square)"), callers(idx.get("Geometry.helper()")));
    IndexFacts total = idx.get("Geometry.total(Shape, Square)");
    assertEquals(List.of("GeometryTest.total()", "GeometryTest.totalOfNothing()"), callers(total));
    assertEquals(
        List.of("GeometryTest.total()", "GeometryTest.totalOfNothing()"),
        total.tests().stream().map(TestRef::symbol).toList(),
        "both named for total(): by path and line");
    assertTrue(total.tests().get(0).text().contains("Geometry.total(new Square(), new Square())"));
    assertEquals("src/test/java/geo/GeometryTest.java", total.tests().get(0).path());
    assertEquals(3, total.tests().get(0).line());
    assertEquals(
        List.of("geo.Circle", "geo.Square"),
        idx.get("geo.Shape").implementers().stream().map(SymbolRef::symbol).toList());
  }

  @Test
  void givenAnyEdgeOrder_thenSameIndex() {
    List<Chunk> chunks = chunks();
    Map<String, IndexFacts> first = index(chunks, 1);
    for (long seed = 2; seed < 8; seed++) {
      assertEquals(first, index(chunks, seed));
    }
  }

  @Test
  void givenSelfCallAndNonTestCaller_thenNoSelfLinkAndNoTestText() {
    List<Chunk> chunks = new ChunkExtractor().extract(new SourceFile("r", "c", "src/main/java/A.java", "java", "s",
        "class A {\n  int f(int n) { return n == 0 ? 0 : f(n - 1); }\n  int g() { return f(1); }\n}\n")).chunks();
    List<Edge> edges = new ArrayList<>();
    chunks.forEach(c -> edges.addAll(IndexEdges.of(c)));
    List<Link> all = IndexEdges.resolve("m:f/1", edges.stream().filter(e -> e.key().equals("m:f/1")).toList());
    List<Link> links = all.stream().filter(l -> l.kind() == Link.Kind.CALLER).toList();
    assertEquals(1, links.size());
    assertEquals("A.g()", links.get(0).ref().symbol());
    assertTrue(edges.stream().noneMatch(e -> e.text().contains("\n")), "no test text: only call lines and signatures");
    // g, undocumented main code, is told what f is; f is told how g uses it
    String g = chunks.stream().filter(c -> c.symbol().equals("A.g()")).findFirst().orElseThrow().id();
    String f = chunks.stream().filter(c -> c.symbol().equals("A.f(int)")).findFirst().orElseThrow().id();
    assertEquals(
        List.of(new Link(g, Link.Kind.CALLEE, null, null, new CodeRef("A.f(int)", "src/main/java/A.java", "int f(int n)"), 0),
            new Link(f, Link.Kind.USE, null, null, new CodeRef("A.g()", "src/main/java/A.java", "return f(1); }"), 0)),
        all.stream().filter(l -> l.kind() != Link.Kind.CALLER).toList());
  }

  @Test
  void givenUndocumentedCallers_thenOnlyTheyAreGivenCalleesAndUsesComeFromMainCodeOnly() {
    String main = "package p;\npublic class Util {\n  /** Twice. */\n  public static int twice(int x) {\n"
        + "    int y = x;\n    return plus(y, y);\n  }\n  static int plus(int a, int b) { return a + b; }\n"
        + "  int sum(int a) {\n    // plus(0, 0) would do\n    int s = 0;\n    s = plus(s, a);\n    return s;\n  }\n}\n";
    String test = "package p;\nclass UtilTest {\n  @org.junit.jupiter.api.Test void adds() { Util.plus(1, 2); }\n}\n";
    ChunkExtractor x = new ChunkExtractor();
    List<Chunk> chunks = new ArrayList<>();
    chunks.addAll(x.extract(new SourceFile("r", "c", "src/main/java/p/Util.java", "java", "s", main)).chunks());
    chunks.addAll(x.extract(new SourceFile("r", "c", "src/test/java/p/UtilTest.java", "java", "s", test)).chunks());
    Map<String, IndexFacts> idx = index(chunks, 1);
    assertEquals(List.of(), idx.getOrDefault("Util.twice(int)", IndexFacts.NONE).callees(), "documented: its implement question has its Javadoc");
    assertEquals(
        List.of(new CodeRef("Util.plus(int, int)", "src/main/java/p/Util.java", "static int plus(int a, int b)")),
        idx.get("Util.sum(int)").callees());
    assertEquals(
        List.of(new CodeRef("Util.sum(int)", "src/main/java/p/Util.java", "s = plus(s, a);"),
            new CodeRef("Util.twice(int)", "src/main/java/p/Util.java", "return plus(y, y);")),
        idx.get("Util.plus(int, int)").uses(), "the comment is not the use; the test is not a use");
  }

  @Test
  void givenTestHelpers_thenOnlyTestMethodsAreCitedAsTests_andHelpersStayCallers() {
    String main = "package p;\npublic class Target {\n  public static int run() { return 1; }\n}\n";
    String test =
        """
        package p;
        import org.junit.jupiter.api.Test;
        import org.junit.jupiter.params.ParameterizedTest;
        class TargetTest {
          @Test void runs() { Target.run(); }
          @ParameterizedTest @ValueSource(ints = {1}) void runsEach(int n) { Target.run(); }
          int helper() { return Target.run(); }
          static class Adapter {
            int deserialize() { return Target.run(); }
          }
        }
        """;
    String junit3 =
        """
        package p;
        public class TargetLegacyTest extends junit.framework.TestCase {
          public void testRun() { Target.run(); }
          public void helper() { Target.run(); }
        }
        """;
    ChunkExtractor x = new ChunkExtractor();
    List<Chunk> chunks = new ArrayList<>();
    chunks.addAll(x.extract(new SourceFile("r", "c", "src/main/java/p/Target.java", "java", "s", main)).chunks());
    chunks.addAll(x.extract(new SourceFile("r", "c", "src/test/java/p/TargetTest.java", "java", "s", test)).chunks());
    chunks.addAll(
        x.extract(new SourceFile("r", "c", "src/test/java/p/TargetLegacyTest.java", "java", "s", junit3)).chunks());
    IndexFacts run = index(chunks, 1).get("Target.run()");
    assertEquals(
        List.of("TargetLegacyTest.testRun()", "TargetTest.runs()", "TargetTest.runsEach(int)"),
        run.tests().stream().map(TestRef::symbol).sorted().toList());
    assertEquals(
        List.of("TargetLegacyTest.helper()", "TargetLegacyTest.testRun()", "TargetTest.Adapter.deserialize()",
            "TargetTest.helper()", "TargetTest.runs()", "TargetTest.runsEach(int)"),
        callers(run).stream().sorted().toList(),
        "a helper is still a caller");
    for (Chunk c : chunks) {
      for (Edge e : IndexEdges.of(c)) {
        if (e.role() == Edge.Role.CALLS) {
          String expected = c.facts().isTestMethod() ? c.text() : c.facts().isTest() ? "" : e.text();
          assertEquals(expected, e.text(), c.symbol() + ": a test method's text travels, a helper's nothing");
          assertTrue(c.facts().isTest() || !e.text().isEmpty(), c.symbol() + ": main code's call line travels");
        }
      }
    }
  }

  @Test
  void givenDocumentedAnnotatedCaller_thenItsLineIsWhereItIsDeclared() {
    List<Chunk> chunks = new ChunkExtractor().extract(new SourceFile("r", "c", "src/main/java/A.java", "java", "s",
        "class A {\n  int f(int n) { return n; }\n  /** Calls f. */\n  @Deprecated\n  int g() { return f(1); }\n}\n"))
        .chunks();
    List<Edge> edges = new ArrayList<>();
    chunks.forEach(c -> edges.addAll(IndexEdges.of(c)));
    List<Link> links = IndexEdges.resolve("m:f/1", edges.stream().filter(e -> e.key().equals("m:f/1")).toList());
    assertEquals(List.of(new SymbolRef("A.g()", "src/main/java/A.java", 5)),
        links.stream().filter(l -> l.kind() == Link.Kind.CALLER).map(Link::ref).toList(),
        "the line of `int g()`, not of its Javadoc (3) or annotation (4): the line a locate row gives");
  }

  @Test
  void givenOverloadsOfOneArity_thenACallLinksOnlyToTheOneItsArgumentTypesMatch() {
    List<Chunk> chunks = new ChunkExtractor().extract(new SourceFile("r", "c", "src/main/java/A.java", "java", "s",
        "class A {\n  static void sort(int[] a) {}\n  static void sort(Object[] a) {}\n"
            + "  static void sort(int[] a, int from) {}\n"
            + "  void objects(Object[] o) { sort(o); }\n"
            + "  void ints(int[] i) { A.sort(i); sort(i, 1); }\n"
            + "  void unknown() { sort(make()); }\n"
            + "  void other(String[] s) { sort(s); }\n"
            + "  static int[] make() { return null; }\n}\n"))
        .chunks();
    List<Edge> edges = new ArrayList<>();
    chunks.forEach(c -> edges.addAll(IndexEdges.of(c)));
    Map<String, List<String>> callersOf = new TreeMap<>();
    for (String key : List.of("m:sort/1", "m:sort/2")) {
      for (Link l : IndexEdges.resolve(key, edges.stream().filter(e -> e.key().equals(key)).toList())) {
        if (l.kind() != Link.Kind.CALLER) {
          continue;
        }
        String target = chunks.stream().filter(c -> c.id().equals(l.targetChunkId())).findFirst().orElseThrow().symbol();
        callersOf.computeIfAbsent(target, k -> new ArrayList<>()).add(l.ref().symbol());
      }
    }
    // sort(make()) could be either one-argument sort, and sort(String[]) is neither exactly (Java would
    // take sort(Object[]), which the index cannot know without the type hierarchy): neither is linked.
    assertEquals(
        Map.of(
            "A.sort(Object[])", List.of("A.objects(Object[])"),
            "A.sort(int[])", List.of("A.ints(int[])"),
            "A.sort(int[], int)", List.of("A.ints(int[])")),
        callersOf);
  }

  @Test
  void givenManyLinks_thenCollectCapsSortsAndCountsThemAll() {
    List<Link> links = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      links.add(new Link("t", Link.Kind.CALLER, new SymbolRef("C.m" + i + "()", "p/C" + (29 - i) + ".java", i), null));
      links.add(new Link("t", Link.Kind.TEST, null, new TestRef("T.t" + i + "()", "T.java", i, "x"), i % 7 == 0 ? 1 : 3));
      links.add(new Link("t", Link.Kind.IMPLEMENTER, new SymbolRef("I" + i, "p/I.java", i), null));
    }
    links.add(links.get(0)); // duplicate
    IndexFacts f = IndexEdges.collect(links);
    assertEquals(IndexEdges.MAX_CALLERS, f.callers().size());
    assertEquals("p/C0.java", f.callers().get(0).path());
    assertEquals(IndexEdges.MAX_IMPLEMENTERS, f.implementers().size());
    assertEquals(
        List.of("T.t0()", "T.t7()", "T.t14()", "T.t21()", "T.t28()"),
        f.tests().stream().map(TestRef::symbol).toList(),
        "best rank first, then by line; the cut keeps the best");
    assertEquals(List.of(30, 30, 30), List.of(f.callerCount(), f.implementerCount(), f.testCount()), "all counted");
    List<Link> reversed = new ArrayList<>(links);
    Collections.reverse(reversed);
    assertEquals(f, IndexEdges.collect(reversed));
    IndexFacts few = IndexEdges.collect(links.subList(0, 3));
    assertEquals(List.of(1, 1, 1), List.of(few.callerCount(), few.implementerCount(), few.testCount()));
  }

  /** The JDK declares many types named {@code Field}: a subclass is linked only to the one it names. */
  @Test
  void givenTypesSharingASimpleName_thenImplementersFollowQualifierImportAndPackage() {
    Map<String, String> repo =
        Map.of(
            "text/Format.java",
            "package text;\npublic abstract class Format {\n  public static class Field {}\n}\n",
            "text/DateFormat.java",
            "package text;\npublic abstract class DateFormat extends Format {\n"
                + "  public static class Field extends Format.Field {}\n}\n",
            "text/MessageFormat.java",
            "package text;\npublic class MessageFormat extends Format {\n"
                + "  public static class Field extends Format.Field {}\n}\n",
            "agent/oops/Field.java",
            "package agent.oops;\npublic class Field {}\n",
            "agent/oops/IntField.java",
            "package agent.oops;\npublic class IntField extends Field {}\n",
            "agent/cdbg/Field.java",
            "package agent.cdbg;\npublic interface Field {}\n",
            "agent/cdbg/basic/BasicField.java",
            "package agent.cdbg.basic;\nimport agent.cdbg.Field;\npublic class BasicField implements Field {}\n",
            "bind/MapFactory.java",
            "package bind;\npublic class MapFactory {\n  static class Adapter {}\n}\n",
            "bind/ReflectiveFactory.java",
            "package bind;\npublic class ReflectiveFactory {\n  abstract static class Adapter {}\n"
                + "  static class FieldAdapter extends Adapter {}\n}\n",
            "other/Orphan.java",
            "package other;\npublic class Orphan extends Field {}\n");
    ChunkExtractor x = new ChunkExtractor();
    List<Chunk> chunks = new ArrayList<>();
    new TreeMap<>(repo).forEach((path, text) ->
        chunks.addAll(x.extract(new SourceFile("r", "c", path, "java", "s", text)).chunks()));
    Map<String, IndexFacts> idx = index(chunks, 3);
    assertEquals(
        List.of("text.DateFormat.Field", "text.MessageFormat.Field"),
        implementers(idx.get("text.Format.Field")));
    assertEquals(List.of(), implementers(idx.get("text.DateFormat.Field")));
    assertEquals(List.of("agent.oops.IntField"), implementers(idx.get("agent.oops.Field")));
    assertEquals(List.of("agent.cdbg.basic.BasicField"), implementers(idx.get("agent.cdbg.Field")));
    assertEquals(List.of("text.DateFormat", "text.MessageFormat"), implementers(idx.get("text.Format")));
    // A nested type's simple name means the member of its own enclosing type first.
    assertEquals(List.of("bind.ReflectiveFactory.FieldAdapter"), implementers(idx.get("bind.ReflectiveFactory.Adapter")));
    assertEquals(List.of(), implementers(idx.get("bind.MapFactory.Adapter")));
  }

  @Test
  void givenMethodsOfTypesSharingASimpleName_thenCallsLinkOnlyToTheTypeTheyName() {
    Map<String, String> repo =
        Map.of(
            "coll/ImmutableList.java",
            """
            package coll;
            public class ImmutableList {
              public static final class Builder {
                public ImmutableList build() { return check(); }
                ImmutableList check() { return null; }
              }
              static ImmutableList copy() {
                Builder b = new Builder();
                return b.build();
              }
            }
            """,
            "coll/ImmutableSet.java",
            """
            package coll;
            public class ImmutableSet {
              public static final class Builder {
                public ImmutableSet build() { return check(); }
                ImmutableSet check() { return null; }
              }
            }
            """,
            "coll/Users.java",
            """
            package coll;
            class Users {
              static Object list() {
                ImmutableList.Builder b = new ImmutableList.Builder();
                return b.build();
              }
              static Object set(java.util.function.Supplier<ImmutableSet.Builder> s) {
                return s.get().build();
              }
            }
            """,
            "other/Imports.java",
            """
            package other;
            import coll.ImmutableSet;
            class Imports {
              static Object set() {
                ImmutableSet.Builder b = new ImmutableSet.Builder();
                return b.build();
              }
            }
            """);
    List<Chunk> chunks = new ArrayList<>();
    ChunkExtractor x = new ChunkExtractor();
    new TreeMap<>(repo).forEach((path, text) ->
        chunks.addAll(x.extract(new SourceFile("r", "c", path, "java", "s", text)).chunks()));
    Map<String, IndexFacts> idx = index(chunks, 5);
    // Written as `Builder` inside ImmutableList, and as `ImmutableList.Builder` elsewhere.
    assertEquals(
        List.of("ImmutableList.copy()", "Users.list()"), callers(idx.get("ImmutableList.Builder.build()")));
    // Through an import; `s.get().build()` has an unknown receiver and two types declare build().
    assertEquals(List.of("Imports.set()"), callers(idx.get("ImmutableSet.Builder.build()")));
    // An unscoped call means this type's method, not every Builder's.
    assertEquals(List.of("ImmutableList.Builder.build()"), callers(idx.get("ImmutableList.Builder.check()")));
    assertEquals(List.of("ImmutableSet.Builder.build()"), callers(idx.get("ImmutableSet.Builder.check()")));
  }

  static List<String> implementers(IndexFacts f) {
    return f == null ? List.of() : f.implementers().stream().map(SymbolRef::symbol).sorted().toList();
  }
}
