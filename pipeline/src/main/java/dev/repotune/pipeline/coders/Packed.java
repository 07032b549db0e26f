package dev.repotune.pipeline.coders;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;

/**
 * Values packed into {@code byte[]} batches, for the few repo-wide GroupByKeys (index edges, dedup
 * signatures). The DirectRunner copies a GroupByKey's whole bag through its coder each time a bundle
 * touches the key, and once more when the key fires; a bag of a million records under
 * {@code SerializableCoder} made that copy the largest cost of a JDK-sized run. A bag of byte arrays
 * copies at memory speed, and the records are decoded once, by the step that reads the group. A batch
 * stays under {@link #BATCH_BYTES}: Flink refuses a record larger than its sort buffer (2.8 MB).
 *
 * <p>The step after such a group runs in one bundle per key, so what it emits reaches the shard writer
 * in a few large bundles: the writer spills one run file per bundle, and a step fed by a GroupByKey of
 * one key per row (a join by id) left the JDK's run with thousands of runs whose descriptors' own group
 * was copied at every bundle (issue 16's stall).
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

  /** Packs each bundle's values per key ({@code keyOf}) into batches: the input of a GroupByKey of bytes. */
  public static final class PerKey<T> extends DoFn<T, KV<String, byte[]>> {
    private final Coder<T> coder;
    private final SerializableFunction<T, String> keyOf;
    private transient Map<String, Packer<T>> packers;

    public PerKey(Coder<T> coder, SerializableFunction<T, String> keyOf) {
      this.coder = coder;
      this.keyOf = keyOf;
    }

    @StartBundle
    public void start() {
      packers = new TreeMap<>();
    }

    @ProcessElement
    public void process(@Element T value, OutputReceiver<KV<String, byte[]>> out) {
      String key = keyOf.apply(value);
      byte[] full = packers.computeIfAbsent(key, k -> new Packer<>(coder)).add(value);
      if (full != null) {
        out.output(KV.of(key, full));
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      packers.forEach((key, packer) -> {
        byte[] rest = packer.drain();
        if (rest != null) {
          c.output(KV.of(key, rest), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
        }
      });
    }
  }

  /** Every value packed in {@code batches}, in order. */
  public static <T> List<T> unpackAll(Coder<T> coder, Iterable<byte[]> batches) {
    List<T> out = new java.util.ArrayList<>();
    for (byte[] batch : batches) {
      unpack(coder, batch, out);
    }
    return out;
  }
}
