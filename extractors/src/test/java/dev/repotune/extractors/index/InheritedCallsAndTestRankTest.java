package dev.repotune.extractors.index;

import static dev.repotune.extractors.index.IndexEdgesTest.callers;
import static dev.repotune.extractors.index.IndexEdgesTest.index;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkExtractor;
import dev.repotune.extractors.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Calls resolved through the repository's own type hierarchy (jsoup's {@code TreeBuilder} and its
 * subclasses), calls on types it does not declare (gson's generated protobuf code), and which tests of a
 * method come first (gson's {@code JsonWriter.close()}).
 */
class InheritedCallsAndTestRankTest {
  static List<Chunk> chunks(Map<String, String> repo) {
    ChunkExtractor x = new ChunkExtractor();
    List<Chunk> out = new ArrayList<>();
    new TreeMap<>(repo).forEach((path, text) ->
        out.addAll(x.extract(new SourceFile("r", "c", path, "java", "s", text)).chunks()));
    return out;
  }

  static final Map<String, String> PARSER =
      Map.of(
          "src/main/java/parser/TreeBuilder.java",
          """
          package parser;
          abstract class TreeBuilder {
            Element currentElement() { return null; }
            void reset() {}
            boolean ownUse() { return currentElement() != null; }
          }
          """,
          "src/main/java/parser/HtmlTreeBuilder.java",
          """
          package parser;
          class HtmlTreeBuilder extends TreeBuilder {
            boolean inScope() { return currentElement() != null; }
            void pop() { this.currentElement(); }
            @Override void reset() { super.reset(); }
            class Helper {
              void help() { currentElement(); }
            }
          }
          """,
          "src/main/java/parser/XmlTreeBuilder.java",
          """
          package parser;
          class XmlTreeBuilder extends TreeBuilder {
            @Override Element currentElement() { return null; }
            void use() { currentElement(); }
          }
          """,
          "src/main/java/parser/StrictHtmlTreeBuilder.java",
          """
          package parser;
          class StrictHtmlTreeBuilder extends HtmlTreeBuilder {
            void check() { currentElement(); }
          }
          """,
          "src/main/java/parser/HtmlTreeBuilderState.java",
          """
          package parser;
          enum HtmlTreeBuilderState {
            Initial;
            static boolean handle(Token t, HtmlTreeBuilder tb) { return tb.currentElement() != null; }
            static boolean inBody(XmlTreeBuilder xb) { return xb.currentElement() != null; }
          }
          """);

  @Test
  void givenSubclasses_thenUnscopedThisSuperAndSubclassTypedCallsLinkToTheDeclaringSuperclass() {
    Map<String, IndexFacts> idx = index(chunks(PARSER), 7);
    assertEquals(
        List.of(
            "HtmlTreeBuilder.Helper.help()",
            "HtmlTreeBuilder.inScope()",
            "HtmlTreeBuilder.pop()",
            "HtmlTreeBuilderState.handle(Token, HtmlTreeBuilder)",
            "StrictHtmlTreeBuilder.check()",
            "TreeBuilder.ownUse()"),
        callers(idx.get("TreeBuilder.currentElement()")).stream().sorted().toList(),
        "inherited unscoped (through an enclosing type, and two levels down), this., and tb. on a subclass");
    assertEquals(
        List.of("HtmlTreeBuilderState.inBody(XmlTreeBuilder)", "XmlTreeBuilder.use()"),
        callers(idx.get("XmlTreeBuilder.currentElement()")).stream().sorted().toList(),
        "an override is the nearest declaration: its own class's calls are its");
    assertEquals(List.of("HtmlTreeBuilder.reset()"), callers(idx.get("TreeBuilder.reset()")), "super.reset()");
  }

  @Test
  void givenCallsOnTypesTheRepositoryDoesNotDeclare_thenTheyLinkToNothing() {
    Map<String, String> repo =
        Map.of(
            "gson/src/main/java/internal/LinkedTreeMap.java",
            """
            package internal;
            public final class LinkedTreeMap<K, V> {
              static final class Node<K, V> {
                public V setValue(V value) { return null; }
              }
              void put(Node<K, V> node, V v) { node.setValue(v); }
            }
            """,
            "proto/src/test/java/proto/ProtoTest.java",
            """
            package proto;
            import com.google.protobuf.generated.NestedMessage;
            import org.junit.Test;
            public class ProtoTest {
              @Test public void serializeMap() { NestedMessage.newBuilder().setValue(100).build(); }
              @Test public void builder(NestedMessage.Builder b) { b.setValue(100); }
              @Test public void unknownStatic() { Generated.setValue(1); }
            }
            """);
    Map<String, IndexFacts> idx = index(chunks(repo), 2);
    IndexFacts setValue = idx.get("LinkedTreeMap.Node.setValue(V)");
    assertEquals(List.of("LinkedTreeMap.put(Node, V)"), callers(setValue), "only the call on a declared Node");
    assertEquals(List.of(), setValue.tests(), "the protobuf tests call another setValue");
  }

  @Test
  void givenChainedCalls_thenEachLinksThroughTheReturnTypeTheRepositoryDeclares() {
    Map<String, String> repo =
        Map.of(
            "src/main/java/g/GsonBuilder.java",
            """
            package g;
            public final class GsonBuilder {
              public GsonBuilder setLenient() { return this; }
              public GsonBuilder setDateFormat(String pattern) { return this; }
              public @Nullable Gson create() { return new Gson(); }
            }
            """,
            "src/main/java/g/Gson.java",
            "package g;\npublic final class Gson {\n  public String toJson(Object o) { return \"\"; }\n}\n",
            "src/main/java/g/Use.java",
            """
            package g;
            class Use {
              static String chain() { return new GsonBuilder().setLenient().setDateFormat("x").create().toJson(1); }
              static String unscoped() { return builder().create().toJson(2); }
              static GsonBuilder builder() { return new GsonBuilder(); }
              static <T> T generic() { return null; }
              static void fromGeneric() { generic().create(); }
              static void fromOutside(java.util.function.Supplier<GsonBuilder> s) { s.get().create(); }
            }
            """);
    Map<String, IndexFacts> idx = index(chunks(repo), 9);
    assertEquals(List.of("Use.chain()"), callers(idx.get("GsonBuilder.setDateFormat(String)")));
    assertEquals(
        List.of("Use.chain()", "Use.unscoped()"),
        callers(idx.get("GsonBuilder.create()")),
        "not on a T, nor on what a type from outside the repository returns");
    assertEquals(List.of("Use.chain()", "Use.unscoped()"), callers(idx.get("Gson.toJson(Object)")));
  }

  @Test
  void givenTestsOfAMethod_thenNamedForItOrAssertingOnItComeFirst_andTheCutIsCounted() {
    Map<String, String> repo =
        Map.of(
            "src/main/java/stream/JsonWriter.java",
            """
            package stream;
            public class JsonWriter {
              public void close() {}
              public JsonWriter value(int v) { return this; }
            }
            """,
            "src/test/java/stream/JsonWriterTest.java",
            """
            package stream;
            import org.junit.Test;
            public class JsonWriterTest {
              @Test public void testDefaultStrictness() { JsonWriter w = new JsonWriter(); w.value(1); w.close(); }
              @Test public void testSetLenient() { JsonWriter w = new JsonWriter(); w.close(); }
              @Test public void testStrictWrites() {
                JsonWriter w = new JsonWriter();
                assertThrows(IOException.class, () -> w.close());
              }
              @Test public void testClosedWriterThrowsOnValue() {
                JsonWriter w = new JsonWriter();
                w.close();
                assertThrows(IllegalStateException.class, () -> w.value(1));
              }
              @Test public void testCloseIsIdempotent() {
                JsonWriter w = new JsonWriter();
                w.close();
                assertDoesNotThrow(() -> w.close());
              }
              @Test public void testSerializeNulls() { JsonWriter w = new JsonWriter(); w.close(); }
              @Test public void testEnclosedValue() { JsonWriter w = new JsonWriter(); w.close(); }
            }
            """);
    IndexFacts close = index(chunks(repo), 4).get("JsonWriter.close()");
    assertEquals(
        List.of(
            "JsonWriterTest.testCloseIsIdempotent()",
            "JsonWriterTest.testClosedWriterThrowsOnValue()",
            "JsonWriterTest.testStrictWrites()",
            "JsonWriterTest.testDefaultStrictness()",
            "JsonWriterTest.testSetLenient()"),
        close.tests().stream().map(TestRef::symbol).toList(),
        "named and asserting, named, asserting, then by line; `Enclosed` does not name close()");
    assertEquals(7, close.testCount(), "two left out, counted");
    assertEquals(7, close.callerCount());
    assertTrue(close.callers().size() <= IndexEdges.MAX_CALLERS);
  }
}
