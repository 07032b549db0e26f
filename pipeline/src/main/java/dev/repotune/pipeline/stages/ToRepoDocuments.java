package dev.repotune.pipeline.stages;

import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.TokenCounter;
import dev.repotune.extractors.completion.DependencyOrder;
import dev.repotune.extractors.completion.FileDependencies;
import dev.repotune.extractors.completion.FimSpan;
import dev.repotune.pipeline.coders.Packed;
import dev.repotune.samples.ModelProfile;
import dev.repotune.samples.RepoDocument;
import dev.repotune.samples.RepoEntry;
import dev.repotune.samples.RepoPacking;
import dev.repotune.samples.Split;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Stage 7: repository-level documents. Each repository's training files ({@link ToFimExamples}'
 * entries) in dependency order ({@link DependencyOrder}: what a file imports or uses comes before it, as
 * DeepSeek-Coder orders repository data), packed in that order into documents of at most {@code
 * --context-tokens} ({@link RepoPacking}) and wrapped in the profile's repository format. A file too long
 * for one document was cut by stage 6 at line starts into pieces that fit. A document carries a FIM
 * example, at the profile's rate, in its last file (the target last, its context before it, as
 * Qwen2.5-Coder's repository-level FIM does), with a middle chosen for that file that lies in the piece.
 *
 * <p>One group per repository, of the entries without their bodies (packed into byte batches: the
 * DirectRunner copies a group's whole bag at every bundle, and a bag of the JDK's texts never finished):
 * the order needs every file's dependencies at once, and the plan needs only the pieces' counts. The
 * texts reach their documents by two joins on many small keys (file, then document), and each document
 * is rendered and counted exactly on its own, in parallel.
 */
public final class ToRepoDocuments extends PTransform<PCollection<RepoEntry>, PCollection<RepoDocument>> {
  /** What decides the documents. */
  public record Settings(String profile, long seed, double fimRate, double spmShare, int contextTokens)
      implements Serializable {}

  private final Settings settings;

  private ToRepoDocuments(Settings settings) {
    this.settings = settings;
  }

  public static ToRepoDocuments of(Settings settings) {
    return new ToRepoDocuments(settings);
  }

  private static final TupleTag<KV<String, Placement>> PLACEMENTS = new TupleTag<>() {};
  private static final TupleTag<KV<String, Planned>> DOCUMENTS = new TupleTag<>() {};

