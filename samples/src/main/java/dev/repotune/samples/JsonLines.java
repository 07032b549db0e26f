package dev.repotune.samples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Canonical JSON Lines: one object per line, keys in a fixed order, no spaces, UTF-8, "\n" after every
 * line. Written by explicit generator calls (not bean serialisation) so the bytes depend on the values
 * alone: the same records give byte-identical shards. Each kind's keys are in its {@link RowCodec}
 * ({@link OutputKind} lists them); this class holds what they share, and the short names callers use.
 *
 * <p>Keys are snake_case and identical to the Parquet column names ({@link ParquetShards}), so
 * {@code load_dataset("json")} and {@code load_dataset("parquet")} give the same columns.
 */
public final class JsonLines {
  /**
   * A CPT row holds a whole file, and --max-file-bytes lets a user allow files past Jackson's default
   * 20 M-character string limit (a 50 MB minified bundle): rows are read back with no such limit. A line
   * is one JSON value: anything after it is an error, not ignored.
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                  .build())
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, false)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  static final List<String> SFT_META_KEYS = SftCodec.META_KEYS;
  static final List<String> CPT_META_KEYS = CptCodec.META_KEYS;

  private JsonLines() {}

  public static String sft(SftRecord r) {
    return SftCodec.INSTANCE.line(r);
  }

  /** {@link SftCodec#lineWith}: the SFT line of a row whose messages are already encoded. */
  public static String sftLine(String openaiLine, SftRecord r) {
    return SftCodec.lineWith(openaiLine, r);
  }

  public static String cpt(CptRecord r) {
    return CptCodec.INSTANCE.line(r);
  }

  public static String openai(SftRecord r) {
    return OpenAiCodec.INSTANCE.line(r.messages());
  }

  /** {@link OpenAiCodec#cutFrom}: the OpenAI line cut from an SFT line. */
  public static String openaiOf(String sftLine) {
    return OpenAiCodec.cutFrom(sftLine);
  }

  public static String rejected(Rejected r) {
    return RejectedCodec.INSTANCE.line(r);
  }

  public static String failed(Failed f) {
    return FailedCodec.INSTANCE.line(f);
  }

  public static SftRecord readSft(String line) {
    return SftCodec.INSTANCE.read(line);
  }

  public static CptRecord readCpt(String line) {
    return CptCodec.INSTANCE.read(line);
  }

  public static List<Message> readOpenai(String line) {
    return OpenAiCodec.INSTANCE.read(line);
  }

  public static Rejected readRejected(String line) {
    return RejectedCodec.INSTANCE.read(line);
  }

  public static Failed readFailed(String line) {
    return FailedCodec.INSTANCE.read(line);
  }

  /** Writes each line as UTF-8 followed by "\n" (also after the last). Does not close {@code out}. */
  public static void writeLines(OutputStream out, Iterable<String> lines) throws IOException {
    for (String line : lines) {
      if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("a JSON line must not contain a raw line break");
      }
      out.write(line.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** The body of one line, as generator calls. */
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static String write(Body body) {
    StringWriter w = new StringWriter(256);
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  static void writeMessages(JsonGenerator g, List<Message> messages) throws IOException {
    writeMessages(g, "messages", messages);
  }

  /** {@code key} as an array of {@code {"role","content"}} objects: {@code prompt}, {@code chosen}, ... */
  static void writeMessages(JsonGenerator g, String key, List<Message> messages) throws IOException {
    g.writeArrayFieldStart(key);
    for (Message m : messages) {
      g.writeStartObject();
      g.writeStringField("role", required(key + ".role", m.role()));
      g.writeStringField("content", required(key + ".content", m.content()));
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** {@code key} as a JSON array of strings ({@code meta.paths}). */
  static void writeStrings(JsonGenerator g, String prefix, String key, List<String> values) throws IOException {
    g.writeArrayFieldStart(key);
    for (String v : values) {
      g.writeString(required(prefix + key + "[]", v));
    }
    g.writeEndArray();
  }

  /** {@code node.key}, which must be an array of strings. */
  static List<String> strings(JsonNode node, String prefix, String key) {
    JsonNode array = node.get(key);
    if (array == null || !array.isArray()) {
      throw new IllegalArgumentException(prefix + key + " must be an array of strings, got " + array);
    }
    List<String> out = new ArrayList<>(array.size());
    for (JsonNode v : array) {
      if (!v.isTextual()) {
        throw new IllegalArgumentException(prefix + key + " must be an array of strings, got " + v);
      }
      out.add(v.textValue());
    }
    return out;
  }

  static List<Message> readMessages(JsonNode node) {
    return readMessages(node, "messages");
  }

  /** The messages of the array {@code node}, read from the key {@code key} (named in the errors). */
  static List<Message> readMessages(JsonNode node, String key) {
    if (node == null || !node.isArray()) {
      throw new IllegalArgumentException(key + " must be an array");
    }
    List<Message> out = new ArrayList<>(node.size());
    for (JsonNode m : node) {
      exactKeys(key + "[].", m, List.of("role", "content"));
      out.add(new Message(str(m, key + "[].", "role"), str(m, key + "[].", "content")));
    }
    return out;
  }

  /** {@code node.key}, which must be an integer that fits a long. */
  static long integer(JsonNode node, String prefix, String key) {
    JsonNode v = node.get(key);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(prefix + key + " must be an integer, got " + v);
    }
    return v.longValue();
  }

  static String required(String field, String value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is null; every shard field must have a value");
    }
    return value;
  }

  static JsonNode parse(String line) {
    try {
      JsonNode n = MAPPER.readTree(line);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("a JSON line must be one JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  static void exactKeys(String prefix, JsonNode node, List<String> expected) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(
          (prefix.isEmpty() ? "line" : prefix.substring(0, prefix.length() - 1)) + " must be an object");
    }
    List<String> actual = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      actual.add(it.next());
    }
    if (!actual.equals(expected)) {
      Set<String> missing = new java.util.LinkedHashSet<>(expected);
      missing.removeAll(actual);
      Set<String> extra = new java.util.LinkedHashSet<>(actual);
      extra.removeAll(expected);
      throw new IllegalArgumentException(
          "keys of " + (prefix.isEmpty() ? "the line" : prefix) + " must be " + expected
              + (missing.isEmpty() ? "" : "; missing " + missing)
              + (extra.isEmpty() ? "" : "; unexpected " + extra)
              + (missing.isEmpty() && extra.isEmpty() ? "; order differs: " + actual : ""));
    }
  }

  static String str(JsonNode node, String prefix, String key) {
    JsonNode v = node.get(key);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(prefix + key + " must be a string, got " + v);
    }
    return v.textValue();
  }

  static String nullableStr(JsonNode node, String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }
}
