package dev.repotune.extractors.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkExtractor;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.CodeFacts;
import dev.repotune.extractors.CodeFacts.CallSite;
import dev.repotune.extractors.CodeFacts.Param;
import dev.repotune.extractors.CodeFacts.Thrown;
import dev.repotune.extractors.ExtractionResult;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.TokenCounter;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JavaChunkerTest {
  static final String CART_PATH = "shop/src/main/java/com/example/shop/Cart.java";

  /** Line numbers matter: the assertions below name them. */
  static final String CART =
      """
      package com.example.shop;

      import java.util.List;
      import java.util.Map;
      import java.io.IOException;
      import static java.util.Objects.requireNonNull;
      import com.example.util.*;

      /** A shopping cart. */
      public class Cart implements Priced, Comparable<Cart> {
        private final List<Item> items;
        private Pricer pricer;

        /** Creates an empty cart. */
        public Cart(Pricer pricer) {
          this.pricer = requireNonNull(pricer);
          this.items = new java.util.ArrayList<>();
        }

        /**
         * Adds {@code count} copies of an item. See {@link Pricer#price(Item)}.
         *
         * <p>Second paragraph.
         *
         * @param item the item to add
         * @param count how many
         * @return the new size
         * @throws IllegalArgumentException if count is negative
         * @throws IOException never, really
         */
        @Deprecated
        public synchronized int add(final Item item, int count) throws IOException {
          Map<String, Item> index = Helpers.index(items);
          Item copy = item.copy();
          pricer.price(copy);
          this.pricer.price(copy);
          new Receipt().print();
          validate(count);
          this.validate(count);
          items.add(copy);
          index.get("x").copy();
          unknownThing.run();
          return items.size();
        }

        /** Adds one. */
        public int add(Item item) throws IOException {
          return add(item, 1);
        }

        private void validate(int count) {
          if (count < 0) {
            throw new IllegalArgumentException("negative");
          }
        }

        @Override
        public int compareTo(Cart other) {
          return Integer.compare(items.size(), other.items.size());
        }

        /** A line of the cart. */
        public static class Line {
          private int qty;

          public int total(int... prices) {
            int t = 0;
            for (int p : prices) t += p * qty;
            return t;
          }
        }
      }
      """;

  static List<Chunk> chunks(String path, String text) {
    ExtractionResult r =
        new ChunkExtractor().extract(new SourceFile("repo", "c0ffee", path, "java", "sha", text));
    assertFalse(r.parseFailed(), r.parseError());
    return r.chunks();
  }

  static Chunk bySymbol(List<Chunk> chunks, String symbol) {
    return chunks.stream()
        .filter(c -> c.symbol().equals(symbol))
        .findFirst()
        .orElseThrow(() -> new AssertionError(symbol + " not in " + symbols(chunks)));
  }

  static String symbols(List<Chunk> chunks) {
    return chunks.stream().map(c -> c.kind() + " " + c.symbol() + " " + c.startLine() + "-" + c.endLine())
        .collect(Collectors.joining("\n"));
  }

  @Test
  void givenPreBlockInJavadoc_thenItIsAFenceWithItsLinesKept() {
    String src =
        """
        package p;

        public class Numbers {
          /**
           * Converts a string, or returns the default.
           *
           * <pre>
           *   Numbers.toFloat(null, 1.1f)   = 1.1f
           *   Numbers.toFloat("1.5", 0.0f)  = 1.5f
           * </pre>
           *
           * <pre>{@code
           * if (x < 1) {
           *   run();
           * }
           * }</pre>
           * @param s the text
           */
          public static float toFloat(String s, float d) { return d; }
        }
        """;
    Chunk m = bySymbol(chunks("src/Numbers.java", src), "Numbers.toFloat(String, float)");
    String doc = m.facts().javadocSummary();
    assertTrue(
        doc.contains(
            "```\nNumbers.toFloat(null, 1.1f)   = 1.1f\nNumbers.toFloat(\"1.5\", 0.0f)  = 1.5f\n```"),
        doc);
    assertTrue(doc.contains("```\nif (x < 1) {\n  run();\n}\n```"), doc);
    assertTrue(doc.startsWith("Converts a string, or returns the default."), doc);
  }

  @Test
  void givenClass_thenOneChunkPerTypeMethodAndConstructor_inSourceOrder_withExactSpans() {
    assertEquals(
        String.join("\n",
            "TYPE com.example.shop.Cart 9-72",
            "METHOD Cart.Cart(Pricer) 14-18",
            "METHOD Cart.add(Item, int) 20-44",
            "METHOD Cart.add(Item) 46-49",
            "METHOD Cart.validate(int) 51-55",
            "METHOD Cart.compareTo(Cart) 57-60",
            "TYPE com.example.shop.Cart.Line 62-71",
            "METHOD Cart.Line.total(int...) 66-70"),
        symbols(chunks(CART_PATH, CART)));
  }

  @Test
  void givenMethod_thenContextHasFilePackageUsedImportsWildcardsAndEnclosingDeclaration() {
    Chunk add = bySymbol(chunks(CART_PATH, CART), "Cart.add(Item, int)");
    assertEquals(
        String.join("\n",
            "// File: " + CART_PATH,
            "package com.example.shop;",
            "import java.util.Map;",
            "import java.io.IOException;",
            "import com.example.util.*;",
            "public class Cart implements Priced, Comparable<Cart> {",
            "  private final List<Item> items;",
            "  private Pricer pricer;"),
        add.context());
    assertTrue(add.text().startsWith("  /**\n   * Adds {@code count}"), add.text());
    assertTrue(add.text().endsWith("    return items.size();\n  }"), add.text());
    assertEquals(TokenCounter.count(add.text()), add.tokens());
  }

  @Test
  void givenFields_thenAMembersContextHasTheOnesItNamesAndNotOnesItsParametersShadow() {
    String src = "package a;\n\npublic class T {\n  /** The type. */\n  private final String type;\n"
        + "  @Deprecated\n  static final int[] TABLE = {\n    1, 2,\n  };\n  private int unused;\n\n"
        + "  T(String type) {\n    this.type = type;\n  }\n"
        + "  static boolean f(String type) {\n    return type.isEmpty() && TABLE.length > 0;\n  }\n}\n";
    List<Chunk> chunks = chunks("src/main/java/a/T.java", src);
    assertTrue(bySymbol(chunks, "T.T(String)").context().endsWith("public class T {\n  private final String type;"),
        bySymbol(chunks, "T.T(String)").context());
    assertTrue(bySymbol(chunks, "T.f(String)").context().endsWith("public class T {\n  static final int[] TABLE = ...;"),
        bySymbol(chunks, "T.f(String)").context());
    assertTrue(bySymbol(chunks, "a.T").context().endsWith("package a;"), "a type's context has no fields");
  }

  @Test
  void givenNestedTypeMember_thenContextHasEveryEnclosingDeclaration() {
    List<Chunk> chunks = chunks(CART_PATH, CART);
    assertEquals(
        String.join("\n",
            "// File: " + CART_PATH,
            "package com.example.shop;",
            "import com.example.util.*;",
            "public class Cart implements Priced, Comparable<Cart> {",
            "  public static class Line {",
            "    private int qty;"),
        bySymbol(chunks, "Cart.Line.total(int...)").context());
    Chunk line = bySymbol(chunks, "com.example.shop.Cart.Line");
    assertTrue(line.context().endsWith("\npublic class Cart implements Priced, Comparable<Cart> {"), line.context());
    assertEquals("Cart", line.facts().enclosingType());
  }

  @Test
  void givenKnownMethod_thenEveryCodeFactsFieldIsFilled() {
    CodeFacts f = bySymbol(chunks(CART_PATH, CART), "Cart.add(Item, int)").facts();
    assertEquals("com.example.shop", f.packageName());
    assertEquals("Cart", f.enclosingType());
    assertEquals("add", f.name());
    assertEquals("method", f.declarationKind());
    assertEquals("public synchronized int add(final Item item, int count) throws IOException", f.signature());
    assertEquals(
        "Adds `count` copies of an item. See `Pricer.price(Item)`.\n\nSecond paragraph.",
        f.javadocSummary());
    assertEquals(
        f.javadocSummary()
            + "\n\n@param item the item to add\n@param count how many\n@return the new size"
            + "\n@throws IllegalArgumentException if count is negative\n@throws IOException never, really",
        f.javadoc());
    assertEquals(List.of(new Param("Item", "item", "the item to add"), new Param("int", "count", "how many")), f.params());
    assertEquals("int", f.returnType());
    assertEquals("the new size", f.returnDoc());
    assertEquals(
        List.of(new Thrown("IOException", "never, really"), new Thrown("IllegalArgumentException", "if count is negative")),
        f.thrown());
    assertEquals(List.of("Deprecated"), f.annotations());
    assertEquals(List.of("public", "synchronized"), f.modifiers());
    assertEquals(List.of(), f.supertypes());
    assertEquals(
        List.of(
            new CallSite("index", 1, "Helpers", List.of("List")), // static call; a field argument
            new CallSite("copy", 0, "Item"), // parameter
            new CallSite("price", 1, "Pricer", List.of("Item")), // field, and this.field (de-duplicated)
            new CallSite("print", 0, "Receipt"), // new Receipt().print()
            new CallSite("validate", 1, "", List.of("int")), // unscoped and this. (de-duplicated)
            new CallSite("add", 1, "List", List.of("Item")), // field with type arguments stripped
            new CallSite("get", 1, "Map", List.of("String")), // local variable; a string literal
            new CallSite("copy", 0, "?(get/1)Map"), // scope is a call: its result, for the index
            new CallSite("run", 0, "?"), // unknown lower-case name
            new CallSite("size", 0, "List")),
        f.calls());
    assertFalse(f.isOverride());
    assertFalse(f.isTest());
    assertEquals(13, f.bodyLines());
  }

  @Test
  void givenConstructorOverrideAndVarargs_thenFactsSayWhatTheyAre() {
    List<Chunk> chunks = chunks(CART_PATH, CART);
    CodeFacts ctor = bySymbol(chunks, "Cart.Cart(Pricer)").facts();
    assertEquals("constructor", ctor.declarationKind());
    assertEquals("", ctor.returnType());
    assertEquals("public Cart(Pricer pricer)", ctor.signature());
    assertEquals(List.of(new CallSite("requireNonNull", 1, "", List.of("Pricer"))), ctor.calls());
    CodeFacts cmp = bySymbol(chunks, "Cart.compareTo(Cart)").facts();
    assertTrue(cmp.isOverride());
    assertEquals("public int compareTo(Cart other)", cmp.signature());
    assertEquals(
        List.of(new CallSite("compare", 2, "Integer"), new CallSite("size", 0, "List"), new CallSite("size", 0, "?")),
        cmp.calls());
    CodeFacts total = bySymbol(chunks, "Cart.Line.total(int...)").facts();
    assertEquals(List.of(new Param("int...", "prices", "")), total.params());
    assertEquals("Cart.Line", total.enclosingType());
    CodeFacts overload = bySymbol(chunks, "Cart.add(Item)").facts();
    assertEquals(List.of(new CallSite("add", 2, "", List.of("Item", "int"))), overload.calls());
    assertEquals("Adds one.", overload.javadoc());
  }

  @Test
  void givenType_thenTextKeepsShapeAndElidesLongBodies() {
    Chunk cart = bySymbol(chunks(CART_PATH, CART), "com.example.shop.Cart");
    assertEquals(
        String.join("\n",
            "/** A shopping cart. */",
            "public class Cart implements Priced, Comparable<Cart> {",
            "  private final List<Item> items;",
            "  private Pricer pricer;",
            "",
            "  /** Creates an empty cart. */",
            "  public Cart(Pricer pricer) {",
            "    // ... 2 lines",
            "  }",
            "",
            "  /** Adds `count` copies of an item. */",
            "  @Deprecated",
            "  public synchronized int add(final Item item, int count) throws IOException {",
            "    // ... 11 lines",
            "  }",
            "",
            "  /** Adds one. */",
            "  public int add(Item item) throws IOException {",
            "    return add(item, 1);",
            "  }",
            "",
            "  private void validate(int count) {",
            "    // ... 3 lines",
            "  }",
            "",
            "  @Override",
            "  public int compareTo(Cart other) {",
            "    return Integer.compare(items.size(), other.items.size());",
            "  }",
            "",
            "  /** A line of the cart. */",
            "  public static class Line {",
            "    // ... 7 lines",
            "  }",
            "}"),
        cart.text());
    CodeFacts f = cart.facts();
    assertEquals("class", f.declarationKind());
    assertEquals("Cart", f.name());
    assertEquals("", f.enclosingType());
    assertEquals("public class Cart implements Priced, Comparable<Cart>", f.signature());
    assertEquals(List.of("Priced", "Comparable"), f.supertypes());
    assertEquals("A shopping cart.", f.javadoc());
    // The context of a type lists the imports its (elided) text uses.
    assertTrue(cart.context().contains("import java.util.List;"), cart.context());
    assertFalse(cart.context().contains("import java.util.Map;"), cart.context());
  }

  @Test
  void givenHugeType_thenTextIsCappedWithATruncationLine() {
    StringBuilder sb = new StringBuilder("package p;\npublic class Big {\n");
    for (int i = 0; i < 800; i++) {
      sb.append("  int field").append(i).append(" = ").append(i).append(";\n");
    }
    sb.append("}\n");
    Chunk big = bySymbol(chunks("Big.java", sb.toString()), "p.Big");
    assertTrue(big.tokens() <= JavaChunker.TYPE_TOKEN_CAP, "tokens " + big.tokens());
    assertTrue(big.text().endsWith("  // ... truncated\n}"), big.text());
    assertEquals(803, big.endLine());
  }

  static final String SHAPES =
      """
      package geo;

      import java.util.function.Supplier;

      /** Something with an area. */
      public interface Shape {
        /** The area. */
        double area();
      }

      /** A square. */
      record Square(double side) implements Shape {
        Square {
          if (side < 0) {
            throw new IllegalArgumentException();
          }
        }

        @Override
        public double area() {
          var s = new Square(side);
          Supplier<Square> sup = () -> s;
          return ((Square) sup.get()).side * side;
        }

        sealed interface Kind permits A, B {}
        final class A implements Kind {}
        final class B implements Kind {}

        static String describe(Object o) {
          return switch (o) {
            case Square q -> "square " + q.area();
            default -> "other";
          };
        }
      }
      """;

  @Test
  void givenInterfaceRecordAndModernSyntax_thenAllTypesAndMembersAreChunked() {
    List<Chunk> chunks = chunks("geo/Shape.java", SHAPES);
    Chunk area = bySymbol(chunks, "Shape.area()");
    assertEquals(7, area.startLine());
    assertEquals(8, area.endLine());
    assertEquals(0, area.facts().bodyLines());
    assertEquals("double area()", area.facts().signature());
    Chunk square = bySymbol(chunks, "geo.Square");
    assertEquals("record", square.facts().declarationKind());
    assertEquals(List.of(new Param("double", "side", "")), square.facts().params());
    assertEquals(List.of("Shape"), square.facts().supertypes());
    Chunk compact = bySymbol(chunks, "Square.Square(double)");
    assertEquals("constructor", compact.facts().declarationKind());
    assertEquals(13, compact.startLine());
    // The line that names the declaration, past Javadoc and annotations: where "go to definition" lands.
    assertEquals(8, area.facts().declarationLine());
    assertEquals(6, bySymbol(chunks, "geo.Shape").facts().declarationLine());
    assertEquals(12, square.facts().declarationLine());
    assertEquals(13, compact.facts().declarationLine());
    assertEquals(19, bySymbol(chunks, "Square.area()").startLine());
    assertEquals(20, bySymbol(chunks, "Square.area()").facts().declarationLine());
    CodeFacts squareArea = bySymbol(chunks, "Square.area()").facts();
    // var from new Square(..) is Square; a cast names its type; a generic local drops its arguments.
    assertEquals(
        List.of(new CallSite("get", 0, "Supplier")),
        squareArea.calls().stream().filter(c -> c.name().equals("get")).toList());
    assertTrue(squareArea.isOverride());
    assertEquals(
        List.of(new CallSite("area", 0, "Square")),
        bySymbol(chunks, "Square.describe(Object)").facts().calls(),
        "a pattern variable has its pattern type");
    assertEquals("interface", bySymbol(chunks, "geo.Square.Kind").facts().declarationKind());
    bySymbol(chunks, "geo.Square.A");
    bySymbol(chunks, "Square.describe(Object)");
  }

  @Test
  void givenTestCode_thenIsTestFromPathClassNameOrAnnotation() {
    String src =
        """
        package p;
        import org.junit.jupiter.api.Assertions;
        class Helper {
          @org.junit.jupiter.api.Test
          void annotated() {}
          void plain() {}
        }
        class FooTest {
          void inTestClass() {}
        }
        """;
    List<Chunk> main = chunks("src/main/java/p/Helper.java", src);
    assertTrue(bySymbol(main, "Helper.annotated()").facts().isTest());
    assertFalse(bySymbol(main, "Helper.plain()").facts().isTest());
    assertTrue(bySymbol(main, "FooTest.inTestClass()").facts().isTest());
    assertTrue(bySymbol(main, "p.FooTest").facts().isTest());
    List<Chunk> test = chunks("src/test/java/p/Helper.java", src);
    assertTrue(bySymbol(test, "Helper.plain()").facts().isTest());
    // Without a test framework a *Test name is just a name (the JDK's XPath PredicatedNodeTest).
    List<Chunk> xpath = chunks("src/main/java/p/Helper.java", src.replace("import org.junit.jupiter.api.Assertions;\n", ""));
    assertFalse(bySymbol(xpath, "FooTest.inTestClass()").facts().isTest());
    assertFalse(bySymbol(xpath, "p.FooTest").facts().isTest());
    assertTrue(bySymbol(xpath, "Helper.annotated()").facts().isTest());
  }

  static final String ANNOTATED =
      """
      package org.jsoup.select;

      class Collector {
        /** Finds the first. */
        @Deprecated
        public static @Nullable Element findFirst(Evaluator eval, Element root) {
          return null;
        }

        @Override @Nullable public String toString() { return null; }

        @SuppressWarnings("unchecked")
        public <T extends @Nullable Object> @Nullable T @NonNull [] all(
            List<@NonNull String> names, final @Nullable Map.@NonNull Entry<String, /* v */ Integer> e,
            String @NonNull ... rest) throws IOException {
          return null;
        }

        int legacy(String args[], Map<String,   Integer> m)[] { return null; }

        @Override void plain(@Nullable String s, @SuppressWarnings("unchecked") final T... items) {}
      }
      """;

  @Test
  void givenTypeAnnotations_thenSignatureReturnAndParameterTypesShowThemAsWritten() {
    List<Chunk> chunks = chunks("src/main/java/org/jsoup/select/Collector.java", ANNOTATED);
    CodeFacts first = bySymbol(chunks, "Collector.findFirst(Evaluator, Element)").facts();
    assertEquals("public static @Nullable Element findFirst(Evaluator eval, Element root)", first.signature());
    assertEquals("@Nullable Element", first.returnType());
    assertEquals(List.of("Deprecated", "Nullable"), first.annotations());

    // Written before the modifiers, @Nullable is the method's, like @Override: out, as before.
    CodeFacts str = bySymbol(chunks, "Collector.toString()").facts();
    assertEquals("public String toString()", str.signature());
    assertEquals("String", str.returnType());

    CodeFacts all = bySymbol(chunks, "Collector.all(List, Map.Entry, String...)").facts();
    assertEquals(
        "public <T extends @Nullable Object> @Nullable T @NonNull [] all(List<@NonNull String> names, final"
            + " @Nullable Map.@NonNull Entry<String, Integer> e, String @NonNull ... rest) throws IOException",
        all.signature());
    assertEquals("@Nullable T @NonNull []", all.returnType());
    assertEquals(
        List.of(
            new Param("List<@NonNull String>", "names", ""),
            new Param("@Nullable Map.@NonNull Entry<String, Integer>", "e", ""),
            new Param("String @NonNull ...", "rest", "")),
        all.params());

    // Dimensions after the name: the type is printed from the tree, not cut from the text.
    CodeFacts legacy = bySymbol(chunks, "Collector.legacy(String[], Map)").facts();
    assertEquals("int[]", legacy.returnType());
    assertEquals(List.of(new Param("String[]", "args", ""), new Param("Map<String, Integer>", "m", "")), legacy.params());
    assertEquals("int legacy(String args[], Map<String, Integer> m)[]", legacy.signature());

    // Annotations written first are the declaration's, of a parameter as of a method (no modifiers).
    CodeFacts plain = bySymbol(chunks, "Collector.plain(String, T...)").facts();
    assertEquals("void plain(@Nullable String s, @SuppressWarnings(\"unchecked\") final T... items)", plain.signature());
    assertEquals("void", plain.returnType());
    assertEquals(List.of(new Param("String", "s", ""), new Param("T...", "items", "")), plain.params());
  }

  static final String TESTS =
      """
      package p;
      import org.junit.jupiter.api.Test;
      import org.junit.jupiter.params.ParameterizedTest;
      import junit.framework.TestCase;
      class CollectorTest {
        @Test void finds() { assertNotNull(first("a")); }
        @ParameterizedTest @ValueSource(strings = {"a"}) void findsEach(String s) { first(s); }
        @org.testng.annotations.Test public void testng() {}
        Element first(String q) { return Collector.findFirst(null, null); }
        static class Adapter {
          Element deserialize() { return Collector.findFirst(null, null); }
        }
      }
      class LegacyTest extends TestCase {
        public void testFoo() { helper(); }
        public void helper() {}
        void testPackagePrivate() {}
        public static void testStatic() {}
        public void testWithArgument(int n) {}
      }
      class DeeperTest extends LegacyTest {
        public void testBar() {}
      }
      class NotJUnit3 {
        public void testLooksLikeOne() {}
      }
      """;

  @Test
  void givenTestClass_thenOnlyTestMethodsAreTestMethods_andEveryMemberIsTestCode() {
    List<Chunk> chunks = chunks("src/test/java/p/CollectorTest.java", TESTS);
    for (String test :
        List.of("CollectorTest.finds()", "CollectorTest.findsEach(String)", "CollectorTest.testng()",
            "LegacyTest.testFoo()", "DeeperTest.testBar()")) {
      CodeFacts f = bySymbol(chunks, test).facts();
      assertTrue(f.isTestMethod(), test);
      assertTrue(f.isTest(), test);
    }
    for (String helper :
        List.of("CollectorTest.first(String)", "CollectorTest.Adapter.deserialize()", "LegacyTest.helper()",
            "LegacyTest.testPackagePrivate()", "LegacyTest.testStatic()", "LegacyTest.testWithArgument(int)",
            "NotJUnit3.testLooksLikeOne()")) {
      CodeFacts f = bySymbol(chunks, helper).facts();
      assertFalse(f.isTestMethod(), helper);
      assertTrue(f.isTest(), helper + " is test code: in a test folder");
    }
    assertFalse(bySymbol(chunks, "p.CollectorTest").facts().isTestMethod(), "a class is no test method");
  }

  @Test
  void givenUnparseableJava_thenWindowsWithParseFailedAndOneLineError() {
    String broken = "package p;\n\nclass Broken {\n  void f( {\n  }\n}\n";
    ExtractionResult r =
        new ChunkExtractor().extract(new SourceFile("r", "c", "p/Broken.java", "java", "s", broken));
    assertTrue(r.parseFailed());
    assertFalse(r.parseError().isBlank());
    assertFalse(r.parseError().contains("\n"), r.parseError());
    assertFalse(r.chunks().isEmpty());
    assertTrue(r.chunks().stream().allMatch(c -> c.kind() == ChunkKind.WINDOW));
    assertEquals(broken.strip(), r.chunks().stream().map(Chunk::text).collect(Collectors.joining("\n")).strip());
  }

  @Test
  void givenPathologicallyNestedJava_thenNeverThrows() {
    String deep = "class A { int x = " + "(".repeat(20000) + "1" + ")".repeat(20000) + "; }\n";
    ExtractionResult r =
        new ChunkExtractor().extract(new SourceFile("r", "c", "A.java", "java", "s", deep));
    assertFalse(r.chunks().isEmpty());
  }
}
