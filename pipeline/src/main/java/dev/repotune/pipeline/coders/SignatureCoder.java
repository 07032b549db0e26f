package dev.repotune.pipeline.coders;

import dev.repotune.samples.quality.DuplicateClusters;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * A dedup {@link DuplicateClusters.Item} field by field: hashes as eight bytes, each MinHash value as two
 * (they are 16-bit, {@code MinHash.VALUE_BITS}), so a JDK-sized run's signatures fit a 2 GB heap.
 */
public final class SignatureCoder extends AtomicCoder<DuplicateClusters.Item> {
  private static final SignatureCoder INSTANCE = new SignatureCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final VarIntCoder INT = VarIntCoder.of();

  private SignatureCoder() {}

  public static SignatureCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(DuplicateClusters.Item item, OutputStream out) throws IOException {
    // an id of 32 lower-case hex digits (every SFT and CPT id) as its 16 bytes
    boolean hex = DuplicateClusters.isHexId(item.id());
    STRING.encode(item.scope(), out);
    int[] sig = item.signature();
    // -1: no signature (a text without words); the two flags ride on the length
    INT.encode(((sig == null ? -1 : sig.length) << 2) | (hex ? 2 : 0) | (item.preferred() ? 1 : 0), out);
    DataOutputStream data = new DataOutputStream(out);
    if (hex) {
      data.write(HexFormat.of().parseHex(item.id()));
    } else {
      data.writeUTF(item.id());
    }
    data.writeLong(item.group());
    data.writeLong(item.exactHash());
    if (sig != null) {
      writeValues(data, sig);
    }
    data.flush();
  }

  @Override
  public DuplicateClusters.Item decode(InputStream in) throws IOException {
    String scope = STRING.decode(in);
    int lengthAndFlag = INT.decode(in);
    int length = lengthAndFlag >> 2;
    DataInputStream data = new DataInputStream(in);
    String id = readId(data, lengthAndFlag);
    long group = data.readLong();
    long exactHash = data.readLong();
    int[] sig = length >= 0 ? readValues(data, length) : null;
    return new DuplicateClusters.Item(id, group, scope, (lengthAndFlag & 1) != 0, exactHash, sig);
  }

  /**
   * Adds the items packed in {@code batch} ({@link Packed}) to {@code table}, each signature read in place:
   * the table keeps the batch rather than a copy of its values (a JDK-sized run's are 400 MB).
   */
  public static void unpackInto(byte[] batch, DuplicateClusters.Table table) {
    if (batch[0] != Packed.RAW) {
      throw new IllegalArgumentException("signatures are read in place from batches packed uncompressed");
    }
    ByteArrayInputStream in = new ByteArrayInputStream(batch, 1, batch.length - 1);
    DataInputStream data = new DataInputStream(in);
    try {
      while (in.available() > 0) {
        String scope = STRING.decode(in);
        int lengthAndFlag = INT.decode(in);
        int length = lengthAndFlag >> 2;
        String id = readId(data, lengthAndFlag);
        long group = data.readLong();
        long exactHash = data.readLong();
        int offset = batch.length - in.available();
        if (length > 0) {
          data.skipNBytes(2L * length);
        }
        table.add(id, group, scope, (lengthAndFlag & 1) != 0, exactHash, batch, offset, length);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readId(DataInputStream data, int lengthAndFlag) throws IOException {
    if ((lengthAndFlag & 2) == 0) {
      return data.readUTF();
    }
    byte[] raw = new byte[16];
    data.readFully(raw);
    return HexFormat.of().formatHex(raw);
  }

  /** A signature's values, two bytes each (they are 16-bit); the length is the caller's to record. */
  public static void writeValues(DataOutputStream out, int[] signature) throws IOException {
    for (int v : signature) {
      out.writeChar(v);
    }
  }

  /** {@code length} values written by {@link #writeValues}. */
  public static int[] readValues(DataInputStream in, int length) throws IOException {
    int[] signature = new int[length];
    for (int k = 0; k < length; k++) {
      signature[k] = in.readChar();
    }
    return signature;
  }
}
