package dev.repotune.pipeline.stages;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.CodeFingerprint;
import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.pipeline.coders.SignatureCoder;
import dev.repotune.samples.JsonLines;
import dev.repotune.samples.OutputKind;
import dev.repotune.samples.SftRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@link SftRows} made of a chunk, kept between runs: the rows the filter kept (with their token
 * count and dedup signature), the rows it dropped (with why), and rows of any other replayable {@link
 * OutputKind} the chunk made. A rerun on the same commit, or on one
 * that changed a few files, makes rows only for chunks whose content or index facts changed; the others
 * are replayed from here, re-stamped with the new commit and chunk id (both are in every row and id).
 *
 * <p>The key is the chunk without its commit and id, its index facts, the options that shape rows, and
 * a fingerprint of the code that makes them (every class and template of the prompts and samples
 * modules, and of the stages): a change to any of them is a miss, never a stale row. Stored in a
 * {@link BeamCacheStore} ({@code <dir>/<2 hex>/<key>.rows}); anything unreadable is a miss.
 */
final class RowCache implements Serializable {
  private static final int FORMAT = 4;

  private final BeamCacheStore store;
  private final String options;

  /** {@code options}: everything besides the chunk and the code that decides its rows. */
  RowCache(String dir, String options) {
    this.store = new BeamCacheStore(dir, ".rows");
    this.options = StableIds.of(Integer.toString(FORMAT), CODE.value(), options);
  }

  /**
   * One row as made, of the {@link OutputKind} whose folder is {@code kind}. An SFT row kept (after the
   * split): {@code json} is its messages as {@link JsonLines#openai} encodes them, kept apart from its
   * {@code meta} and last user message (which its id hashes) so a replay re-stamps it without decoding
   * the text; with its token count and dedup scope, hash and signature. An SFT row dropped by the filter: {@code json} is the
   * whole SFT line, with why. A row of another kind: {@code json} is its line, and its kind re-stamps it
   * ({@link OutputKind#restamp}).
   */
  record Entry(
      String kind, boolean kept, String json, SftRecord.Meta meta, String lastUser, long tokens, String scope,
      long exactHash, int[] signature, String reason, String detail) {
    static Entry kept(
        String messages, SftRecord.Meta meta, String lastUser, long tokens, String scope, long exactHash,
        int[] signature) {
      return new Entry(
          OutputKind.SFT.folder(), true, messages, meta, lastUser, tokens, scope, exactHash, signature, null, null);
    }

    static Entry dropped(String line, String reason, String detail) {
      return new Entry(OutputKind.SFT.folder(), false, line, null, null, 0, null, 0, null, reason, detail);
    }

    static Entry row(String kind, String line) {
      return new Entry(kind, true, line, null, null, 0, null, 0, null, null, null);
    }
  }

  String key(IndexedChunk ic) {
    Chunk c = ic.chunk();
    Chunk neutral =
        new Chunk("", c.repo(), "", c.path(), c.language(), c.kind(), c.symbol(), c.startLine(), c.endLine(),
            c.context(), c.text(), c.tokens(), c.facts());
    return StableIds.of(options, new IndexedChunk(neutral, ic.index()).toString());
  }

  /** The chunk's rows as cached, or null. */
  List<Entry> get(String key) {
    return get(key, false);
  }

  /**
   * The chunk's rows as cached, or null; with {@code metaOnly}, a kept SFT row has only its meta and a row
   * of another kind nothing (the split plan counts rows by file and task: decoding their texts and
   * signatures there was most of its time in a rerun).
   */
  List<Entry> get(String key, boolean metaOnly) {
    try {
      Optional<byte[]> bytes = store.read(key);
      if (bytes.isEmpty()) {
        return null;
      }
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.get()));
      if (in.readInt() != FORMAT) {
        return null;
      }
      int n = in.readInt();
      List<Entry> entries = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String kind = RunFiles.readString(in);
        boolean kept = in.readBoolean();
        boolean sft = kind.equals(OutputKind.SFT.folder());
        boolean textless = metaOnly && (kept || !sft); // a dropped row's line is its meta
        String json = textless ? skipString(in) : RunFiles.readString(in);
        if (!sft) {
          if (!metaOnly) {
            entries.add(Entry.row(OutputKind.of(kind).folder(), json));
          }
        } else if (kept) {
          String[] m = new String[META_FIELDS];
          for (int k = 0; k < m.length; k++) {
            m[k] = RunFiles.readString(in);
          }
          SftRecord.Meta meta = SftRecord.Meta.of(m, 0);
          String lastUser = metaOnly ? skipString(in) : RunFiles.readString(in);
          long tokens = in.readLong();
          String scope = metaOnly ? skipString(in) : RunFiles.readString(in);
          long exact = in.readLong();
          int length = in.readInt();
          int[] sig = length < 0 ? null : metaOnly ? skipSignature(in, length) : SignatureCoder.readValues(in, length);
          entries.add(Entry.kept(json, meta, lastUser, tokens, scope, exact, sig));
        } else {
          entries.add(Entry.dropped(json, RunFiles.readString(in), RunFiles.readString(in)));
        }
      }
      return entries;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Skips a string {@link RunFiles#writeString} wrote; null, as the text is not read. */
  private static String skipString(DataInputStream in) throws IOException {
    skip(in, Math.max(0, in.readInt()));
    return null;
  }

  /** Skips a signature {@link SignatureCoder#writeValues} wrote (a char per value); null, as it is not read. */
  private static int[] skipSignature(DataInputStream in, int length) throws IOException {
    skip(in, length * Character.BYTES);
    return null;
  }

  private static void skip(DataInputStream in, int bytes) throws IOException {
    if (in.skipBytes(bytes) != bytes) {
      throw new java.io.EOFException();
    }
  }

  /** Stores a chunk's rows; a cache that cannot be written only costs the next run time. */
  void put(String key, List<Entry> entries) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(FORMAT);
      out.writeInt(entries.size());
      for (Entry e : entries) {
        RunFiles.writeString(out, e.kind());
        out.writeBoolean(e.kept());
        RunFiles.writeString(out, e.json());
        if (!e.kind().equals(OutputKind.SFT.folder())) {
          continue;
        }
        if (e.kept()) {
          for (String v : e.meta().values()) {
            RunFiles.writeString(out, v);
          }
          RunFiles.writeString(out, e.lastUser());
          out.writeLong(e.tokens());
          RunFiles.writeString(out, e.scope());
          out.writeLong(e.exactHash());
          int[] sig = e.signature();
          out.writeInt(sig == null ? -1 : sig.length);
          if (sig != null) {
            SignatureCoder.writeValues(out, sig);
          }
        } else {
          RunFiles.writeString(out, e.reason());
          RunFiles.writeString(out, e.detail());
        }
      }
      out.flush();
      store.write(key, bytes.toByteArray());
    } catch (IOException | RuntimeException e) {
      // the next run makes these rows again
    }
  }

  private static final int META_FIELDS = SftRecord.Meta.class.getRecordComponents().length;

  /** The fingerprint of the code that turns a chunk into rows, computed once per JVM. */
  private static final CodeFingerprint CODE =
      new CodeFingerprint(
          List.of(
              "dev/repotune/prompts/", "dev/repotune/samples/", "dev/repotune/extractors/",
              "dev/repotune/pipeline/stages/"),
          List.of(
              dev.repotune.prompts.OfflineTeacher.class, dev.repotune.samples.SftRecord.class,
              dev.repotune.extractors.Chunk.class, SftRows.class));
}
