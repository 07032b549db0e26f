package dev.repotune.samples;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * How one kind of row is written and read: as its canonical JSON line ({@link JsonLines} has the shared
 * machinery) and, for a kind with Parquet shards, as an Avro record of {@link #schema} whose field names
 * are the JSON keys, so {@code load_dataset("json")} and {@code load_dataset("parquet")} give the same
 * columns. Both readers are strict: {@code validate} reports any drift from the schema.
 */
public interface RowCodec<T> {
  /** The row's JSON line, without its "\n"; the same row always gives the same bytes. */
  String line(T row);

  /** The row of a line, refusing any key that is missing, extra or out of order. */
  T read(String line);

  /** The Parquet (Avro) row schema; null for a kind written as JSONL only. */
  default Schema schema() {
    return null;
  }

  default GenericRecord toAvro(T row) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " writes JSONL only");
  }

  default T fromAvro(GenericRecord record) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " reads JSONL only");
  }
}