  @Override
  public PCollection<RepoDocument> expand(PCollection<RepoEntry> entries) {
    // 1. the plan, from the entries without their bodies, packed into a few batches a bundle
    PCollectionTuple planned =
        entries
            .apply("PackMeta", ParDo.of(new PackMetaFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
            .apply("GroupRepo", GroupByKey.create())
            .apply("Plan", ParDo.of(new PlanFn(settings)).withOutputTags(PLACEMENTS, TupleTagList.of(DOCUMENTS)));
    PCollection<KV<String, Placement>> placements =
        planned.get(PLACEMENTS).setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(Placement.class)));
    PCollection<KV<String, Planned>> documents =
        planned.get(DOCUMENTS).setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(Planned.class)));

    // 2. each file's pieces to their documents, joined by file (many small keys, no repo-wide group of texts)
    TupleTag<RepoEntry> entryTag = new TupleTag<>() {};
    TupleTag<Placement> placementTag = new TupleTag<>() {};
    PCollection<KV<String, RepoEntry>> byFile =
        entries
            .apply("ByFile", WithKeys.of((RepoEntry e) -> fileKey(e.repo(), e.path())).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(RepoEntry.class)));
    PCollection<KV<String, KV<Integer, String>>> texts =
        KeyedPCollectionTuple.of(entryTag, byFile)
            .and(placementTag, placements)
            .apply("JoinFiles", CoGroupByKey.create())
            .apply("PieceTexts", ParDo.of(new PieceTextsFn(entryTag, placementTag)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of())));

    // 3. each document from its plan and its pieces' texts, rendered and counted exactly
    TupleTag<Planned> documentTag = new TupleTag<>() {};
    TupleTag<KV<Integer, String>> textTag = new TupleTag<>() {};
    return KeyedPCollectionTuple.of(documentTag, documents)
        .and(textTag, texts)
        .apply("JoinDocuments", CoGroupByKey.create())
        .apply("Render", ParDo.of(new RenderFn(settings, documentTag, textTag)))
        .setCoder(SerializableCoder.of(RepoDocument.class));
  }

  static String fileKey(String repo, String path) {
    return repo + "\n" + path;
  }

  /** The seeded FIM choice of a repository's documents, with the profile's reserve. */
  static RepoPacking.FimChoice fimChoice(Settings s, ModelProfile profile, String repo) {
    return new RepoPacking.FimChoice(
        StableIds.prefix64(Long.toString(s.seed()), "repo-fim", repo), s.fimRate(), s.spmShare(),
        RepoPacking.fimReserve(profile, TokenCounter::count));
  }

  /**
   * The most tokens of files one document of repository {@code repo} holds: the context less the header
   * and the FIM reserve. A file's body gets this less its own {@link #wrapper}.
   */
  static int room(Settings s, ModelProfile profile, String repo) {
    int header = profile.tokens(profile.repoHeader(repo), TokenCounter::count);
    return RepoPacking.maxPieceTokens(s.contextTokens(), header, fimChoice(s, profile, repo));
  }

  /** The tokens {@code repoFile} adds around a body, with one to spare for a line break it adds. */
  static int wrapper(ModelProfile profile, String path) {
    return profile.tokens(profile.repoFile(path, ""), TokenCounter::count) + 1;
  }

  /** One planned document (no texts): its place in the repository, its pieces, and its FIM middle. */
  record Planned(String repo, String commit, int index, RepoPacking.Document document, RepoPacking.Span span,
      String fimPath) implements Serializable {}

  /** Where a piece of a file goes: its document, its place there, and its span of the body. */
  record Placement(String document, int position, int start, int end) implements Serializable {}

  /** The entries of a bundle without their bodies, packed per repository ({@link Packed}: a bag of bytes copies fast). */
  private static final class PackMetaFn extends DoFn<RepoEntry, KV<String, byte[]>> {
    private transient Map<String, Packed.Packer<RepoEntry>> packers;

    @StartBundle
    public void start() {
      packers = new TreeMap<>();
    }

    @ProcessElement
    public void process(@Element RepoEntry e, OutputReceiver<KV<String, byte[]>> out) {
      byte[] full = packers
          .computeIfAbsent(e.repo(), k -> new Packed.Packer<>(SerializableCoder.of(RepoEntry.class)))
          .add(e.withoutBody());
      if (full != null) {
        out.output(KV.of(e.repo(), full));
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      packers.forEach((repo, packer) -> {
        byte[] rest = packer.drain();
        if (rest != null && rest.length > 0) {
          c.output(KV.of(repo, rest), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
        }
      });
    }
  }

  /** A repository's documents planned: dependency order, pieces, greedy packing, the FIM middle of each. */
  private static final class PlanFn extends DoFn<KV<String, Iterable<byte[]>>, KV<String, Placement>> {
    private final Settings s;
    private transient ModelProfile profile;
    private final Counter millis = Metrics.counter(ToRepoDocuments.class, "millis");

    PlanFn(Settings s) {
      this.s = s;
    }

    @Setup
    public void setup() {
      profile = ModelProfile.named(s.profile());
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<byte[]>> repo, MultiOutputReceiver out) {
      long t0 = System.nanoTime();
      List<RepoEntry> entries = new ArrayList<>();
      for (byte[] batch : repo.getValue()) {
        Packed.unpack(SerializableCoder.of(RepoEntry.class), batch, entries);
      }
      plan(repo.getKey(), entries, out);
      millis.inc((System.nanoTime() - t0) / 1_000_000);
    }

    private void plan(String repo, List<RepoEntry> entries, MultiOutputReceiver out) {
      Map<String, RepoEntry> byPath = new TreeMap<>();
      entries.forEach(e -> byPath.put(e.path(), e));
      if (byPath.isEmpty()) {
        return;
      }
      List<FileDependencies> deps = new ArrayList<>();
      byPath.values().forEach(e -> deps.add(e.dependencies()));
      List<RepoPacking.Piece> pieces = new ArrayList<>();
      for (String path : DependencyOrder.of(deps)) {
        RepoEntry e = byPath.get(path);
        int wrapper = wrapper(profile, path);
        int parts = e.pieceTokens().size();
        int start = 0;
        for (int k = 0; k < parts; k++) {
          int end = k < e.cuts().size() ? e.cuts().get(k) : e.length();
          pieces.add(new RepoPacking.Piece(path, k, parts, start, end, e.pieceTokens().get(k) + wrapper));
          start = end;
        }
      }
      int header = profile.tokens(profile.repoHeader(repo), TokenCounter::count);
      RepoPacking.Plan plan = RepoPacking.plan(pieces, header, s.contextTokens(), fimChoice(s, profile, repo));
      String commit = byPath.values().iterator().next().commit();
      for (int i = 0; i < plan.documents().size(); i++) {
        RepoPacking.Document d = plan.documents().get(i);
        String key = repo + "\n" + String.format("%06d", i);
        for (int k = 0; k < d.pieces().size(); k++) {
          RepoPacking.Piece p = d.pieces().get(k);
          out.get(PLACEMENTS).output(KV.of(fileKey(repo, p.path()), new Placement(key, k, p.start(), p.end())));
        }
        RepoPacking.Piece last = d.pieces().get(d.pieces().size() - 1);
        RepoPacking.Span span = d.hasFim() ? spanIn(byPath.get(last.path()), last) : null;
        out.get(DOCUMENTS).output(KV.of(key, new Planned(repo, commit, i, d, span, span == null ? "" : last.path())));
      }
    }

    /** The first of the file's middles that lies inside the piece, relative to it; null when none does. */
    private static RepoPacking.Span spanIn(RepoEntry e, RepoPacking.Piece p) {
      for (FimSpan span : e.spans()) {
        if (span.start() >= p.start() && span.end() <= p.end() && span.end() > span.start()) {
          return new RepoPacking.Span(span.start() - p.start(), span.end() - p.start());
        }
      }
      return null;
    }
  }

  /** A file's pieces' texts, each to its document with its place there. */
  private static final class PieceTextsFn extends DoFn<KV<String, CoGbkResult>, KV<String, KV<Integer, String>>> {
    private final TupleTag<RepoEntry> entryTag;
    private final TupleTag<Placement> placementTag;

    PieceTextsFn(TupleTag<RepoEntry> entryTag, TupleTag<Placement> placementTag) {
      this.entryTag = entryTag;
      this.placementTag = placementTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> file, OutputReceiver<KV<String, KV<Integer, String>>> out) {
      RepoEntry e = file.getValue().getOnly(entryTag, null);
      if (e == null) {
        return;
      }
      for (Placement p : file.getValue().getAll(placementTag)) {
        out.output(KV.of(p.document(), KV.of(p.position(), e.body().substring(p.start(), p.end()))));
      }
    }
  }

  /** A document's text in the profile's layout, counted exactly (documents render in parallel). */
  private static final class RenderFn extends DoFn<KV<String, CoGbkResult>, RepoDocument> {
    private final Settings s;
    private final TupleTag<Planned> documentTag;
    private final TupleTag<KV<Integer, String>> textTag;
    private transient ModelProfile profile;
    private final Counter millis = Metrics.counter(ToRepoDocuments.class, "millis");

    RenderFn(Settings s, TupleTag<Planned> documentTag, TupleTag<KV<Integer, String>> textTag) {
      this.s = s;
      this.documentTag = documentTag;
      this.textTag = textTag;
    }

    @Setup
    public void setup() {
      profile = ModelProfile.named(s.profile());
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> doc, OutputReceiver<RepoDocument> out) {
      long t0 = System.nanoTime();
      Planned p = doc.getValue().getOnly(documentTag);
      String[] texts = new String[p.document().pieces().size()];
      for (KV<Integer, String> t : doc.getValue().getAll(textTag)) {
        texts[t.getKey()] = t.getValue();
      }
      RepoPacking.Rendered r = RepoPacking.renderFitted(
          profile, p.repo(), p.document(), List.of(texts), p.span(), TokenCounter::count, s.contextTokens());
      List<String> paths = p.document().pieces().stream().map(RepoPacking.Piece::path).toList();
      // the repository's hash, then the document's place: shards list a repository's documents in order
      String id = StableIds.of(p.repo(), p.commit(), "repo", s.profile()) + String.format("-%06d", p.index());
      out.output(new RepoDocument(id, r.text(),
          new RepoDocument.Meta(p.repo(), p.commit(), paths, r.fim() ? p.fimPath() : "", s.profile(), r.tokens(), Split.TRAIN)));
      millis.inc((System.nanoTime() - t0) / 1_000_000);
    }
  }
}
