package dev.repotune.pipeline.stages;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repotune.pipeline.StageResult;
import dev.repotune.pipeline.coders.Packed;
import dev.repotune.pipeline.coders.SignatureCoder;
import dev.repotune.samples.CptRecord;
import dev.repotune.samples.Failed;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.quality.DuplicateClusters;
import dev.repotune.samples.quality.FilterConfig;
import dev.repotune.samples.quality.MinHash;
import dev.repotune.samples.quality.MixCap;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.HashMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * Stage 18: exact and near-duplicate removal (MinHash over word 5-grams, LSH bands), for SFT rows and for
 * CPT documents, with one deterministic survivor per cluster ({@link DuplicateClusters}). For SFT it runs
 * after the split so that, of a cluster that spans both splits, the train row is kept and the test rows
 * go ({@code test_overlaps_train}): the test split is decontaminated and no row changes side.
 *
 * <p>Shaped for the DirectRunner: the main path never groups by band or row. Signatures are gathered off
 * the main path, one list per bundle under a single key; one DoFn clusters them all in memory (union-find
 * over the few candidate pairs) and returns the dropped ids as a side input; a ParDo on the main path then
 * routes each row to the output or to {@code rejected/} with the id of the row that was kept.
 */
public final class Deduplicate<T> extends PTransform<PCollection<T>, StageResult<T>> {
  static final String STAGE = "Deduplicate";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DedupKeys<T> keys;
  private final FilterConfig config;

  private Deduplicate(DedupKeys<T> keys, FilterConfig config) {
    this.keys = keys;
    this.config = config;
  }

  /**
   * SFT rows, compared on question + answer (for code tasks with the row's own type and member names
   * masked: a renamed copy is still a copy), only with rows of the same task kind. The group is (chunk,
   * task): the question variants of one fact share their answer on purpose and are kept together or
   * dropped together.
   */
  public static Deduplicate<SftRecord> sft(FilterConfig config) {
    return new Deduplicate<>(new DedupKeys.Sft(), config);
  }

  /**
   * CPT documents, compared on the file text without the path header and with the file's base name masked
   * (a class copy-pasted under a new name differs only there).
   */
  public static Deduplicate<CptRecord> cpt(FilterConfig config) {
    return new Deduplicate<>(new DedupKeys.Cpt(), config);
  }

