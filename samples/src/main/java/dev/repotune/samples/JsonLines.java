package dev.repotune.samples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
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
 * Canonical JSON Lines: one object per line, keys in the fixed order below, no spaces, UTF-8, "\n" after
 * every line. Written by explicit generator calls (not bean serialisation) so the bytes depend on the
 * values alone: the same records give byte-identical shards.
 *
 * <p>Keys are snake_case and identical to the Parquet column names ({@link ParquetShards}), so
 * {@code load_dataset("json")} and {@code load_dataset("parquet")} give the same columns. The record id
 * is written as the FIRST key of {@code meta} ({@code meta.id}): top-level keys stay exactly
 * {@code messages}/{@code text} + {@code meta}, the shape trainers expect.
 *
 * <pre>
 * sft:      {"messages":[{"role":..,"content":..}..],"meta":{"id","repo","commit","path","symbol","lines","task","teacher","prompt_version","chunk_id","split"}}
 * cpt:      {"text":..,"meta":{"id","repo","commit","path","language","tokens"}}
 * openai:   {"messages":[..]}
 * rejected: {"stage","reason","detail","record"}     failed: {"stage","error","chunk_id","attempts"}
 * </pre>
 */
public final class JsonLines {
  /**
   * A CPT row holds a whole file, and --max-file-bytes lets a user allow files past Jackson's default
   * 20 M-character string limit (a 50 MB minified bundle): rows are read back with no such limit.
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                  .build())
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, false)
          .build();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  static final List<String> SFT_META_KEYS =
      List.of("id", "repo", "commit", "path", "symbol", "lines", "task", "teacher",
          "prompt_version", "chunk_id", "split");
  static final List<String> CPT_META_KEYS =
      List.of("id", "repo", "commit", "path", "language", "tokens");

  private JsonLines() {}

  /** The SFT row with its provenance in {@code meta}; TRL, Axolotl and LLaMA-Factory ignore {@code meta}. */
  public static String sft(SftRecord r) {
    return sftLine(openai(r), r);
  }

  /**
   * The SFT line of {@code r} whose messages are already encoded, as {@link #openai} writes them: the
   * line is that object with {@code "meta"} added. A row replayed from a cache keeps its encoded messages
   * and gets only a new id and meta, without decoding and encoding its text again.
   */
  public static String sftLine(String openaiLine, SftRecord r) {
    String meta = write(g -> {
      g.writeStartObject();
      String[] values = r.metaValues();
      for (int i = 0; i < values.length; i++) {
        g.writeStringField(SFT_META_KEYS.get(i), required("meta." + SFT_META_KEYS.get(i), values[i]));
      }
      g.writeEndObject();
    });
    return openaiLine.substring(0, openaiLine.length() - 1) + ",\"meta\":" + meta + "}";
  }

  /** The CPT document: {@code text} is what a trainer reads; {@code meta.tokens} is its token count. */
  public static String cpt(CptRecord r) {
    return write(g -> {
      CptRecord.Meta m = r.meta();
      g.writeStartObject();
      g.writeStringField("text", required("text", r.text()));
      g.writeObjectFieldStart("meta");
      g.writeStringField("id", required("meta.id", r.id()));
      g.writeStringField("repo", required("meta.repo", m.repo()));
      g.writeStringField("commit", required("meta.commit", m.commit()));
      g.writeStringField("path", required("meta.path", m.path()));
      g.writeStringField("language", required("meta.language", m.language()));
      g.writeNumberField("tokens", m.tokens());
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  /** {@code {"messages":[...]}} and nothing else: the OpenAI fine-tuning validator rejects extra keys. */
  public static String openai(SftRecord r) {
    return write(g -> {
      g.writeStartObject();
      writeMessages(g, r.messages());
      g.writeEndObject();
    });
  }

  /**
   * {@link #openai} of the row whose {@link #sft} line is {@code sftLine}, cut from the line rather than
   * encoded again: both write the messages the same way, and the SFT line is those messages, then its
   * {@code "meta"} object. Inside a JSON string every quote is escaped, so the last {@code ,"meta":{} in
   * the line is the key itself.
   */
  public static String openaiOf(String sftLine) {
    int meta = sftLine.lastIndexOf(",\"meta\":{");
    if (!sftLine.startsWith("{\"messages\":[") || meta < 0) {
      throw new IllegalArgumentException("not an SFT line: " + sftLine.substring(0, Math.min(60, sftLine.length())));
    }
    return sftLine.substring(0, meta) + "}";
  }

  public static String rejected(Rejected r) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("stage", r.stage());
      g.writeStringField("reason", r.reason());
      g.writeStringField("detail", r.detail());
      g.writeStringField("record", r.record());
      g.writeEndObject();
    });
  }

