package dev.repotune.pipeline.stages;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.index.Edge;
import dev.repotune.extractors.index.IndexEdges;
import dev.repotune.extractors.index.IndexFacts;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.extractors.index.Link;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Stage 4: the facts no single chunk holds. Every chunk states what it declares, calls and extends
 * ({@link IndexEdges#of}); a GroupByKey brings together everything said about one name, which resolves
 * into callers, implementers and tests of the declaring chunk; a second GroupByKey gathers each chunk's
 * links into its {@link IndexFacts}.
 *
 * <p>The facts are joined back as a map side input rather than a CoGroupByKey on chunk id: only chunks
 * that have facts are in the map, and the chunks themselves keep the coarse bundles they arrived in
 * (after a GroupByKey the DirectRunner makes one bundle per key, which would make every later grouping
 * copy its state once per chunk).
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
            .apply("GroupByName", GroupByKey.create())
            .apply("ResolveLinks", ParDo.of(new ResolveFn()))
            .apply("GroupByChunk", GroupByKey.create())
            .apply("CollectFacts", ParDo.of(new CollectFn()))
            .apply("FactsByChunk", View.asMap());
    return chunks.apply("AttachFacts", ParDo.of(new AttachFn(facts)).withSideInputs(facts));
  }

  private static final class EmitEdgesFn extends DoFn<Chunk, KV<String, Edge>> {
    @ProcessElement
    public void process(@Element Chunk chunk, OutputReceiver<KV<String, Edge>> out) {
      for (Edge e : IndexEdges.of(chunk)) {
        out.output(KV.of(e.key(), e));
      }
    }
  }

  private static final class ResolveFn extends DoFn<KV<String, Iterable<Edge>>, KV<String, Link>> {
    @ProcessElement
    public void process(
        @Element KV<String, Iterable<Edge>> group, OutputReceiver<KV<String, Link>> out) {
      for (Link l : IndexEdges.resolve(group.getKey(), group.getValue())) {
        out.output(KV.of(l.targetChunkId(), l));
      }
    }
  }

  private static final class CollectFn
      extends DoFn<KV<String, Iterable<Link>>, KV<String, IndexFacts>> {
    @ProcessElement
    public void process(
        @Element KV<String, Iterable<Link>> links, OutputReceiver<KV<String, IndexFacts>> out) {
      out.output(KV.of(links.getKey(), IndexEdges.collect(links.getValue())));
    }
  }

  private static final class AttachFn extends DoFn<Chunk, IndexedChunk> {
    private final PCollectionView<Map<String, IndexFacts>> facts;

    AttachFn(PCollectionView<Map<String, IndexFacts>> facts) {
      this.facts = facts;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      Chunk chunk = c.element();
      IndexFacts f = c.sideInput(facts).get(chunk.id());
      c.output(new IndexedChunk(chunk, f == null ? IndexFacts.NONE : f));
    }
  }
}
