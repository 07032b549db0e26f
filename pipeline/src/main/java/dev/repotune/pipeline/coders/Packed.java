package dev.repotune.pipeline.coders;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
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
 * <p>A batch is deflated (at the fastest level) unless its reader needs it as it is ({@link
 * Packer#uncompressed}: the dedup table reads signatures in place): the bags hold source text (the
 * repository-level entries hold every file's body), which the DirectRunner keeps in memory until the
 * group fires; on the JDK's source the bags took 510 MB of a 2 GB heap as they were. A batch's first
 * byte says which it is ({@link #RAW} or {@link #DEFLATED}).
 *
 * <p>The step after such a group runs in one bundle per key, so what it emits reaches the shard writer
 * in a few large bundles: the writer spills one run file per bundle, and a step fed by a GroupByKey of
 * one key per row (a join by id) left the JDK's run with thousands of runs whose descriptors' own group
 * was copied at every bundle (issue 16's stall).
 */
public final class Packed {
  public static final int BATCH_BYTES = 1 << 20;
  /** The first byte of a batch: the values follow as their coder wrote them. */
  public static final byte RAW = 0;
  /** The first byte of a batch: the values follow deflated. */
  public static final byte DEFLATED = 1;

  private Packed() {}

  /** Collects values and hands back a batch each time one is full. */
  public static final class Packer<T> {
    private final Coder<T> coder;
    private final boolean deflate;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(BATCH_BYTES / 4);

    /** Deflated batches. */
    public Packer(Coder<T> coder) {
      this(coder, true);
    }

    private Packer(Coder<T> coder, boolean deflate) {
      this.coder = coder;
      this.deflate = deflate;
      buffer.write(deflate ? DEFLATED : RAW);
    }

    /** Batches as the coder wrote them, for a reader that reads them in place. */
    public static <T> Packer<T> uncompressed(Coder<T> coder) {
      return new Packer<>(coder, false);
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
      if (buffer.size() == 1) {
        return null;
      }
      byte[] batch = buffer.toByteArray();
      buffer.reset();
      buffer.write(deflate ? DEFLATED : RAW);
      if (!deflate) {
        return batch;
      }
      Deflater deflater = new Deflater(Deflater.BEST_SPEED);
      ByteArrayOutputStream packed = new ByteArrayOutputStream(batch.length / 3 + 64);
      packed.write(DEFLATED);
      try (DeflaterOutputStream out = new DeflaterOutputStream(packed, deflater, 1 << 16)) {
        out.write(batch, 1, batch.length - 1);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        deflater.end();
      }
      return packed.toByteArray();
    }
  }

  /** Appends the values packed in {@code batch} to {@code into}. */
  public static <T> void unpack(Coder<T> coder, byte[] batch, List<? super T> into) {
    Inflater inflater = new Inflater();
    InputStream values = new ByteArrayInputStream(batch, 1, batch.length - 1);
    if (batch[0] == DEFLATED) {
      values = new InflaterInputStream(values, inflater, 1 << 16);
    } else if (batch[0] != RAW) {
      throw new IllegalArgumentException("not a packed batch: first byte " + batch[0]);
    }
    try (InputStream in = new BufferedInputStream(values, 1 << 16)) {
      while (true) {
        in.mark(1);
        if (in.read() < 0) {
          break;
        }
        in.reset();
        into.add(coder.decode(in));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      inflater.end();
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
