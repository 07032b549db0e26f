package dev.repotune.samples;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A column of chat messages in Parquet, {@code list<struct<role: string, content: string>>}, the shape
 * {@link SftCodec} gives {@code messages}: pyarrow and {@code datasets} read it as a list of structs (a
 * list of {@code {"role","content"}} dicts), which is what TRL and verl take for a conversation. The
 * codecs of the execution kinds use it for {@code prompt}, {@code chosen} and {@code rejected}.
 */
final class MessageColumns {
  /** One schema object for every message column of a row: Avro names a record type once a schema. */
  static final Schema MESSAGE =
      SchemaBuilder.record("Message").namespace("dev.repotune")
          .fields().requiredString("role").requiredString("content").endRecord();

  static final Schema LIST = Schema.createArray(MESSAGE);

  private MessageColumns() {}

  static List<GenericRecord> toAvro(String column, List<Message> messages) {
    List<GenericRecord> out = new ArrayList<>(messages.size());
    for (Message m : messages) {
      GenericRecord g = new GenericData.Record(MESSAGE);
      g.put("role", JsonLines.required(column + ".role", m.role()));
      g.put("content", JsonLines.required(column + ".content", m.content()));
      out.add(g);
    }
    return out;
  }

  static List<Message> fromAvro(Object column) {
    List<Message> out = new ArrayList<>();
    for (Object o : (List<?>) column) {
      GenericRecord m = (GenericRecord) o;
      out.add(new Message(ParquetShards.str(m, "role"), ParquetShards.str(m, "content")));
    }
    return out;
  }
}
