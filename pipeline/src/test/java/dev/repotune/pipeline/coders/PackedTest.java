package dev.repotune.pipeline.coders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.index.Edge;
import dev.repotune.samples.quality.DuplicateClusters;
import dev.repotune.samples.quality.FilterConfig;
import dev.repotune.samples.quality.MinHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedTest {
  @Test
  void edgesSurvivePackingInOrderWithEveryField() {
    List<Edge> edges =
        List.of(
            new Edge("m:put/2", Edge.Role.CALLS, "c1", "MapTest", "Map", "MapTest.testPut()",
                "src/test/MapTest.java", 41, true, "void testPut() {\n  map.put(\"é\", 1);\n}", "String,int"),
            new Edge("m:put/2", Edge.Role.CALLS, "c3", "Cache", "Map", "Cache.store(String)",
                "src/Cache.java", 12, false, "map.put(key, 1);", "String,int", true),
            new Edge("t:Map", Edge.Role.DECLARES_TYPE, "c2", "Map", "", "Map", "src/Map.java", 1,
                false, "", ""));
    List<Edge> back = new ArrayList<>();
    Packed.Packer<Edge> packer = new Packed.Packer<>(EdgeCoder.of());
    edges.forEach(e -> assertNull(packer.add(e)));
    Packed.unpack(EdgeCoder.of(), packer.drain(), back);
    assertNull(packer.drain());
    packer.add(edges.get(0));
    Packed.unpack(EdgeCoder.of(), packer.drain(), back);
    assertEquals(List.of(edges.get(0), edges.get(1), edges.get(2), edges.get(0)), back);
  }

  /** A batch of source text is held deflated: a fraction of the text's size, and the same values back. */
  @Test
  void sourceTextIsHeldDeflatedAndComesBackWhole() {
    Random random = new Random(7);
    List<String> bodies = new ArrayList<>();
    long raw = 0;
    for (int i = 0; i < 300; i++) {
      StringBuilder body = new StringBuilder("package org.example;\n\npublic final class Widget" + i + " {\n");
      for (int m = 0; m < 20; m++) {
        body.append("  /** Returns the ").append(random.nextInt(1000)).append("th part, or null. */\n")
            .append("  public String part").append(m).append("(int index) {\n    return index < 0 ? null : \"é")
            .append(random.nextInt()).append("\";\n  }\n");
      }
      bodies.add(body.append("}\n").toString());
      raw += body.length();
    }
    Packed.Packer<String> packer = new Packed.Packer<>(org.apache.beam.sdk.coders.StringUtf8Coder.of());
    bodies.forEach(b -> assertNull(packer.add(b)));
    byte[] batch = packer.drain();
    assertTrue(batch.length < raw / 4, batch.length + " bytes for " + raw + " characters");
    List<String> back = new ArrayList<>();
    Packed.unpack(org.apache.beam.sdk.coders.StringUtf8Coder.of(), batch, back);
    assertEquals(bodies, back);
  }

  /** Flink refuses records larger than its sort buffer: a batch is handed back once it passes the limit. */
  @Test
  void batchesStayNearTheLimitAndLoseNothing() {
    Packed.Packer<Edge> packer = new Packed.Packer<>(EdgeCoder.of());
    List<byte[]> batches = new ArrayList<>();
    String text = "x".repeat(10_000);
    for (int i = 0; i < 1_000; i++) {
      byte[] full = packer.add(new Edge("m:f/0", Edge.Role.CALLS, "c" + i, "T", "", "T.t()", "T.java", i, true, text, ""));
      if (full != null) {
        batches.add(full);
      }
    }
    batches.add(packer.drain());
    List<Edge> back = new ArrayList<>();
    for (byte[] b : batches) {
      assertTrue(b.length < Packed.BATCH_BYTES + 11_000, "batch of " + b.length);
      Packed.unpack(EdgeCoder.of(), b, back);
    }
    assertTrue(batches.size() >= 9, batches.size() + " batches");
    assertEquals(1_000, back.size());
    assertEquals("c999", back.get(999).chunkId());
  }

  @Test
  void signaturesKeepTheir16BitValuesAndAMissingSignatureStaysMissing() {
    var withSig = new DuplicateClusters.Item("id1", "g", "explain", true, -5L, new int[] {0, 1, 0xffff});
    var without = new DuplicateClusters.Item("0123456789abcdef0123456789abcdef", "g2", "locate", false, 7L, null);
    List<DuplicateClusters.Item> back = new ArrayList<>();
    Packed.Packer<DuplicateClusters.Item> packer = new Packed.Packer<>(SignatureCoder.of());
    packer.add(withSig);
    packer.add(without);
    Packed.unpack(SignatureCoder.of(), packer.drain(), back);
    assertEquals(2, back.size());
    assertEquals("id1", back.get(0).id());
    assertEquals(true, back.get(0).preferred());
    assertEquals(-5L, back.get(0).exactHash());
    assertArrayEquals(new int[] {0, 1, 0xffff}, back.get(0).signature());
    assertEquals(withSig.group(), back.get(0).group());
    assertEquals(without.group(), back.get(1).group());
    assertEquals("locate", back.get(1).scope());
    assertEquals("0123456789abcdef0123456789abcdef", back.get(1).id());
    assertEquals(false, back.get(1).preferred());
    assertNull(back.get(1).signature());
  }

  @Test
  void signaturesReadInPlaceFromBatchesClusterAsCopiedOnesDo() {
    MinHash minHash = MinHash.of(FilterConfig.DEFAULT);
    int width = FilterConfig.DEFAULT.permutations();
    Random random = new Random(7);
    List<DuplicateClusters.Item> items = new ArrayList<>();
    int[] before = null;
    for (int i = 0; i < 6_000; i++) {
      int[] sig = new int[width];
      if (i % 3 == 2) { // a near copy of the row before, a few values changed
        System.arraycopy(before, 0, sig, 0, width);
        for (int k = 0; k < 5; k++) {
          sig[random.nextInt(width)] = random.nextInt(1 << 16);
        }
      } else {
        for (int k = 0; k < width; k++) {
          sig[k] = random.nextInt(1 << 16);
        }
      }
      before = sig;
      String id = String.format("%032x", random.nextLong() & Long.MAX_VALUE);
      items.add(new DuplicateClusters.Item(
          id, "g" + i, i / 3 % 2 == 0 ? "explain" : "locate", i % 5 == 0, i % 7 == 0 ? 99L : i, i % 11 == 0 ? null : sig));
    }
    Packed.Packer<DuplicateClusters.Item> packer = Packed.Packer.uncompressed(SignatureCoder.of());
    DuplicateClusters.Table inPlace = new DuplicateClusters.Table(minHash);
    int batches = 0;
    for (DuplicateClusters.Item item : items) {
      byte[] full = packer.add(item);
      if (full != null) {
        SignatureCoder.unpackInto(full, inPlace);
        batches++;
      }
    }
    SignatureCoder.unpackInto(packer.drain(), inPlace);
    Map<String, DuplicateClusters.Drop> expected = DuplicateClusters.find(items, minHash, 0.8);
    assertTrue(batches >= 1, "rows span batches");
    assertTrue(expected.size() > 1_500, expected.size() + " drops");
    assertEquals(items.size(), inPlace.size());
    assertEquals(expected, DuplicateClusters.find(inPlace, minHash, 0.8));
  }
}
