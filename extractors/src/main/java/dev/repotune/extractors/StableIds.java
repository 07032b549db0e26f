package dev.repotune.extractors;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content-derived ids and hashes, so re-running on the same commit yields the same ids (shards are
 * byte-stable). The one place the project computes SHA-256; the other modules call it.
 */
public final class StableIds {
  private StableIds() {}

  /** First 32 hex digits of SHA-256 over the parts joined with '\0' ('\0' cannot occur in a path). */
  public static String of(String... parts) {
    return HexFormat.of().formatHex(sha256(parts)).substring(0, 32);
  }

  /** SHA-256 over the parts joined with '\0', so ("ab","c") and ("a","bc") never collide. */
  public static byte[] sha256(String... parts) {
    MessageDigest sha = newSha256();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sha.update((byte) 0);
      }
      sha.update(String.valueOf(parts[i]).getBytes(StandardCharsets.UTF_8));
    }
    return sha.digest();
  }

  public static byte[] sha256(byte[] bytes) {
    return newSha256().digest(bytes);
  }

  /** All 64 hex digits of the SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256(bytes));
  }

  /** The first 8 bytes of {@link #sha256(String...)} as an unsigned 64-bit value (held in a long). */
  public static long prefix64(String... parts) {
    byte[] d = sha256(parts);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (d[i] & 0xffL);
    }
    return v;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JRE", e);
    }
  }

  /** The id of a chunk: repo, commit, path, kind, span and symbol. */
  public static String chunkId(
      SourceFile f, ChunkKind kind, int startLine, int endLine, String symbol) {
    return of(
        f.repo(), f.commit(), f.path(), kind.name(), Integer.toString(startLine),
        Integer.toString(endLine), symbol);
  }
}
