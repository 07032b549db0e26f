package dev.repotune.extractors.retrieval;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.java.JavaChunker;
import java.util.ArrayList;
import java.util.List;

/** Two small classes through the real chunker: the corpus the retrieval tests search. */
final class RetrievalFixture {
  static final String CONNECTION_PATH = "src/main/java/org/example/http/HttpConnection.java";
  static final String ELEMENT_PATH = "src/main/java/org/example/nodes/Element.java";

  static final String CONNECTION =
      """
      package org.example.http;

      import java.util.ArrayList;
      import java.util.List;

      /** A connection that sends one request and reads its response. */
      public class HttpConnection {
        private final List<KeyVal> headers = new ArrayList<>();
        private int timeoutMillis = 30000;

        /** Adds a request header; a later header of the same name does not replace it. */
        public HttpConnection header(String name, String value) {
          headers.add(KeyVal.create(name, value));
          return this;
        }

        /** Sets the connect and read timeout, in milliseconds; 0 waits forever. */
        public HttpConnection timeout(int millis) {
          if (millis < 0) {
            throw new IllegalArgumentException("timeout must be >= 0");
          }
          this.timeoutMillis = millis;
          return this;
        }

        @Override
        public String toString() {
          return "HttpConnection" + headers;
        }

        /** One name and value pair of a request: a header or a form field. */
        public static class KeyVal {
          private final String key;
          private final String value;

          private KeyVal(String key, String value) {
            this.key = key;
            this.value = value;
          }

          /** A pair of a key and its value. */
          public static KeyVal create(String key, String value) {
            return new KeyVal(key, value);
          }
        }
      }
      """;

  static final String ELEMENT =
      """
      package org.example.nodes;

      import java.util.List;

      /** An HTML element: a tag name, attributes and child nodes. */
      public class Element {
        private final String tagName;

        public Element(String tagName) {
          this.tagName = tagName;
        }

        /**
         * Finds the elements matching an XPath expression, as nodes of the given class.
         *
         * @return the matching nodes, empty when none match
         */
        public <T> List<T> selectXpath(String xpath, Class<T> nodeType) {
          return XpathSelector.select(this, xpath, nodeType);
        }

        /** The tag name in lower case. */
        public String normalName() {
          return tagName.toLowerCase();
        }

        @Override
        public String toString() {
          return "<" + tagName + ">";
        }
      }
      """;

  private RetrievalFixture() {}

  static List<Chunk> chunks() {
    JavaChunker chunker = new JavaChunker();
    List<Chunk> out = new ArrayList<>();
    out.addAll(chunker.chunk(new SourceFile("repo", "c0ffee", CONNECTION_PATH, "java", "sha1", CONNECTION)));
    out.addAll(chunker.chunk(new SourceFile("repo", "c0ffee", ELEMENT_PATH, "java", "sha2", ELEMENT)));
    return out;
  }

  static List<Doc> docs() {
    return chunks().stream().map(Doc::of).toList();
  }

  static Chunk bySymbol(List<Chunk> chunks, String symbol) {
    return chunks.stream()
        .filter(c -> c.symbol().equals(symbol))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no chunk " + symbol + " in " + chunks.stream().map(Chunk::symbol).toList()));
  }
}
