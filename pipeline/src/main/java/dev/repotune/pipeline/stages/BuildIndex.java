package dev.repotune.pipeline.stages;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.index.Edge;
import dev.repotune.extractors.index.IndexEdges;
import dev.repotune.extractors.index.IndexFacts;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.extractors.index.Link;
import java.util.Iterator;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Stage 4: the facts no single chunk holds. Every chunk states what it declares, calls and extends
 * ({@link IndexEdges#of}); a GroupByKey brings together everything said about one name, which resolves
 * into callers, implementers and tests of the declaring chunk; a CoGroupByKey joins those back.
 */
public final class BuildIndex extends PTransform<PCollection<Chunk>, PCollection<IndexedChunk>> {

  private BuildIndex() {}

  public static BuildIndex of() {
    return new BuildIndex();
  }

  @Override
  public PCollection<IndexedChunk> expand(PCollection<Chunk> chunks) {
    PCollection<KV<String, Link>> links =
        chunks
            .apply("EmitEdges", ParDo.of(new EmitEdgesFn()))
            .apply("GroupByName", GroupByKey.create())
            .apply("ResolveLinks", ParDo.of(new ResolveFn()));
    PCollection<KV<String, Chunk>> byId = chunks.apply("KeyById", ParDo.of(new KeyByIdFn()));

    TupleTag<Chunk> chunkTag = new TupleTag<>() {};
    TupleTag<Link> linkTag = new TupleTag<>() {};
    return KeyedPCollectionTuple.of(chunkTag, byId)
        .and(linkTag, links)
        .apply("JoinFacts", CoGroupByKey.create())
        .apply("AttachFacts", ParDo.of(new AttachFn(chunkTag, linkTag)));
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

  private static final class KeyByIdFn extends DoFn<Chunk, KV<String, Chunk>> {
    @ProcessElement
    public void process(@Element Chunk chunk, OutputReceiver<KV<String, Chunk>> out) {
      out.output(KV.of(chunk.id(), chunk));
    }
  }

  private static final class AttachFn extends DoFn<KV<String, CoGbkResult>, IndexedChunk> {
    private final TupleTag<Chunk> chunkTag;
    private final TupleTag<Link> linkTag;

    AttachFn(TupleTag<Chunk> chunkTag, TupleTag<Link> linkTag) {
      this.chunkTag = chunkTag;
      this.linkTag = linkTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined, OutputReceiver<IndexedChunk> out) {
      Iterator<Chunk> it = joined.getValue().getAll(chunkTag).iterator();
      if (!it.hasNext()) {
        return; // a link to a chunk id that no chunk has: cannot happen, ids come from chunks
      }
      Chunk chunk = it.next();
      IndexFacts facts = IndexEdges.collect(joined.getValue().getAll(linkTag));
      out.output(new IndexedChunk(chunk, facts));
      // Two chunks with one id would be the same span of the same file: keep each, they are equal.
      while (it.hasNext()) {
        out.output(new IndexedChunk(it.next(), facts));
      }
    }
  }
}
