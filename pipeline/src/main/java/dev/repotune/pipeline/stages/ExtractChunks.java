package dev.repotune.pipeline.stages;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkExtractor;
import dev.repotune.extractors.ExtractionResult;
import dev.repotune.extractors.SourceFile;
import dev.repotune.pipeline.StageResult;
import dev.repotune.samples.Failed;
import dev.repotune.samples.Rejected;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Stage 4: files into chunks. Java goes through JavaParser (parsed once), Markdown by heading, anything
 * else by token-bounded windows. A Java file that does not parse becomes windows, never lost, and a
 * {@link Failed} row with the parser's error says so (the file's chunks still go on). With a cache, a
 * file whose (path, content) was extracted before is not parsed again.
 */
public final class ExtractChunks extends PTransform<PCollection<SourceFile>, StageResult<Chunk>> {
  static final String STAGE = "ExtractChunks";

  private final String cacheDir;

  private ExtractChunks(String cacheDir) {
    this.cacheDir = cacheDir;
  }

  public static ExtractChunks of() {
    return new ExtractChunks(null);
  }

  /** Reuses (and records) extraction results under {@code cacheDir}, by content; null or "" = no cache. */
  public ExtractChunks withCache(String cacheDir) {
    return new ExtractChunks(cacheDir == null || cacheDir.isEmpty() ? null : cacheDir);
  }

  @Override
  public StageResult<Chunk> expand(PCollection<SourceFile> files) {
    TupleTag<Chunk> chunks = new TupleTag<>() {};
    TupleTag<Rejected> rejected = new TupleTag<>() {};
    TupleTag<Failed> failed = new TupleTag<>() {};
    PCollectionTuple out =
        files.apply(
            "Extract",
            ParDo.of(new ExtractFn(cacheDir == null ? null : new ExtractionCache(cacheDir), chunks, rejected, failed))
                .withOutputTags(chunks, TupleTagList.of(rejected).and(failed)));
    return StageResult.of(out, chunks, rejected, failed);
  }

  private static final class ExtractFn extends DoFn<SourceFile, Chunk> {
    private final TupleTag<Chunk> chunks;
    private final TupleTag<Rejected> rejected;
    private final TupleTag<Failed> failed;
    private final Counter chunkCount = Metrics.counter(ExtractChunks.class, "chunks");
    private final Counter parseFallbacks = Metrics.counter(ExtractChunks.class, "java_parse_fallback");
    private final Counter cacheHits = Metrics.counter(ExtractChunks.class, "cache_hits");
    private final Counter parsed = Metrics.counter(ExtractChunks.class, "extracted");
    private final Counter filesSeen = Metrics.counter(ExtractChunks.class, "files");
    private final ExtractionCache cache;
    private transient ChunkExtractor extractor;

    ExtractFn(ExtractionCache cache, TupleTag<Chunk> chunks, TupleTag<Rejected> rejected, TupleTag<Failed> failed) {
      this.cache = cache;
      this.chunks = chunks;
      this.rejected = rejected;
      this.failed = failed;
    }

    @Setup
    public void setup() {
      extractor = new ChunkExtractor();
    }

    @ProcessElement
    public void process(@Element SourceFile file, MultiOutputReceiver out) {
      filesSeen.inc();
      ExtractionResult result = cache == null ? null : cache.get(file);
      if (result != null) {
        cacheHits.inc();
      } else {
        try {
          result = extractor.extract(file);
        } catch (RuntimeException | StackOverflowError e) {
          out.get(failed).output(new Failed(STAGE, Stages.oneLine(e), file.path(), 1));
          return;
        }
        parsed.inc();
        if (cache != null) {
          cache.put(file, result);
        }
      }
      if (result.parseFailed()) {
        parseFallbacks.inc();
        out.get(failed)
            .output(
                new Failed(
                    STAGE,
                    "JavaParser could not parse the file, so it was chunked as text windows: "
                        + result.parseError(),
                    file.path(),
                    1));
      }
      if (result.chunks().isEmpty()) {
        out.get(rejected)
            .output(
                new Rejected(
                    STAGE,
                    "empty_file",
                    "the file has no text to chunk",
                    Stages.json("repo", file.repo(), "path", file.path())));
        return;
      }
      for (Chunk c : result.chunks()) {
        chunkCount.inc();
        out.get(chunks).output(c);
      }
    }
  }
}
