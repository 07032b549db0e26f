package dev.repotune.pipeline.stages;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.index.Edge;
import dev.repotune.extractors.index.IndexEdges;
import dev.repotune.extractors.index.IndexFacts;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.extractors.index.Link;
import dev.repotune.extractors.index.TypeHierarchy;
import dev.repotune.pipeline.coders.EdgeCoder;
import dev.repotune.pipeline.coders.Packed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.joda.time.Instant;

/**
 * Stage 11: the facts no single chunk holds. Every chunk states what it declares, calls and extends
 * ({@link IndexEdges#of}); a GroupByKey on the repository brings one repository's statements together,
 * where they are resolved by name into the callers, implementers and tests of each declaring chunk. The
 * facts go back to the chunks as a map side input holding only chunks that have facts.
 *
 * <p>Why per repository and not per name: edges never cross repositories, one repository's edges fit a
 * worker, and a GroupByKey with a handful of keys keeps every later step in the few coarse bundles the
 * chunks arrived in. Grouping per name or per chunk id makes the DirectRunner emit one bundle per key,
 * after which every grouping and side input downstream copies its state once per bundle: quadratic.
 */
public final class BuildIndex extends PTransform<PCollection<Chunk>, PCollection<IndexedChunk>> {

  private BuildIndex() {}

  public static BuildIndex of() {
    return new BuildIndex();
  }

  @Override
  public PCollection<IndexedChunk> expand(PCollection<Chunk> chunks) {
    PCollectionView<Map<String, IndexFacts>> facts =
        chunks
            .apply("EmitEdges", ParDo.of(new EmitEdgesFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
            .apply("GroupByRepository", GroupByKey.create())
            .apply("ResolveFacts", ParDo.of(new ResolveFn()))
            .apply("FactsByChunk", View.asMap());
    return chunks.apply("AttachFacts", ParDo.of(new AttachFn(facts)).withSideInputs(facts));
  }

  /** Edges in packed batches per repository, a few per bundle: see {@link Packed} for why. */
  private static final class EmitEdgesFn extends DoFn<Chunk, KV<String, byte[]>> {
    private transient Map<String, Packed.Packer<Edge>> packers;

    @StartBundle
    public void start() {
      packers = new TreeMap<>();
    }

    @ProcessElement
    public void process(@Element Chunk chunk, OutputReceiver<KV<String, byte[]>> out) {
      for (Edge e : IndexEdges.of(chunk)) {
        byte[] full =
            packers.computeIfAbsent(chunk.repo(), k -> new Packed.Packer<>(EdgeCoder.of())).add(e);
        if (full != null) {
          out.output(KV.of(chunk.repo(), full));
        }
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      packers.forEach(
          (repo, packer) -> {
            byte[] rest = packer.drain();
            if (rest != null) {
              c.output(KV.of(repo, rest), Instant.EPOCH, GlobalWindow.INSTANCE);
            }
          });
      packers = null;
    }
  }

  /**
   * One repository's edges: its type hierarchy, then grouped by name, resolved into links (through the
   * hierarchy, for inherited methods), links gathered per chunk.
   */
  private static final class ResolveFn
      extends DoFn<KV<String, Iterable<byte[]>>, KV<String, IndexFacts>> {
    @ProcessElement
    public void process(
        @Element KV<String, Iterable<byte[]>> repo, OutputReceiver<KV<String, IndexFacts>> out) {
      List<Edge> all = new ArrayList<>();
      for (byte[] packed : repo.getValue()) {
        Packed.unpack(EdgeCoder.of(), packed, all);
      }
      TypeHierarchy hierarchy = TypeHierarchy.of(all);
      Map<String, List<Edge>> byName = new TreeMap<>();
      for (Edge e : all) {
        byName.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
      }
      all = null;
      Map<String, List<Link>> byTarget = new TreeMap<>();
      byName.forEach(
          (name, edges) -> {
            for (Link l : IndexEdges.resolve(name, edges, hierarchy)) {
              byTarget.computeIfAbsent(l.targetChunkId(), k -> new ArrayList<>()).add(l);
            }
          });
      byTarget.forEach((chunkId, links) -> out.output(KV.of(chunkId, IndexEdges.collect(links))));
    }
  }

  /**
   * Reads the facts map once per bundle: each {@code sideInput()} call on the DirectRunner rebuilds the
   * whole map from its elements, which per chunk made this step quadratic (the largest cost of a warm run).
   */
  private static final class AttachFn extends DoFn<Chunk, IndexedChunk> {
    private final PCollectionView<Map<String, IndexFacts>> facts;
    private final Counter chunks = Metrics.counter(BuildIndex.class, "chunks");
    private transient Map<String, IndexFacts> bundleFacts;

    AttachFn(PCollectionView<Map<String, IndexFacts>> facts) {
      this.facts = facts;
    }

    @StartBundle
    public void start() {
      bundleFacts = null; // the job runs in the global window, so one map serves the whole bundle
    }

    @ProcessElement
    public void process(ProcessContext c) {
      Chunk chunk = c.element();
      chunks.inc();
      if (bundleFacts == null) {
        bundleFacts = c.sideInput(facts);
      }
      IndexFacts f = bundleFacts.get(chunk.id());
      c.output(new IndexedChunk(chunk, f == null ? IndexFacts.NONE : f));
    }
  }
}
