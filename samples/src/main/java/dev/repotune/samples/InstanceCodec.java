package dev.repotune.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * An instance line: {@code {"repo","instance_id","base_commit","patch","test_patch","problem_statement",
 * "hints_text","created_at","version","FAIL_TO_PASS","PASS_TO_PASS","environment_setup_commit",
 * "build_command","test_command","meta":{"commit","split"}}}. The first twelve are princeton-nlp/SWE-bench's
 * columns in the order of its dataset card's {@code dataset_info.features}, all strings: {@code
 * FAIL_TO_PASS} and {@code PASS_TO_PASS} are JSON-encoded lists of strings ({@code "[\"a#b\"]"}), as in
 * the published SWE-bench data ({@code dtype: string} on its Hub card). SWE-smith publishes them as real
 * lists ({@code list: string}); SWE-bench's harness ({@code make_test_spec}) decodes a string with {@code
 * json.loads} and takes a list as it is, so both load there, and the SWE-bench layout, which the sets
 * that copy princeton-nlp/SWE-bench's columns share, is the one written here, in JSONL and in Parquet.
 */
public final class InstanceCodec implements RowCodec<InstanceRecord> {
  public static final InstanceCodec INSTANCE = new InstanceCodec();

  static final List<String> KEYS =
      List.of("repo", "instance_id", "base_commit", "patch", "test_patch", "problem_statement", "hints_text",
          "created_at", "version", "FAIL_TO_PASS", "PASS_TO_PASS", "environment_setup_commit", "build_command",
          "test_command", "meta");

  static final List<String> META_KEYS = List.of("commit", "split");

  static final Schema SCHEMA = buildSchema();

  private InstanceCodec() {}

  private static Schema buildSchema() {
    SchemaBuilder.FieldAssembler<Schema> f =
        SchemaBuilder.record("InstanceRow").namespace("dev.repotune").fields();
    for (String k : KEYS.subList(0, KEYS.size() - 1)) {
      f = f.requiredString(k);
    }
    return f.name("meta").type(
            SchemaBuilder.record("InstanceMeta").namespace("dev.repotune").fields()
                .requiredString("commit").requiredString("split").endRecord())
        .noDefault()
        .endRecord();
  }

  /** The string columns in {@link #KEYS} order, the two test lists JSON-encoded. */
  private static String[] values(InstanceRecord r) {
    return new String[] {
      r.repo(), r.instanceId(), r.baseCommit(), r.patch(), r.testPatch(), r.problemStatement(), r.hintsText(),
      r.createdAt(), r.version(), encode("FAIL_TO_PASS", r.failToPass()), encode("PASS_TO_PASS", r.passToPass()),
      r.environmentSetupCommit(), r.buildCommand(), r.testCommand()
    };
  }

  private static InstanceRecord of(String[] v, String commit, String split) {
    return new InstanceRecord(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8],
        decode("FAIL_TO_PASS", v[9]), decode("PASS_TO_PASS", v[10]), v[11], v[12], v[13],
        new InstanceRecord.Meta(commit, split));
  }

  /** A list of tests as SWE-bench writes it: a JSON array of strings, as one string. */
  static String encode(String key, List<String> tests) {
    for (String t : tests) {
      JsonLines.required(key + "[]", t);
    }
    try {
      return JsonLines.MAPPER.writeValueAsString(tests);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> decode(String key, String json) {
    JsonNode n;
    try {
      n = JsonLines.MAPPER.readTree(JsonLines.required(key, json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(key + " must be a JSON list of strings, got " + json, e);
    }
    JsonNode holder = JsonLines.MAPPER.createObjectNode().set(key, n);
    return JsonLines.strings(holder, "", key);
  }

  @Override
  public String line(InstanceRecord r) {
    return JsonLines.write(g -> {
      g.writeStartObject();
      String[] v = values(r);
      for (int i = 0; i < v.length; i++) {
        g.writeStringField(KEYS.get(i), JsonLines.required(KEYS.get(i), v[i]));
      }
      g.writeObjectFieldStart("meta");
      g.writeStringField("commit", JsonLines.required("meta.commit", r.meta().commit()));
      g.writeStringField("split", JsonLines.required("meta.split", r.meta().split()));
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  @Override
  public InstanceRecord read(String line) {
    JsonNode root = JsonLines.parse(line);
    JsonLines.exactKeys("", root, KEYS);
    JsonNode meta = root.get("meta");
    JsonLines.exactKeys("meta.", meta, META_KEYS);
    String[] v = new String[KEYS.size() - 1];
    for (int i = 0; i < v.length; i++) {
      v[i] = JsonLines.str(root, "", KEYS.get(i));
    }
    return of(v, JsonLines.str(meta, "meta.", "commit"), JsonLines.str(meta, "meta.", "split"));
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public GenericRecord toAvro(InstanceRecord r) {
    GenericRecord row = new GenericData.Record(SCHEMA);
    String[] v = values(r);
    for (int i = 0; i < v.length; i++) {
      row.put(KEYS.get(i), JsonLines.required(KEYS.get(i), v[i]));
    }
    GenericRecord meta = new GenericData.Record(SCHEMA.getField("meta").schema());
    meta.put("commit", JsonLines.required("meta.commit", r.meta().commit()));
    meta.put("split", JsonLines.required("meta.split", r.meta().split()));
    row.put("meta", meta);
    return row;
  }

  @Override
  public InstanceRecord fromAvro(GenericRecord g) {
    String[] v = new String[KEYS.size() - 1];
    for (int i = 0; i < v.length; i++) {
      v[i] = ParquetShards.str(g, KEYS.get(i));
    }
    GenericRecord meta = (GenericRecord) g.get("meta");
    return of(v, ParquetShards.str(meta, "commit"), ParquetShards.str(meta, "split"));
  }
}
