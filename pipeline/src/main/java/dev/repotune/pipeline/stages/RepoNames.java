package dev.repotune.pipeline.stages;

import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.prompts.Grounding;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The repository's declared names, which a grounded answer may cite besides its own chunk's: gathered
 * off the main path from every chunk and handed to ParseReplies as one small side input.
 */
final class RepoNames {
  private RepoNames() {}

  /** The steps DeclaredNames, AllNames and NamesView, applied straight to the pipeline. */
  static PCollectionView<List<String>> view(PCollection<IndexedChunk> chunks) {
    return chunks
        .apply("DeclaredNames", ParDo.of(new DeclaredNamesFn()))
        .apply("AllNames", Combine.globally(new UnionFn()))
        .apply("NamesView", View.asSingleton());
  }

  /** The names a chunk declares ({@link Grounding#addDeclaredNames}), each once a bundle. */
  static final class DeclaredNamesFn extends DoFn<IndexedChunk, String> {
    private transient Set<String> seen;

    @StartBundle
    public void start() {
      seen = new TreeSet<>();
    }

    @ProcessElement
    public void process(@Element IndexedChunk ic) {
      Grounding.addDeclaredNames(seen, ic.chunk());
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      seen.forEach(n -> c.output(n, BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE));
      seen = null;
    }
  }

  /** All names, sorted, in one list: a single small value for a side input. */
  static final class UnionFn extends Combine.CombineFn<String, TreeSet<String>, List<String>> {
    @Override
    public TreeSet<String> createAccumulator() {
      return new TreeSet<>();
    }

    @Override
    public TreeSet<String> addInput(TreeSet<String> acc, String name) {
      acc.add(name);
      return acc;
    }

    @Override
    public TreeSet<String> mergeAccumulators(Iterable<TreeSet<String>> accs) {
      TreeSet<String> all = new TreeSet<>();
      accs.forEach(all::addAll);
      return all;
    }

    @Override
    public List<String> extractOutput(TreeSet<String> acc) {
      return new ArrayList<>(acc);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Coder<TreeSet<String>> getAccumulatorCoder(CoderRegistry r, Coder<String> in) {
      return (Coder) SerializableCoder.of(TreeSet.class);
    }

    @Override
    public Coder<List<String>> getDefaultOutputCoder(CoderRegistry r, Coder<String> in) {
      return ListCoder.of(StringUtf8Coder.of());
    }
  }
}
