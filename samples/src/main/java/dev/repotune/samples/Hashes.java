package dev.repotune.samples;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 over parts joined by '\0', so ("ab","c") and ("a","bc") never collide by construction. */
final class Hashes {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Hashes() {}

  static byte[] sha256(String... parts) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        md.update((byte) 0);
      }
      md.update(String.valueOf(parts[i]).getBytes(StandardCharsets.UTF_8));
    }
    return md.digest();
  }

  /** First 32 hex digits (128 bits) of SHA-256: short enough to read, long enough never to collide. */
  static String id(String... parts) {
    byte[] d = sha256(parts);
    char[] out = new char[32];
    for (int i = 0; i < 16; i++) {
      out[2 * i] = HEX[(d[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[d[i] & 0xf];
    }
    return new String(out);
  }

  /** The first 8 bytes of the digest as an unsigned 64-bit value (held in a long). */
  static long prefix64(String... parts) {
    byte[] d = sha256(parts);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (d[i] & 0xffL);
    }
    return v;
  }
}
