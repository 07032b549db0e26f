package dev.repotune.pipeline.coders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.repotune.extractors.index.Edge;
import dev.repotune.samples.quality.DuplicateClusters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackedTest {
  @Test
  void edgesSurvivePackingInOrderWithEveryField() {
    List<Edge> edges =
        List.of(
            new Edge("m:put/2", Edge.Role.CALLS, "c1", "MapTest", "Map", "MapTest.testPut()",
                "src/test/MapTest.java", 41, true, "void testPut() {\n  map.put(\"é\", 1);\n}"),
            new Edge("t:Map", Edge.Role.DECLARES_TYPE, "c2", "Map", "", "Map", "src/Map.java", 1,
                false, ""));
    List<Edge> back = new ArrayList<>();
    Packed.unpack(EdgeCoder.of(), Packed.pack(EdgeCoder.of(), edges), back);
    Packed.unpack(EdgeCoder.of(), Packed.pack(EdgeCoder.of(), edges.subList(0, 1)), back);
    assertEquals(List.of(edges.get(0), edges.get(1), edges.get(0)), back);
  }

  @Test
  void signaturesKeepTheirIntsAndAMissingSignatureStaysMissing() {
    var withSig = new DuplicateClusters.Item("id1", "g", "explain", true, -5L, new int[] {0, -1, Integer.MAX_VALUE});
    var without = new DuplicateClusters.Item("id2", "g2", "locate", false, 7L, null);
    List<DuplicateClusters.Item> back = new ArrayList<>();
    Packed.unpack(SignatureCoder.of(), Packed.pack(SignatureCoder.of(), List.of(withSig, without)), back);
    assertEquals(2, back.size());
    assertEquals("id1", back.get(0).id());
    assertEquals(true, back.get(0).preferred());
    assertEquals(-5L, back.get(0).exactHash());
    assertArrayEquals(new int[] {0, -1, Integer.MAX_VALUE}, back.get(0).signature());
    assertEquals("locate", back.get(1).scope());
    assertEquals(false, back.get(1).preferred());
    assertNull(back.get(1).signature());
  }
}
