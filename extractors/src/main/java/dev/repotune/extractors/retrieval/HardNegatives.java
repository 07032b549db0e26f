package dev.repotune.extractors.retrieval;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chunks that look like a query's answer and are not, for contrastive retriever training: a retriever
 * learns little from a random chunk of another module, and a lot from the chunk next to the answer.
 * Candidates come in this order of preference, each group in a fixed order:
 *
 * <ol>
 *   <li>chunks of the answer's file, nearest to it (by start line) first, then by id;
 *   <li>Java declarations (methods, types) of the same simple name elsewhere (another {@code toString()}),
 *       by path, start line and id;
 *   <li>the best BM25 hits for the query, by rank.
 * </ol>
 *
 * Never the answer itself, never one chunk twice, never a chunk whose text equals the answer's (a copy is
 * a positive, not a negative) or another negative's (two copies waste a slot).
 */
public final class HardNegatives {
  private final Map<String, Chunk> byId = new LinkedHashMap<>();
  private final Map<String, List<Chunk>> byPath = new LinkedHashMap<>();
  private final Map<String, List<Chunk>> bySimpleName = new LinkedHashMap<>();
  private final Bm25Index index;

  /**
   * Over {@code chunks} (a chunk id given twice counts once) and a BM25 index of the same chunks ({@code
   * Bm25Index.build} of {@link Doc#of}); hits the index returns that are not among the chunks are skipped.
   */
  public HardNegatives(List<Chunk> chunks, Bm25Index index) {
    this.index = index;
    for (Chunk c : chunks) {
      if (byId.putIfAbsent(c.id(), c) != null) {
        continue;
      }
      byPath.computeIfAbsent(c.path(), p -> new ArrayList<>()).add(c);
      String name = simpleName(c);
      if (name != null) {
        bySimpleName.computeIfAbsent(name, x -> new ArrayList<>()).add(c);
      }
    }
  }

  /**
   * The name a developer would search for: {@code add} of {@code Cart.add(Item, int)}, {@code Cart} of
   * {@code com.example.shop.Cart}; null for chunks that are not Java declarations.
   */
  static String simpleName(Chunk c) {
    if (c.kind() != ChunkKind.METHOD && c.kind() != ChunkKind.TYPE) {
      return null;
    }
    String s = c.symbol();
    int paren = s.indexOf('(');
    if (paren >= 0) {
      s = s.substring(0, paren);
    }
    return s.substring(s.lastIndexOf('.') + 1);
  }

  /** Up to {@code n} negatives for {@code query}, whose answer is {@code positive}; best first. */
  public List<Chunk> pick(String query, Chunk positive, int n) {
    if (n <= 0) {
      return List.of();
    }
    Picked picked = new Picked(positive, n);

    List<Chunk> sameFile = new ArrayList<>(byPath.getOrDefault(positive.path(), List.of()));
    sameFile.sort(
        Comparator.comparingInt((Chunk c) -> Math.abs(c.startLine() - positive.startLine()))
            .thenComparing(Chunk::id));
    sameFile.forEach(picked::offer);

    String name = simpleName(positive);
    if (name != null) {
      List<Chunk> sameName = new ArrayList<>(bySimpleName.getOrDefault(name, List.of()));
      sameName.sort(
          Comparator.comparing(Chunk::path).thenComparingInt(Chunk::startLine).thenComparing(Chunk::id));
      sameName.forEach(picked::offer);
    }

    // Ask for a few more hits than slots are left, and more while the skipped ones eat them.
    int k = n - picked.size() + 1;
    while (!picked.full()) {
      List<Hit> hits = index.search(query, k);
      for (Hit h : hits) {
        Chunk c = byId.get(h.id());
        if (c != null) {
          picked.offer(c);
        }
      }
      if (hits.size() < k || k >= index.size()) {
        break;
      }
      k = Math.min(index.size(), k * 2);
    }
    return picked.chunks;
  }

  /** The negatives so far and the rules a candidate must pass; re-offering a chunk is a no-op. */
  private static final class Picked {
    final Chunk positive;
    final int n;
    final List<Chunk> chunks = new ArrayList<>();
    final Set<String> ids = new HashSet<>();
    final Set<String> texts = new HashSet<>();

    Picked(Chunk positive, int n) {
      this.positive = positive;
      this.n = n;
      ids.add(positive.id());
      texts.add(positive.text());
    }

    void offer(Chunk c) {
      if (full() || ids.contains(c.id()) || texts.contains(c.text())) {
        return;
      }
      ids.add(c.id());
      texts.add(c.text());
      chunks.add(c);
    }

    int size() {
      return chunks.size();
    }

    boolean full() {
      return chunks.size() >= n;
    }
  }
}
