package dev.repotune.pipeline.stages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.repotune.samples.OutputKind;
import dev.repotune.samples.SftRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowCacheTest {
  @TempDir Path tmp;

  private static SftRecord.Meta meta(String path, String task) {
    return SftRecord.Meta.of(new String[] {"r", "c", path, "A.f()", "3-9", task, "offline", "java", "train", "chunk"}, 0);
  }

  /** The split plan reads only the metas: the same metas, in order, and the dropped rows whole, as a full read. */
  @Test
  void aMetaOnlyReadGivesTheKeptRowsMetasAndTheDroppedRowsAsStored() {
    RowCache cache = new RowCache(tmp.toString(), "opts");
    List<RowCache.Entry> entries = List.of(
        RowCache.Entry.kept("[{\"role\":\"user\",\"content\":\"Größe? \uD83D\uDE00\"}]", meta("a/A.java", "explain"),
            "Größe?", 17, "explain\n", 42L, new int[] {1, 65535, 0, 7}),
        RowCache.Entry.row(OutputKind.FIM.folder(), "{\"id\":\"x\"}"),
        RowCache.Entry.dropped("{\"id\":\"d\"}", "too_short", "3 tokens"),
        RowCache.Entry.kept("[]", meta("b/B.java", "locate"), "", 0, "locate\n", 0L, null));
    cache.put("ab12", entries); // keys are hex hashes: the first two name the folder

    List<RowCache.Entry> full = cache.get("ab12");
    assertEquals(4, full.size());
    assertArrayEquals(new int[] {1, 65535, 0, 7}, full.get(0).signature());
    assertEquals(entries.get(0).json(), full.get(0).json());
    assertEquals(entries.get(1).json(), full.get(1).json());

    List<RowCache.Entry> metas = cache.get("ab12", true);
    assertEquals(3, metas.size(), "the row of another kind is left out");
    assertEquals(meta("a/A.java", "explain"), metas.get(0).meta());
    assertEquals(true, metas.get(0).kept());
    assertNull(metas.get(0).json());
    assertEquals(false, metas.get(1).kept());
    assertEquals("{\"id\":\"d\"}", metas.get(1).json());
    assertEquals("too_short", metas.get(1).reason());
    assertEquals(meta("b/B.java", "locate"), metas.get(2).meta());
    assertNull(cache.get("cd34", true));
  }
}
