package dev.repotune.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.TokenCounter;
import dev.repotune.samples.CptRecord;
import dev.repotune.samples.Failed;
import dev.repotune.samples.Message;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.SftRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The manifest's counts, taken from the data itself (not from runner metrics, which some runners drop):
 * every stream is reduced to named sums and written as one sorted JSON object, {@value #FILE}, that the
 * driver reads, checks (nothing lost) and folds into {@code manifest.json}.
 */
final class CountOutcomes {
  static final String FILE = "_counts.json";

  private CountOutcomes() {}

  static PCollection<String> write(
      String dir,
      PCollection<SourceFile> files,
      PCollection<Chunk> chunks,
      PCollection<SftRecord> sft,
      PCollection<CptRecord> cpt,
      PCollection<Rejected> rejected,
      PCollection<Failed> failed) {
    PCollection<KV<String, Long>> answered =
        sft.apply(
                "AnsweredChunkIds",
                MapElements.into(TypeDescriptors.strings()).via(r -> r.meta().chunkId()))
            .apply("DistinctChunkIds", Distinct.create())
            .apply("CountAnswered", Count.globally())
            .apply("AnsweredKey", WithKeys.of("chunks.answered"));
    PCollection<KV<String, Long>> zero =
        files.getPipeline().apply("AlwaysOneTally", Create.of(KV.of("files.kept", 0L)));
    return PCollectionList.of(zero)
        .and(files.apply("TallyFiles", ParDo.of(new FileTally())))
        .and(chunks.apply("TallyChunks", ParDo.of(new ChunkTally())))
        .and(sft.apply("TallySft", ParDo.of(new SftTally())))
        .and(cpt.apply("TallyCpt", ParDo.of(new CptTally())))
        .and(rejected.apply("TallyRejected", ParDo.of(new RejectedTally())))
        .and(failed.apply("TallyFailed", ParDo.of(new FailedTally())))
        .and(answered)
        .apply("FlattenTallies", Flatten.pCollections())
        .apply("SumTallies", Sum.longsPerKey())
        .apply("OneGroup", WithKeys.of(""))
        .apply("GatherTallies", GroupByKey.create())
        .apply("WriteCounts", ParDo.of(new WriteFn(dir)));
  }

  private static final class FileTally extends DoFn<SourceFile, KV<String, Long>> {
    @ProcessElement
    public void process(@Element SourceFile f, OutputReceiver<KV<String, Long>> out) {
      out.output(KV.of("files.kept", 1L));
      out.output(KV.of("files.language." + f.language(), 1L));
    }
  }

  private static final class ChunkTally extends DoFn<Chunk, KV<String, Long>> {
    @ProcessElement
    public void process(@Element Chunk c, OutputReceiver<KV<String, Long>> out) {
      out.output(KV.of("chunks.total", 1L));
      out.output(KV.of("chunks.kind." + c.kind().name().toLowerCase(), 1L));
      out.output(KV.of("tokens.chunks", (long) c.tokens()));
      if (c.kind() == ChunkKind.WINDOW && "java".equals(c.language()) && c.startLine() == 1) {
        out.output(KV.of("files.java_parse_fallback", 1L));
      }
    }
  }

  private static final class SftTally extends DoFn<SftRecord, KV<String, Long>> {
    @ProcessElement
    public void process(@Element SftRecord r, OutputReceiver<KV<String, Long>> out) {
      String split = r.meta().split();
      out.output(KV.of("sft." + split + ".total", 1L));
      out.output(KV.of("sft." + split + ".task." + r.meta().task(), 1L));
      long tokens = 0;
      for (Message m : r.messages()) {
        tokens += TokenCounter.count(m.content());
      }
      out.output(KV.of("tokens.sft." + split, tokens));
    }
  }

  private static final class CptTally extends DoFn<CptRecord, KV<String, Long>> {
    @ProcessElement
    public void process(@Element CptRecord r, OutputReceiver<KV<String, Long>> out) {
      out.output(KV.of("cpt.train.total", 1L));
      out.output(KV.of("tokens.cpt.train", (long) r.meta().tokens()));
    }
  }

  private static final class RejectedTally extends DoFn<Rejected, KV<String, Long>> {
    @ProcessElement
    public void process(@Element Rejected r, OutputReceiver<KV<String, Long>> out) {
      out.output(KV.of("rejected." + r.stage() + "." + r.reason(), 1L));
    }
  }

  private static final class FailedTally extends DoFn<Failed, KV<String, Long>> {
    @ProcessElement
    public void process(@Element Failed f, OutputReceiver<KV<String, Long>> out) {
      out.output(KV.of("failed." + f.stage(), 1L));
    }
  }

  private static final class WriteFn extends DoFn<KV<String, Iterable<KV<String, Long>>>, String> {
    private final String dir;

    WriteFn(String dir) {
      this.dir = dir;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<KV<String, Long>>> all, OutputReceiver<String> out)
        throws IOException {
      Map<String, Long> sorted = new TreeMap<>();
      all.getValue().forEach(kv -> sorted.put(kv.getKey(), kv.getValue()));
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      try (OutputStream o =
          Channels.newOutputStream(
              FileSystems.create(
                  FileSystems.matchNewResource(dir + "/" + FILE, false), MimeTypes.TEXT))) {
        o.write(json.writeValueAsBytes(sorted));
      }
      out.output(FILE);
    }
  }
}
