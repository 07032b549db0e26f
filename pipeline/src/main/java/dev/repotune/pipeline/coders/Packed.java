package dev.repotune.pipeline.coders;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * A bundle's worth of values as one {@code byte[]}, for the few repo-wide GroupByKeys (index edges,
 * dedup signatures). The DirectRunner copies a GroupByKey's whole bag through its coder each time a
 * bundle touches the key, and once more when the key fires; a bag of a million records under
 * {@code SerializableCoder} made that copy the largest cost of a JDK-sized run. A bag of a few byte
 * arrays copies at memory speed, and the records are decoded once, by the step that reads the group.
 */
public final class Packed {
  private Packed() {}

  public static <T> byte[] pack(Coder<T> coder, List<T> values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, values.size() * 64));
    try {
      VarIntCoder.of().encode(values.size(), out);
      for (T v : values) {
        coder.encode(v, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Appends the values packed in {@code bytes} to {@code into}. */
  public static <T> void unpack(Coder<T> coder, byte[] bytes, List<? super T> into) {
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    try {
      int n = VarIntCoder.of().decode(in);
      if (into instanceof ArrayList<?> list) {
        list.ensureCapacity(list.size() + n);
      }
      for (int i = 0; i < n; i++) {
        into.add(coder.decode(in));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
