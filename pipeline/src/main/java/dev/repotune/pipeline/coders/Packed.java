package dev.repotune.pipeline.coders;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;

/**
 * Values packed into {@code byte[]} batches, for the few repo-wide GroupByKeys (index edges, dedup
 * signatures). The DirectRunner copies a GroupByKey's whole bag through its coder each time a bundle
 * touches the key, and once more when the key fires; a bag of a million records under
 * {@code SerializableCoder} made that copy the largest cost of a JDK-sized run. A bag of byte arrays
 * copies at memory speed, and the records are decoded once, by the step that reads the group. A batch
 * stays under {@link #BATCH_BYTES}: Flink refuses a record larger than its sort buffer (2.8 MB).
 */
public final class Packed {
  public static final int BATCH_BYTES = 1 << 20;

  private Packed() {}

  /** Collects values and hands back a batch each time one is full. */
  public static final class Packer<T> {
    private final Coder<T> coder;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(BATCH_BYTES / 4);

    public Packer(Coder<T> coder) {
      this.coder = coder;
    }

    /** Adds {@code value}; returns a full batch to emit, or null. */
    public byte[] add(T value) {
      try {
        coder.encode(value, buffer);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return buffer.size() >= BATCH_BYTES ? drain() : null;
    }

    /** The values added since the last batch, or null when there are none. */
    public byte[] drain() {
      if (buffer.size() == 0) {
        return null;
      }
      byte[] batch = buffer.toByteArray();
      buffer.reset();
      return batch;
    }
  }

  /** Appends the values packed in {@code batch} to {@code into}. */
  public static <T> void unpack(Coder<T> coder, byte[] batch, List<? super T> into) {
    ByteArrayInputStream in = new ByteArrayInputStream(batch);
    try {
      while (in.available() > 0) {
        into.add(coder.decode(in));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