  public static String failed(Failed f) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("stage", f.stage());
      g.writeStringField("error", f.error());
      g.writeStringField("chunk_id", f.chunkId());
      g.writeNumberField("attempts", f.attempts());
      g.writeEndObject();
    });
  }

  /**
   * Parses one SFT line strictly (exact keys, all strings present) so that {@code validate} catches any
   * drift from the schema, not just unparseable JSON.
   */
  public static SftRecord readSft(String line) {
    JsonNode root = parse(line);
    exactKeys("", root, List.of("messages", "meta"));
    List<Message> messages = readMessages(root.get("messages"));
    JsonNode meta = root.get("meta");
    exactKeys("meta.", meta, SFT_META_KEYS);
    String[] v = new String[SFT_META_KEYS.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = str(meta, "meta.", SFT_META_KEYS.get(i));
    }
    return new SftRecord(
        v[0], messages, SftRecord.Meta.of(v, 1));
  }

  public static CptRecord readCpt(String line) {
    JsonNode root = parse(line);
    exactKeys("", root, List.of("text", "meta"));
    String text = str(root, "", "text");
    JsonNode meta = root.get("meta");
    exactKeys("meta.", meta, CPT_META_KEYS);
    JsonNode tokens = meta.get("tokens");
    if (!tokens.isInt()) {
      throw new IllegalArgumentException("meta.tokens must be an integer, got " + tokens);
    }
    return new CptRecord(
        str(meta, "meta.", "id"),
        text,
        new CptRecord.Meta(
            str(meta, "meta.", "repo"),
            str(meta, "meta.", "commit"),
            str(meta, "meta.", "path"),
            str(meta, "meta.", "language"),
            tokens.intValue()));
  }

  /** Parses an OpenAI line; only {@code messages} is allowed. */
  public static List<Message> readOpenai(String line) {
    JsonNode root = parse(line);
    exactKeys("", root, List.of("messages"));
    return readMessages(root.get("messages"));
  }

  public static Rejected readRejected(String line) {
    JsonNode root = parse(line);
    exactKeys("", root, List.of("stage", "reason", "detail", "record"));
    return new Rejected(
        nullableStr(root, "stage"), nullableStr(root, "reason"), nullableStr(root, "detail"),
        nullableStr(root, "record"));
  }

  public static Failed readFailed(String line) {
    JsonNode root = parse(line);
    exactKeys("", root, List.of("stage", "error", "chunk_id", "attempts"));
    return new Failed(
        nullableStr(root, "stage"), nullableStr(root, "error"), nullableStr(root, "chunk_id"),
        root.get("attempts").asInt());
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

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static String write(Body body) {
    StringWriter w = new StringWriter(256);
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static void writeMessages(JsonGenerator g, List<Message> messages) throws IOException {
    g.writeArrayFieldStart("messages");
    for (Message m : messages) {
      g.writeStartObject();
      g.writeStringField("role", required("messages.role", m.role()));
      g.writeStringField("content", required("messages.content", m.content()));
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static List<Message> readMessages(JsonNode node) {
    if (node == null || !node.isArray()) {
      throw new IllegalArgumentException("messages must be an array");
    }
    List<Message> out = new ArrayList<>(node.size());
    for (JsonNode m : node) {
      exactKeys("messages[].", m, List.of("role", "content"));
      out.add(new Message(str(m, "messages[].", "role"), str(m, "messages[].", "content")));
    }
    return out;
  }

  static String required(String field, String value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is null; every shard field must have a value");
    }
    return value;
  }

  private static JsonNode parse(String line) {
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

  private static void exactKeys(String prefix, JsonNode node, List<String> expected) {
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

  private static String str(JsonNode node, String prefix, String key) {
    JsonNode v = node.get(key);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(prefix + key + " must be a string, got " + v);
    }
    return v.textValue();
  }

  private static String nullableStr(JsonNode node, String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }
}
