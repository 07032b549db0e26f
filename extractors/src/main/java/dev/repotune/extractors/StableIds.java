package dev.repotune.extractors;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content-derived ids, so re-running on the same commit yields the same ids (shards are byte-stable). */
public final class StableIds {
  private StableIds() {}

  /** First 32 hex digits of SHA-256 over the parts joined with '\0' ('\0' cannot occur in a path). */
  public static String of(String... parts) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JRE", e);
    }
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sha.update((byte) 0);
      }
      sha.update(String.valueOf(parts[i]).getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
  }

  /** The id of a chunk: repo, commit, path, kind, span and symbol. */
  public static String chunkId(
      SourceFile f, ChunkKind kind, int startLine, int endLine, String symbol) {
    return of(
        f.repo(), f.commit(), f.path(), kind.name(), Integer.toString(startLine),
        Integer.toString(endLine), symbol);
  }
}
