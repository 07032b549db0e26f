package dev.repotune.pipeline.coders;

import dev.repotune.samples.quality.DuplicateClusters;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** A dedup {@link DuplicateClusters.Item} field by field; the MinHash signature as raw ints. */
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
    STRING.encode(item.id(), out);
    STRING.encode(item.group(), out);
    STRING.encode(item.scope(), out);
    VarLongCoder.of().encode(item.exactHash(), out);
    int[] sig = item.signature();
    // -1: no signature (a text without words); the flag rides on the length
    INT.encode(((sig == null ? -1 : sig.length) << 1) | (item.preferred() ? 1 : 0), out);
    if (sig != null) {
      ByteBuffer bytes = ByteBuffer.allocate(sig.length * Integer.BYTES);
      bytes.asIntBuffer().put(sig);
      out.write(bytes.array());
    }
  }

  @Override
  public DuplicateClusters.Item decode(InputStream in) throws IOException {
    String id = STRING.decode(in);
    String group = STRING.decode(in);
    String scope = STRING.decode(in);
    long exactHash = VarLongCoder.of().decode(in);
    int lengthAndFlag = INT.decode(in);
    int length = lengthAndFlag >> 1;
    int[] sig = null;
    if (length >= 0) {
      sig = new int[length];
      byte[] bytes = in.readNBytes(length * Integer.BYTES);
      if (bytes.length != length * Integer.BYTES) {
        throw new EOFException("signature cut short");
      }
      ByteBuffer.wrap(bytes).asIntBuffer().get(sig);
    }
    return new DuplicateClusters.Item(id, group, scope, (lengthAndFlag & 1) != 0, exactHash, sig);
  }
}
