package dev.repotune.pipeline.stages;

import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.TokenCounter;
import dev.repotune.extractors.completion.DependencyOrder;
import dev.repotune.extractors.completion.FileDependencies;
import dev.repotune.extractors.completion.FimSpan;
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
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
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
 * <p>One group per repository: the order needs every file's dependencies at once. The group plans from
 * the pieces' counts; each document is then rendered and counted exactly on its own, in parallel.
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

  @Override
  public PCollection<RepoDocument> expand(PCollection<RepoEntry> entries) {
    return entries
        .apply("ByRepo", WithKeys.of((RepoEntry e) -> e.repo()).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(RepoEntry.class)))
        .apply("GroupRepo", GroupByKey.create())
        .apply("Pack", ParDo.of(new PackFn(settings)))
        .setCoder(SerializableCoder.of(Packed.class))
        .apply("Render", ParDo.of(new RenderFn(settings)))
        .setCoder(SerializableCoder.of(RepoDocument.class));
  }

  /** The seeded FIM choice of a repository's documents, with the profile's reserve. */
  static RepoPacking.FimChoice fimChoice(Settings s, ModelProfile profile, String repo) {
    return new RepoPacking.FimChoice(
        StableIds.prefix64(Long.toString(s.seed()), "repo-fim", repo), s.fimRate(), s.spmShare(),
        RepoPacking.fimReserve(profile, TokenCounter::count));
  }

  /**
   * The most tokens of a file's body one piece may hold in a document of repository {@code repo}: the
   * context less the header, the FIM reserve and the file's own wrapper (one token more for the line
   * break a layout adds after a body that lacks one).
   */
  static int room(Settings s, ModelProfile profile, String repo, String path) {
    int header = profile.tokens(profile.repoHeader(repo), TokenCounter::count);
    return RepoPacking.maxPieceTokens(s.contextTokens(), header, fimChoice(s, profile, repo)) - wrapper(profile, path);
  }

  /** The tokens {@code repoFile} adds around a body, with one to spare for a line break it adds. */
  static int wrapper(ModelProfile profile, String path) {
    return profile.tokens(profile.repoFile(path, ""), TokenCounter::count) + 1;
  }

  /** One planned document and the texts of its pieces, for rendering apart from the plan. */
  record Packed(String repo, String commit, int index, RepoPacking.Document document, List<String> texts,
      RepoPacking.Span span, String fimPath) implements Serializable {}

  /** A repository's documents planned: dependency order, pieces, greedy packing, the FIM middle of each. */
  private static final class PackFn extends DoFn<KV<String, Iterable<RepoEntry>>, Packed> {
    private final Settings s;
    private transient ModelProfile profile;
    private final Counter millis = Metrics.counter(ToRepoDocuments.class, "millis");

    PackFn(Settings s) {
      this.s = s;
    }

    @Setup
    public void setup() {
      profile = ModelProfile.named(s.profile());
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<RepoEntry>> repo, OutputReceiver<Packed> out) {
      long t0 = System.nanoTime();
      try {
        pack(repo.getKey(), repo.getValue(), out);
      } finally {
        millis.inc((System.nanoTime() - t0) / 1_000_000);
      }
    }

    private void pack(String repo, Iterable<RepoEntry> entries, OutputReceiver<Packed> out) {
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
          int end = k < e.cuts().size() ? e.cuts().get(k) : e.body().length();
          pieces.add(new RepoPacking.Piece(path, k, parts, start, end, e.pieceTokens().get(k) + wrapper));
          start = end;
        }
      }
      int header = profile.tokens(profile.repoHeader(repo), TokenCounter::count);
      RepoPacking.Plan plan = RepoPacking.plan(pieces, header, s.contextTokens(), fimChoice(s, profile, repo));
      String commit = byPath.values().iterator().next().commit();
      for (int i = 0; i < plan.documents().size(); i++) {
        RepoPacking.Document d = plan.documents().get(i);
        List<String> texts = new ArrayList<>();
        for (RepoPacking.Piece p : d.pieces()) {
          texts.add(p.text(byPath.get(p.path()).body()));
        }
        RepoPacking.Piece last = d.pieces().get(d.pieces().size() - 1);
        RepoPacking.Span span = d.hasFim() ? spanIn(byPath.get(last.path()), last) : null;
        out.output(new Packed(repo, commit, i, d, texts, span, span == null ? "" : last.path()));
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

  /** A document's text in the profile's layout, counted exactly (documents render in parallel). */
  private static final class RenderFn extends DoFn<Packed, RepoDocument> {
    private final Settings s;
    private transient ModelProfile profile;
    private final Counter millis = Metrics.counter(ToRepoDocuments.class, "millis");

    RenderFn(Settings s) {
      this.s = s;
    }

    @Setup
    public void setup() {
      profile = ModelProfile.named(s.profile());
    }

    @ProcessElement
    public void process(@Element Packed p, OutputReceiver<RepoDocument> out) {
      long t0 = System.nanoTime();
      RepoPacking.Rendered r =
          RepoPacking.renderFitted(profile, p.repo(), p.document(), p.texts(), p.span(), TokenCounter::count, s.contextTokens());
      List<String> paths = p.document().pieces().stream().map(RepoPacking.Piece::path).toList();
      // the repository's hash, then the document's place: shards list a repository's documents in order
      String id = StableIds.of(p.repo(), p.commit(), "repo", s.profile()) + String.format("-%06d", p.index());
      out.output(new RepoDocument(id, r.text(),
          new RepoDocument.Meta(p.repo(), p.commit(), paths, r.fim() ? p.fimPath() : "", s.profile(), r.tokens(), Split.TRAIN)));
      millis.inc((System.nanoTime() - t0) / 1_000_000);
    }
  }
}
