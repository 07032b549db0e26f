package dev.repotune.pipeline.stages;

import java.util.Set;
import java.io.Serializable;
import java.io.ObjectOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectInputFilter;
import java.io.ByteArrayOutputStream;
import java.io.ByteArrayInputStream;
import dev.repotune.prompts.ResponseCache;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * A content-addressed cache through Beam's {@link FileSystems}, so {@code --cache-dir} may be a local
 * folder or a bucket: {@code <dir>/<2 hex>/<key><suffix>}. Each entry is written under a unique temporary
 * name and renamed into place, so a reader never sees half an entry; a write that fails removes its
 * temporary file. The extraction, row, token and response caches all use it.
 *
 * <p>Every entry is framed: a 4-byte magic, the payload's length and its CRC32C, then the payload. An
 * entry whose frame or checksum does not match (a flipped byte, a truncated file, an entry of an older
 * format) is a miss and counted as {@link #DAMAGED}: a damaged cache costs time, never different data.
 */
public final class BeamCacheStore implements ResponseCache.Store {
  private static final long serialVersionUID = 2L;

  /** "rtc" and frame version 1. */
  private static final byte[] MAGIC = {'r', 't', 'c', 1};

  private static final int HEADER = MAGIC.length + Integer.BYTES + Integer.BYTES;

  /** The counter (namespace this class) of entries read and ignored because they were damaged. */
  public static final String DAMAGED = "damaged_entries";

  private static final Counter DAMAGED_ENTRIES = Metrics.counter(BeamCacheStore.class, DAMAGED);

  /** Damaged entries seen in this JVM, for callers outside a Beam step (and for tests). */
  static final AtomicLong DAMAGED_IN_JVM = new AtomicLong();

  private final String dir;
  private final String suffix;
  private final boolean legacyJson;

  /**
   * The response cache's store: JSON entries. Replies written before entries were framed are still
   * read (a reply costs money to ask again); the response cache ignores one that is not JSON.
   */
  BeamCacheStore(String dir) {
    this(dir, ".json", true);
  }

  BeamCacheStore(String dir, String suffix) {
    this(dir, suffix, false);
  }

  private BeamCacheStore(String dir, String suffix, boolean legacyJson) {
    this.dir = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    this.suffix = suffix;
    this.legacyJson = legacyJson;
  }

  private ResourceId resource(String name) {
    return FileSystems.matchNewResource(dir + "/" + name, false);
  }

  private String name(String key) {
    return key.substring(0, 2) + "/" + key + suffix;
  }

  /**
   * The object stored under {@code key}, or empty: a miss, an unreadable entry, or one whose stream names
   * a class {@code filter} refuses, which is rejected before it is constructed (never a deserialized
   * stranger, a planted gadget included).
   */
  <T> Optional<T> readObject(String key, Class<T> type, ObjectInputFilter filter) {
    try {
      Optional<byte[]> bytes = read(key);
      if (bytes.isEmpty()) {
        return Optional.empty();
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.get()))) {
        in.setObjectInputFilter(filter);
        return Optional.of(type.cast(in.readObject()));
      }
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      // InvalidClassException when the filter rejects a class: a miss
      return Optional.empty();
    }
  }

  private static boolean isMissing(ResourceId id) {
    try {
      return FileSystems.match(id.toString(), org.apache.beam.sdk.io.fs.EmptyMatchTreatment.ALLOW).metadata().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /** Stores {@code value} serialized; false when it could not be (the next run makes it again). */
  boolean writeObject(String key, Serializable value) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(value);
      }
      write(key, bytes.toByteArray());
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The JDK classes a cached record's graph is made of: boxed numbers, enums, the lists, sets and maps. */
  static final Set<String> JDK_CLASSES =
      Set.of(
          "java.lang.Enum", "java.lang.Number", "java.lang.Integer", "java.lang.Long", "java.lang.Boolean",
          "java.util.ArrayList", "java.util.LinkedList", "java.util.Arrays$ArrayList", "java.util.CollSer",
          "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN",
          "java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableRandomAccessList",
          "java.util.Collections$UnmodifiableCollection", "java.util.Collections$EmptyList",
          "java.util.Collections$SingletonList");

  /**
   * What a cache entry may contain: primitives, strings, {@link #JDK_CLASSES} and {@code moreJdk}, classes
   * under {@code prefixes} (and arrays of them). Anything else is rejected before it is constructed.
   */
  static ObjectInputFilter only(Set<String> moreJdk, String... prefixes) {
    return info -> {
      Class<?> c = info.serialClass();
      if (c == null) {
        return info.depth() > 64 ? ObjectInputFilter.Status.REJECTED : ObjectInputFilter.Status.UNDECIDED;
      }
      while (c.isArray()) {
        c = c.getComponentType();
      }
      String name = c.getName();
      boolean ok = c.isPrimitive() || c == String.class || c == Object.class || JDK_CLASSES.contains(name)
          || moreJdk.contains(name);
      for (String prefix : prefixes) {
        ok |= name.startsWith(prefix);
      }
      return ok ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
    };
  }

  @Override
  public Optional<byte[]> read(String key) throws IOException {
    byte[] bytes;
    ResourceId id = resource(name(key));
    try (InputStream in = Channels.newInputStream(FileSystems.open(id))) {
      bytes = in.readAllBytes();
    } catch (FileNotFoundException | NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      // an object store says "no such key" in its own exception (S3's NoSuchKeyException): a miss too
      if (isMissing(id)) {
        return Optional.empty();
      }
      throw e;
    }
    Optional<byte[]> payload = unframe(bytes);
    if (payload.isEmpty()) {
      if (legacyJson && bytes.length > 0 && bytes[0] == '{') {
        return Optional.of(bytes);
      }
      DAMAGED_ENTRIES.inc();
      DAMAGED_IN_JVM.incrementAndGet();
    }
    return payload;
  }

  @Override
  public void write(String key, byte[] value) throws IOException {
    ResourceId tmp = resource(name(key) + ".tmp-" + UUID.randomUUID());
    boolean moved = false;
    try {
      try (OutputStream out = Channels.newOutputStream(FileSystems.create(tmp, MimeTypes.BINARY))) {
        out.write(frame(value));
      }
      FileSystems.rename(
          List.of(tmp), List.of(resource(name(key))), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      moved = true;
    } finally {
      if (!moved) {
        deleteQuietly(tmp); // a full disk made 871 empty ".tmp-" files per run before this
      }
    }
  }

  private static void deleteQuietly(ResourceId tmp) {
    try {
      FileSystems.delete(List.of(tmp), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException | RuntimeException e) {
      // nothing more to do: a ".tmp-" file is never read as an entry
    }
  }

  static byte[] frame(byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    return ByteBuffer.allocate(HEADER + payload.length)
        .put(MAGIC)
        .putInt(payload.length)
        .putInt((int) crc.getValue())
        .put(payload)
        .array();
  }

  /** The payload of a framed entry, or empty when the frame or the checksum does not match. */
  static Optional<byte[]> unframe(byte[] bytes) {
    if (bytes.length < HEADER || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, MAGIC.length, HEADER - MAGIC.length);
    int length = b.getInt();
    int expected = b.getInt();
    if (length != bytes.length - HEADER) {
      return Optional.empty();
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, HEADER, length);
    if ((int) crc.getValue() != expected) {
      return Optional.empty();
    }
    return Optional.of(Arrays.copyOfRange(bytes, HEADER, bytes.length));
  }
}
