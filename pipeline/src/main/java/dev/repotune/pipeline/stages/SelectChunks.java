package dev.repotune.pipeline.stages;

import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.samples.Rejected;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code --max-chunks} for both teachers: the chunks with the smallest ids are asked about, so the same
 * run always keeps the same chunks, and the rest become Rejected rows ({@code over_max_chunks}).
 */
final class SelectChunks {
  private SelectChunks() {}

  /** The steps ChunkIds, FirstIdsUpToMax, AsView and SelectChunks; all chunks when {@code maxChunks} is 0. */
  static AskTeacher.Selection select(PCollection<IndexedChunk> chunks, int maxChunks) {
    if (maxChunks == 0) {
      return new AskTeacher.Selection(chunks, null);
    }
    TupleTag<Rejected> rejected = new TupleTag<>() {};
    PCollectionView<List<String>> kept =
        chunks
            .apply("ChunkIds", MapElements.into(TypeDescriptors.strings()).via(c -> c.chunk().id()))
            .apply("FirstIdsUpToMax", Top.smallest(maxChunks))
            .apply("AsView", View.asSingleton());
    TupleTag<IndexedChunk> selectedTag = new TupleTag<>() {};
    PCollectionTuple selected =
        chunks.apply(
            "SelectChunks",
            ParDo.of(new SelectFn(kept, selectedTag, rejected))
                .withSideInputs(kept)
                .withOutputTags(selectedTag, TupleTagList.of(rejected)));
    return new AskTeacher.Selection(selected.get(selectedTag), selected.get(rejected));
  }

  /** Passes the first --max-chunks chunks by id; the rest are rejected ({@code over_max_chunks}). */
  private static final class SelectFn extends DoFn<IndexedChunk, IndexedChunk> {
    private final PCollectionView<List<String>> kept;
    private final TupleTag<IndexedChunk> selected;
    private final TupleTag<Rejected> rejected;
    private transient Set<String> keptIds;

    SelectFn(PCollectionView<List<String>> kept, TupleTag<IndexedChunk> selected, TupleTag<Rejected> rejected) {
      this.kept = kept;
      this.selected = selected;
      this.rejected = rejected;
    }

    @ProcessElement
    public void process(ProcessContext context, MultiOutputReceiver out) {
      IndexedChunk ic = context.element();
      if (keptIds == null) {
        keptIds = new HashSet<>(context.sideInput(kept));
      }
      if (!keptIds.contains(ic.chunk().id())) {
        out.get(rejected).output(AskTeacher.chunkRejected(ic.chunk(), "over_max_chunks", "past --max-chunks"));
        return;
      }
      out.get(selected).output(ic);
    }
  }
}
