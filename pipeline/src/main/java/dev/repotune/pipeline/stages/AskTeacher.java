package dev.repotune.pipeline.stages;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.pipeline.StageResult;
import dev.repotune.prompts.OfflineTeacher;
import dev.repotune.prompts.QaPair;
import dev.repotune.prompts.SystemPrompt;
import dev.repotune.prompts.TaskKind;
import dev.repotune.samples.Failed;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.Samples;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.Split;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
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
 * Stage 5: questions and answers about each chunk, as SFT rows (split not yet assigned). The offline
 * teacher states facts JavaParser read, so it needs no model and no cache. A chunk no task applies to is
 * a {@link Rejected} ({@code no_applicable_task}); a chunk past {@code --max-chunks} is one too
 * ({@code over_max_chunks}), chosen by id so the same run always keeps the same chunks.
 */
public final class AskTeacher
    extends PTransform<PCollection<IndexedChunk>, StageResult<SftRecord>> {
  static final String STAGE = "AskTeacher";

  private final Set<TaskKind> tasks;
  private final int variants;
  private final long seed;
  private final int maxChunks;

  private AskTeacher(Set<TaskKind> tasks, int variants, long seed, int maxChunks) {
    this.tasks = tasks;
    this.variants = variants;
    this.seed = seed;
    this.maxChunks = maxChunks;
  }

  public static AskTeacher offline(Set<TaskKind> tasks) {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("no task kinds: name at least one with --tasks");
    }
    return new AskTeacher(Set.copyOf(tasks), 3, 0L, 0);
  }

  public AskTeacher withVariants(int variants) {
    if (variants < 1) {
      throw new IllegalArgumentException("--variants must be at least 1, got " + variants);
    }
    return new AskTeacher(tasks, variants, seed, maxChunks);
  }

  public AskTeacher withSeed(long seed) {
    return new AskTeacher(tasks, variants, seed, maxChunks);
  }

  /** Ask about at most {@code n} chunks (0 = all). */
  public AskTeacher withMaxChunks(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("--max-chunks must be 0 (all) or more, got " + n);
    }
    return new AskTeacher(tasks, variants, seed, n);
  }

  @Override
  public StageResult<SftRecord> expand(PCollection<IndexedChunk> chunks) {
    TupleTag<SftRecord> records = new TupleTag<>() {};
    TupleTag<Rejected> rejected = new TupleTag<>() {};
    TupleTag<Failed> failed = new TupleTag<>() {};
    PCollectionView<List<String>> kept = null;
    if (maxChunks > 0) {
      kept =
          chunks
              .apply("ChunkIds", MapElements.into(TypeDescriptors.strings()).via(c -> c.chunk().id()))
              .apply("FirstIdsUpToMax", Top.smallest(maxChunks))
              .apply("AsView", View.asSingleton());
    }
    ParDo.SingleOutput<IndexedChunk, SftRecord> ask =
        ParDo.of(
            new AskFn(
                OfflineTeacher.create(tasks, variants, seed),
                kept,
                records,
                rejected,
                failed));
    if (kept != null) {
      ask = ask.withSideInputs(kept);
    }
    PCollectionTuple out =
        chunks.apply("Ask", ask.withOutputTags(records, TupleTagList.of(rejected).and(failed)));
    return StageResult.of(out, records, rejected, failed);
  }

  private static final class AskFn extends DoFn<IndexedChunk, SftRecord> {
    private final OfflineTeacher teacher;
    // Chunks of several repositories can share a bundle; each repository has its own system prompt.
    private transient Map<String, String> systemPrompts;
    private final PCollectionView<List<String>> kept;
    private final TupleTag<SftRecord> records;
    private final TupleTag<Rejected> rejected;
    private final TupleTag<Failed> failed;
    private final Counter samples = Metrics.counter(AskTeacher.class, "samples");
    private transient Set<String> keptIds;

    AskFn(
        OfflineTeacher teacher,
        PCollectionView<List<String>> kept,
        TupleTag<SftRecord> records,
        TupleTag<Rejected> rejected,
        TupleTag<Failed> failed) {
      this.teacher = teacher;
      this.kept = kept;
      this.records = records;
      this.rejected = rejected;
      this.failed = failed;
    }

    @ProcessElement
    public void process(ProcessContext context, MultiOutputReceiver out) {
      IndexedChunk ic = context.element();
      Chunk chunk = ic.chunk();
      if (kept != null) {
        if (keptIds == null) {
          keptIds = new HashSet<>(context.sideInput(kept));
        }
        if (!keptIds.contains(chunk.id())) {
          out.get(rejected).output(chunkRejected(chunk, "over_max_chunks", "past --max-chunks"));
          return;
        }
      }
      List<QaPair> pairs;
      try {
        pairs = teacher.generate(ic);
      } catch (RuntimeException e) {
        out.get(failed).output(new Failed(STAGE, Stages.oneLine(e), chunk.id(), 1));
        return;
      }
      if (pairs.isEmpty()) {
        out.get(rejected)
            .output(
                chunkRejected(
                    chunk,
                    "no_applicable_task",
                    "no task kind has a non-trivial answer for this " + chunk.kind()));
        return;
      }
      for (QaPair qa : pairs) {
        samples.inc();
        out.get(records).output(Samples.sft(qa, chunk, systemPrompt(chunk.repo()), Split.UNASSIGNED));
      }
    }

    private String systemPrompt(String repo) {
      if (systemPrompts == null) {
        systemPrompts = new TreeMap<>();
      }
      return systemPrompts.computeIfAbsent(repo, SystemPrompt::forRepo);
    }
  }

  static Rejected chunkRejected(Chunk chunk, String reason, String detail) {
    return new Rejected(
        STAGE,
        reason,
        detail,
        Stages.json(
            "chunk_id", chunk.id(),
            "repo", chunk.repo(),
            "path", chunk.path(),
            "symbol", chunk.symbol(),
            "kind", chunk.kind().name(),
            "lines", chunk.startLine() + "-" + chunk.endLine()));
  }

  /** The task kinds named on the command line, in enum order. */
  public static Set<TaskKind> parseTasks(String csv) {
    Set<TaskKind> out = new TreeSet<>();
    if (csv == null || csv.isBlank()) {
      out.addAll(List.of(TaskKind.values()));
      return out;
    }
    for (String s : csv.split(",")) {
      if (!s.isBlank()) {
        out.add(TaskKind.parse(s));
      }
    }
    return out;
  }
}
