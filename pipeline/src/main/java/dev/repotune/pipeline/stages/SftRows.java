package dev.repotune.pipeline.stages;

import dev.repotune.extractors.TokenCounter;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.samples.Failed;
import dev.repotune.samples.JsonLines;
import dev.repotune.samples.Message;
import dev.repotune.samples.OutputKind;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.SplitByFile;
import dev.repotune.samples.Samples;
import dev.repotune.samples.quality.DuplicateClusters;
import dev.repotune.samples.quality.FilterConfig;
import dev.repotune.samples.quality.SampleFilters;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * Stage 15: the SFT rows' path through stages 13 to 19 as one step: each chunk's rows are made ({@link AskTeacher},
 * offline; or the LLM teacher's rows come in), filtered ({@link FilterSamples}), given their split
 * ({@link SplitByFile}: the test files are chosen first, {@link SplitPlan}), signed for {@link Deduplicate} and spilled to run files ({@link WriteShards}),
 * one row at a time; each stage's logic stays in its own file and this class only chains it. A source may
 * also make rows of other output kinds ({@link Out#row(OutputKind, Object)}), which are spilled to their
 * own runs and merged with the SFT shards.
 *
 * <p>Why one step: the DirectRunner runs a step over its whole input before the next step starts, so every
 * collection between two steps is held in memory in full. The JDK's 1.8 million rows took 1.6 GB per copy
 * and the run did not fit a 2 GB heap. Here rows exist only on disk; what leaves the step is run
 * descriptors, packed signatures, the rows dropped by the filter, and per-bundle counts. Engines that fuse
 * steps themselves (Flink, Spark, Dataflow) lose nothing. The dedup decisions are applied when the shards
 * are merged ({@link WriteShards#mergeSft}).
 */
public final class SftRows<I> extends PTransform<PCollection<I>, PCollectionTuple> {
  /** Makes the rows of one input (a chunk for the offline teacher; a row itself for the LLM's rows). */
  interface Source<I> extends Serializable {
    void rows(I in, Out out);
  }

  /**
   * Where a source puts what it made: SFT rows (filtered, split, signed), rows of any other {@link OutputKind}
   * (spilled, counted), rejected and failed rows. A chunk's rows are cached for replay as their kind says
   * ({@link OutputKind#replayable}); anything else makes the chunk uncached.
   */
  interface Out extends AskTeacher.Emit {
    <T> void row(OutputKind<T> kind, T row);
  }

  private final Source<I> source;
  /** The source as the split's plan reads it (its rows not counted as made). */
  private final Source<I> drafts;
  private final PCollectionView<Map<String, String>> trivialChunks;
  private final FilterConfig quality;
  private final SplitByFile split;
  private final String dir;
  /** Null: no row cache (the LLM's rows, or none asked for). */
  private final RowCache cache;

  /** Rows from any source, with a row cache or none (null); {@link #fromChunks} and {@link #fromRows} name the two in use. */
  SftRows(Source<I> source, Source<I> drafts, PCollectionView<Map<String, String>> trivialChunks,
      FilterConfig quality, SplitByFile split, String dir, RowCache cache) {
    this.source = source;
    this.drafts = drafts;
    this.trivialChunks = trivialChunks;
    this.quality = quality;
    this.split = split;
    this.dir = dir;
    this.cache = cache;
  }

  /**
   * Rows made from chunks by the offline teacher; with a {@code rowCacheDir} (null or "" for none), a
   * chunk made before is replayed from the {@link RowCache} rather than made again.
   */
  public static SftRows<IndexedChunk> fromChunks(AskTeacher.OfflineAsker asker,
      PCollectionView<Map<String, String>> trivialChunks, FilterConfig quality, SplitByFile split, String dir,
      String rowCacheDir) {
    RowCache cache =
        rowCacheDir == null || rowCacheDir.isEmpty()
            ? null
            : new RowCache(rowCacheDir, asker.options() + "\n" + quality + "\n" + split);
    return new SftRows<>(asker::ask, asker::draft, trivialChunks, quality, split, dir, cache);
  }

  /** Rows that another step made (the LLM teacher's). */
  public static SftRows<SftRecord> fromRows(
      PCollectionView<Map<String, String>> trivialChunks, FilterConfig quality, SplitByFile split, String dir) {
    Source<SftRecord> rows = (row, out) -> out.row(row);
    return new SftRows<>(rows, rows, trivialChunks, quality, split, dir, null);
  }

  /** What leaves the step: run files, packed signatures, dropped and failed rows, manifest counts. */
  public static final TupleTag<RunFiles.Run> RUNS = new TupleTag<>("runs") {};
  public static final TupleTag<KV<String, byte[]>> SIGNATURES = new TupleTag<>("signatures") {};
  public static final TupleTag<Rejected> REJECTED = WriteShards.tag(OutputKind.REJECTED);
  public static final TupleTag<Failed> FAILED = WriteShards.tag(OutputKind.FAILED);
  /** Counts for the manifest, summed per bundle; and the split's ({@link SplitPlan}). */
  public static final TupleTag<KV<String, Long>> TALLIES = new TupleTag<>("tallies") {};
  public static final TupleTag<KV<String, Long>> SPLIT_TALLIES = SplitPlan.TALLIES;
  /** The split's test files, for the rows other steps make of the same files (TestMutants). */
  public static final TupleTag<SplitByFile.Plan> PLAN = SplitPlan.PLAN;

  /** The plan of {@code rows} (this step's output) as a singleton side input. */
  public static PCollectionView<SplitByFile.Plan> plan(PCollectionTuple rows) {
    return rows.get(PLAN).apply("SplitPlanAsView",
        org.apache.beam.sdk.transforms.View.<SplitByFile.Plan>asSingleton().withDefaultValue(SplitByFile.Plan.NONE));
  }

  /** First the test files from every file's rows per kind ({@link SplitPlan}), then the rows one by one. */
  @Override
  public PCollectionTuple expand(PCollection<I> input) {
    PCollectionTuple planned = input.apply("PlanSplit", new SplitPlan<>(drafts, cache, split));
    PCollectionView<SplitByFile.Plan> plan = SplitPlan.view(planned);
    PCollectionTuple out =
        input.apply(
            "MakeFilterSplitSignSpill",
            ParDo.of(new RowsFn<>(this, plan))
                .withSideInputs(trivialChunks, plan)
                .withOutputTags(RUNS, TupleTagList.of(SIGNATURES).and(REJECTED).and(FAILED).and(TALLIES)));
    out.get(RUNS).setCoder(SerializableCoder.of(RunFiles.Run.class));
    out.get(SIGNATURES).setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()));
    out.get(REJECTED).setCoder(SerializableCoder.of(Rejected.class));
    out.get(FAILED).setCoder(SerializableCoder.of(Failed.class));
    out.get(TALLIES).setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    return out.and(SPLIT_TALLIES, planned.get(SPLIT_TALLIES)).and(PLAN, planned.get(PLAN));
  }

  private static final class RowsFn<I> extends DoFn<I, RunFiles.Run> {
    private final SftRows<I> spec;
    private final PCollectionView<SplitByFile.Plan> plan;
    private final Deduplicate.Signer<SftRecord> signer;
    private final Counter filtered = Metrics.counter(FilterSamples.class, "rows");
    private final Counter dropped = Metrics.counter(FilterSamples.class, "rejected");
    private final Counter signed = Metrics.counter(Deduplicate.class, "rows");
    private final Counter spilled = Metrics.counter(WriteShards.class, "rows");
    private final Counter samples = Metrics.counter(AskTeacher.class, "samples");
    private final Counter reused = Metrics.counter(SftRows.class, "reused");
    /** This chunk's rows as made, for the row cache; null when not recording. */
    private transient List<RowCache.Entry> recording;
    private transient boolean cacheable;
    private transient SampleFilters filters;
    private transient Map<String, String> trivial;
    private transient SplitByFile.Plan testFiles;
    /** One spiller per folder: SFT rows, and rows of any other kind a source makes. */
    private transient Map<String, RunFiles.Spiller> spillers;
    private transient Map<String, Long> sums;
    private transient Set<String> answeredChunks;
    // The system prompt is on every row and a chunk's code on each of its questions: count each text, and
    // each fenced block, once per bundle (BPE counting was the largest cost of a warm run).
    private transient Map<String, Integer> tokensOf;

    RowsFn(SftRows<I> spec, PCollectionView<SplitByFile.Plan> plan) {
      this.spec = spec;
      this.plan = plan;
      this.signer = Deduplicate.sftSigner(spec.quality);
    }

    @Setup
    public void setup() {
      filters = new SampleFilters(spec.quality);
    }

    @StartBundle
    public void start() {
      trivial = null; // one global window: read the side input once per bundle
      spillers = new TreeMap<>();
      signer.start();
      sums = new TreeMap<>();
      answeredChunks = new HashSet<>();
      tokensOf = new HashMap<>();
    }

    @ProcessElement
    public void process(ProcessContext c, MultiOutputReceiver out) {
      if (trivial == null) {
        trivial = c.sideInput(spec.trivialChunks);
        testFiles = c.sideInput(plan);
      }
      I in = c.element();
      if (spec.cache == null || !(in instanceof IndexedChunk ic)) {
        spec.source.rows(in, emit(out));
        return;
      }
      String key = spec.cache.key(ic);
      List<RowCache.Entry> cached = spec.cache.get(key);
      if (cached != null) {
        reused.inc();
        replay(ic, cached, out);
        return;
      }
      recording = new ArrayList<>();
      cacheable = true;
      spec.source.rows(in, emit(out));
      if (cacheable && !recording.isEmpty()) {
        spec.cache.put(key, recording);
      }
      recording = null;
    }

    private Out emit(MultiOutputReceiver out) {
      return new Out() {
        @Override
        public void row(SftRecord row) {
          take(row, out);
        }

        @Override
        public <T> void row(OutputKind<T> kind, T row) {
          if (kind == OutputKind.SFT) {
            take((SftRecord) row, out);
            return;
          }
          String line = kind.codec().line(row);
          if (recording != null && kind.replayable()) {
            recording.add(RowCache.Entry.row(kind.folder(), line));
          } else {
            cacheable = false;
          }
          other(kind, row, line, out);
        }

        @Override
        public void rejected(Rejected r) {
          cacheable = false; // a Rejected is not re-stamped for another commit: the chunk is made again
          out.get(REJECTED).output(r);
        }

        @Override
        public void failed(Failed f) {
          cacheable = false;
          out.get(FAILED).output(f);
        }
      };
    }

    /** One row through FilterSamples, SplitByFile, the dedup signature and the spill. */
    private void take(SftRecord row, MultiOutputReceiver out) {
      made(row);
      Optional<SampleFilters.Drop> drop;
      try {
        drop = filters.check(row, Optional.ofNullable(trivial.get(row.meta().chunkId())));
      } catch (RuntimeException e) {
        cacheable = false;
        out.get(FAILED).output(FilterSamples.failed(row, e));
        return;
      }
      if (drop.isPresent()) {
        Rejected rejected = FilterSamples.rejected(row, drop.get());
        if (recording != null) {
          recording.add(RowCache.Entry.dropped(rejected.record(), drop.get().reason(), drop.get().detail()));
        }
        drop(rejected, out);
        return;
      }
      SftRecord split = testFiles.assign(row);
      DuplicateClusters.Item item = signer.item(split);
      String messages = JsonLines.openai(split);
      String line = JsonLines.sftLine(messages, split);
      long tokens = tokens(split);
      if (recording != null) {
        recording.add(
            RowCache.Entry.kept(
                messages, split.meta(), Samples.lastOf(split.messages(), "user"), tokens, item.scope(),
                item.exactHash(), item.signature()));
      }
      keep(split, item, line, tokens, out);
    }

    /**
     * A chunk's rows from the cache, for this commit: the same outputs {@link #take} gave them, split by
     * this run's plan. A kept row is re-stamped without its text: its messages stay encoded ({@link
     * JsonLines#sftLine}), and the row that goes on has none (its meta and id are all that signing and
     * spilling read).
     */
    private void replay(IndexedChunk ic, List<RowCache.Entry> entries, MultiOutputReceiver out) {
      String commit = ic.chunk().commit();
      String chunkId = ic.chunk().id();
      for (RowCache.Entry e : entries) {
        if (!e.kind().equals(OutputKind.SFT.folder())) {
          replayRow(OutputKind.of(e.kind()), e.json(), commit, chunkId, out);
          continue;
        }
        samples.inc();
        if (!e.kept()) {
          SftRecord row = Samples.restamp(JsonLines.readSft(e.json()), commit, chunkId);
          made(row);
          drop(FilterSamples.rejected(row, new SampleFilters.Drop(e.reason(), e.detail())), out);
          continue;
        }
        SftRecord row = testFiles.assign(Samples.restamp(List.of(), e.meta(), e.lastUser(), commit, chunkId));
        made(row);
        DuplicateClusters.Item item = signer.item(row, e.scope(), e.exactHash(), e.signature());
        keep(row, item, JsonLines.sftLine(e.json(), row), e.tokens(), out);
      }
    }

    /** A row of another kind from the cache, re-stamped by its kind, going where a fresh one goes. */
    private <T> void replayRow(OutputKind<T> kind, String line, String commit, String chunkId, MultiOutputReceiver out) {
      T row = kind.restamp(kind.codec().read(line), commit, chunkId);
      other(kind, row, kind.codec().line(row), out);
    }

    /** A row of a kind other than SFT: counted as it is spilled, since no later step drops it. */
    private <T> void other(OutputKind<T> kind, T row, String line, MultiOutputReceiver out) {
      kind.count(row, sums);
      spill(kind, kind.group(row), kind.sortKey(row), "", line, out);
    }

    private void spill(OutputKind<?> kind, String group, String key, String meta, String line, MultiOutputReceiver out) {
      spilled.inc();
      try {
        RunFiles.Spiller spiller = spillers.computeIfAbsent(kind.folder(), f -> new RunFiles.Spiller(spec.dir, f));
        for (RunFiles.Run r : spiller.add(group, key, meta, line)) {
          out.get(RUNS).output(r);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void made(SftRecord row) {
      if (answeredChunks.add(row.meta().chunkId())) {
        add("chunks.answered", 1);
      }
      add("stages.FilterSamples.in", 1);
      filtered.inc();
    }

    private void drop(Rejected rejected, MultiOutputReceiver out) {
      dropped.inc();
      out.get(REJECTED).output(rejected);
    }

    private void keep(SftRecord row, DuplicateClusters.Item item, String line, long tokens, MultiOutputReceiver out) {
      add("stages.FilterSamples.out", 1);
      add("stages.Deduplicate.in", 1);
      signed.inc();
      byte[] batch = signer.add(item);
      if (batch != null) {
        out.get(SIGNATURES).output(KV.of("", batch));
      }
      spill(OutputKind.SFT, row.meta().split(), row.id(), WriteShards.sftMeta(row, tokens), line, out);
    }

    private long tokens(SftRecord r) {
      long tokens = 0;
      for (Message m : r.messages()) {
        if (tokensOf.size() > 8192) {
          tokensOf.clear(); // bounded: a bundle's distinct texts are not all kept
        }
        tokens += TokenCounter.countByFences(m.content(), tokensOf);
      }
      return tokens;
    }

    private void add(String key, long n) {
      sums.merge(key, n, Long::sum);
    }

    @FinishBundle
    public void finish(FinishBundleContext c) throws IOException {
      for (RunFiles.Spiller spiller : spillers.values()) {
        for (RunFiles.Run r : spiller.flush()) {
          c.output(RUNS, r, Instant.EPOCH, GlobalWindow.INSTANCE);
        }
      }
      byte[] rest = signer.drain();
      if (rest != null) {
        c.output(SIGNATURES, KV.of("", rest), Instant.EPOCH, GlobalWindow.INSTANCE);
      }
      for (Map.Entry<String, Long> e : sums.entrySet()) {
        c.output(TALLIES, KV.of(e.getKey(), e.getValue()), Instant.EPOCH, GlobalWindow.INSTANCE);
      }
      spillers = null;
      sums = null;
      answeredChunks = null;
      tokensOf = null;
    }
  }
}