  @Override
  public StageResult<T> expand(PCollection<T> rows) {
    PCollectionView<Decisions> decisions =
        decide(
            rows.apply("Signatures", ParDo.of(new SignFn<>(new Signer<>(keys, config))))
                .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of())),
            config);
    TupleTag<T> kept = new TupleTag<>() {};
    TupleTag<Rejected> rejected = new TupleTag<>() {};
    TupleTag<Failed> failed = new TupleTag<>() {};
    PCollectionTuple out =
        rows.apply(
            "Route",
            ParDo.of(new RouteFn<>(keys, decisions, rejected))
                .withSideInputs(decisions)
                .withOutputTags(kept, TupleTagList.of(rejected).and(failed)));
    out.get(kept).setCoder(rows.getCoder());
    return StageResult.of(out, kept, rejected, failed);
  }

  /**
   * The drop decisions for packed SFT signatures ({@link Signer}): gathered under one key, clustered in
   * one step, with the rows that stay ({@link Decisions#kept}) for {@link CapMix}, which makes the side
   * input.
   */
  public static PTransform<PCollection<KV<String, byte[]>>, PCollection<Decisions>> decide(FilterConfig config) {
    return new PTransform<>() {
      @Override
      public PCollection<Decisions> expand(PCollection<KV<String, byte[]>> signatures) {
        return cluster(signatures, config, true);
      }
    };
  }

  /** The decisions as a singleton side input. */
  static PCollectionView<Decisions> decide(PCollection<KV<String, byte[]>> signatures, FilterConfig config) {
    return asView(cluster(signatures, config, false));
  }

  static PCollectionView<Decisions> asView(PCollection<Decisions> decisions) {
    return decisions.apply("DecisionsAsView", View.<Decisions>asSingleton().withDefaultValue(Decisions.NONE));
  }

  private static PCollection<Decisions> cluster(
      PCollection<KV<String, byte[]>> signatures, FilterConfig config, boolean withKept) {
    return signatures
        .apply("GatherSignatures", GroupByKey.create())
        .apply("Cluster", ParDo.of(new ClusterFn(config, withKept)))
        .setCoder(SerializableCoder.of(Decisions.class));
  }

  /**
   * The rows to drop, by id: the one value the cluster step hands back to the main path. {@code drops}
   * are dedup's, {@code capped} the rows over their task kind's share ({@link CapMix}, with why), and
   * {@code kept} the rows dedup kept, for CapMix to count (null once it has). Hash maps: nothing walks
   * them, and every row is looked up in both (a sorted map's lookups were 4% of a rerun of the JDK).
   */
  public record Decisions(
      HashMap<String, DuplicateClusters.Drop> drops, HashMap<String, String> capped, MixCap.Rows kept)
      implements Serializable {
    static final Decisions NONE = new Decisions(new HashMap<>(), new HashMap<>(), null);

    /** Why the row {@code id} goes, or null when it stays (a cluster's kept row stays too). */
    DuplicateClusters.Drop dropOf(String id) {
      DuplicateClusters.Drop drop = drops.get(id);
      return drop == null || drop.keptId().equals(drop.id()) ? null : drop;
    }

    /** Why the row {@code id}, which dedup kept, is over its kind's share; null when it stays. */
    String cappedOf(String id) {
      return capped.get(id);
    }
  }

  /**
   * Signs rows into packed batches, a few per bundle, so the single-key grouping sees few elements and
   * copies bytes, not records ({@link Packed}). Used inside a DoFn: {@link #start} per bundle,
   * {@link #add} per row, {@link #drain} at the bundle's end.
   */
  static final class Signer<T> implements Serializable {
    private final DedupKeys<T> keys;
    private final FilterConfig config;
    private transient MinHash minHash;
    private transient Packed.Packer<DuplicateClusters.Item> packer;

    Signer(DedupKeys<T> keys, FilterConfig config) {
      this.keys = keys;
      this.config = config;
    }

    void start() {
      if (minHash == null) {
        minHash = MinHash.of(config);
      }
      packer = Packed.Packer.uncompressed(SignatureCoder.of());
    }

    /** Signs {@code row}; returns a full batch to emit, or null. */
    byte[] add(T row) {
      return add(item(row));
    }

    /** {@code row} as dedup sees it. */
    DuplicateClusters.Item item(T row) {
      String text = keys.text(row);
      return item(
          row, keys.scope(row, text), MinHash.exactHash(text),
          keys.nearDuplicates(row) ? minHash.signature(text) : null);
    }

    /** {@code row} with a scope, hash and signature computed before (for a row made again from a cache). */
    DuplicateClusters.Item item(T row, String scope, long exactHash, int[] signature) {
      return new DuplicateClusters.Item(keys.id(row), keys.group(row), scope, keys.preferred(row), exactHash, signature);
    }

    /** Adds a signed row; returns a full batch to emit, or null. */
    byte[] add(DuplicateClusters.Item item) {
      return packer.add(item);
    }

    byte[] drain() {
      byte[] rest = packer.drain();
      packer = null;
      return rest;
    }
  }

  /** The signer of SFT rows ({@link #sft}'s keys), for a step that signs rows as it makes them. */
  static Signer<SftRecord> sftSigner(FilterConfig config) {
    return new Signer<>(new DedupKeys.Sft(), config);
  }

  private static final class SignFn<T> extends DoFn<T, KV<String, byte[]>> {
    private final Signer<T> signer;
    private final Counter millis = Metrics.counter(Deduplicate.class, "millis");

    SignFn(Signer<T> signer) {
      this.signer = signer;
    }

    @StartBundle
    public void start() {
      signer.start();
    }

    @ProcessElement
    public void process(@Element T row, OutputReceiver<KV<String, byte[]>> out) {
      long t0 = System.nanoTime();
      byte[] full = signer.add(row);
      if (full != null) {
        out.output(KV.of("", full));
      }
      millis.inc((System.nanoTime() - t0) / 1_000_000);
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      byte[] rest = signer.drain();
      if (rest != null) {
        c.output(KV.of("", rest), Instant.EPOCH, GlobalWindow.INSTANCE);
      }
    }
  }

  private static final class ClusterFn
      extends DoFn<KV<String, Iterable<byte[]>>, Decisions> {
    private final FilterConfig config;
    private final boolean withKept;
    private final Counter millis = Metrics.counter(Deduplicate.class, "millis");
    private final Counter dropped = Metrics.counter(Deduplicate.class, "rejected");

    ClusterFn(FilterConfig config, boolean withKept) {
      this.config = config;
      this.withKept = withKept;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<byte[]>> all, OutputReceiver<Decisions> out) {
      long t0 = System.nanoTime();
      MinHash minHash = MinHash.of(config);
      DuplicateClusters.Table table = new DuplicateClusters.Table(minHash);
      for (byte[] packed : all.getValue()) {
        SignatureCoder.unpackInto(packed, table); // columns, signatures left in the batches: fits 2 GB
      }
      Map<String, DuplicateClusters.Drop> drops =
          DuplicateClusters.find(table, minHash, config.nearDuplicateJaccard());
      dropped.inc(drops.size());
      Decisions decisions = new Decisions(new HashMap<>(drops), new HashMap<>(), withKept ? new MixCap.Rows() : null);
      if (withKept) {
        table.forEach(
            (id, group, scope, preferred) -> {
              if (decisions.dropOf(id) == null) {
                decisions.kept().add(id, DedupKeys.Sft.taskOf(scope), group, !preferred);
              }
            });
      }
      out.output(decisions);
      millis.inc((System.nanoTime() - t0) / 1_000_000);
    }
  }

  private static final class RouteFn<T> extends DoFn<T, T> {
    private final DedupKeys<T> keys;
    private final PCollectionView<Decisions> decisions;
    private final TupleTag<Rejected> rejected;
    private final Counter rows = Metrics.counter(Deduplicate.class, "rows");
    private transient Decisions bundleDecisions;

    RouteFn(DedupKeys<T> keys, PCollectionView<Decisions> decisions, TupleTag<Rejected> rejected) {
      this.keys = keys;
      this.decisions = decisions;
      this.rejected = rejected;
    }

    @StartBundle
    public void start() {
      bundleDecisions = null; // one global window: read the side input once per bundle
    }

    @ProcessElement
    public void process(ProcessContext c, MultiOutputReceiver out) {
      T row = c.element();
      rows.inc();
      if (bundleDecisions == null) {
        bundleDecisions = c.sideInput(decisions);
      }
      DuplicateClusters.Drop drop = bundleDecisions.dropOf(keys.id(row));
      if (drop == null) {
        c.output(row);
        return;
      }
      out.get(rejected).output(rejected(drop, keys.json(row)));
    }
  }

  /** A dropped row's record in {@code rejected/}: why, and the kept row it duplicates. */
  static Rejected rejected(DuplicateClusters.Drop drop, String rowJson) {
    String detail =
        drop.groupSimilarity() > drop.similarity()
            ? String.format(
                "%s of %s (estimated Jaccard %.3f; its fact's closest variant %.3f; cluster of %d rows)",
                drop.reason().replace('_', ' '), drop.keptId(), drop.similarity(), drop.groupSimilarity(),
                drop.clusterSize())
            : String.format(
                "%s of %s (estimated Jaccard %.3f, cluster of %d rows)",
                drop.reason().replace('_', ' '), drop.keptId(), drop.similarity(), drop.clusterSize());
    return new Rejected(STAGE, drop.reason(), detail, record(drop, rowJson));
  }

  /** {@code {"id", "kept_id", "similarity", "row"}}: the dropped row with the id of the one kept. */
  static String record(DuplicateClusters.Drop drop, String rowJson) {
    try {
      ObjectNode n = JSON.createObjectNode();
      n.put("id", drop.id());
      n.put("kept_id", drop.keptId());
      n.put("similarity", drop.similarity());
      n.put("group_similarity", drop.groupSimilarity());
      n.set("row", JSON.readTree(rowJson));
      return JSON.writeValueAsString(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Milliseconds spent signing and clustering, summed over threads (for a closing line under --verbose). */
  public static long millis(PipelineResult result) {
    long sum = 0;
    try {
      for (MetricResult<Long> c :
          result
              .metrics()
              .queryMetrics(
                  MetricsFilter.builder().addNameFilter(MetricNameFilter.named(Deduplicate.class, "millis")).build())
              .getCounters()) {
        Long v = c.getAttempted();
        sum += v == null ? 0 : v;
      }
    } catch (RuntimeException e) {
      return -1;
    }
    return sum;
  }
}
