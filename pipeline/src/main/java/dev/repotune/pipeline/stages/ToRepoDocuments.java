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
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Stage 9: repository-level documents. Each repository's training files ({@link ToFimExamples}'
 * entries) in dependency order ({@link DependencyOrder}: what a file imports or uses comes before it, as
 * DeepSeek-Coder orders repository data), packed in that order into documents of at most {@code
 * --context-tokens} ({@link RepoPacking}) and wrapped in the profile's repository format. A file too long
 * for one document was cut by stage 8 at line starts into pieces that fit. A document carries a FIM
 * example, at the profile's rate, in its last file (the target last, its context before it, as
 * Qwen2.5-Coder's repository-level FIM does), with a middle chosen for that file that lies in the piece.
 *
 * <p>One group per repository of its entries packed into byte batches ({@link Packed}: the DirectRunner
 * copies a group's bag at every bundle that touches it, at memory speed for bytes): the order needs every
 * file's dependencies at once. The plan step cuts the pieces' texts and hands the documents on, packed, in
 * {@value #RENDER_GROUPS} groups per repository, each rendered and counted exactly in one bundle. Joins by
 * file and by document made one bundle per key, so the writer spilled one run per document, and the
 * JDK's 7,828 runs never finished on the DirectRunner.
 */
public final class ToRepoDocuments extends PTransform<PCollection<RepoEntry>, PCollection<RepoDocument>> {
  /** What decides the documents. */
  public record Settings(String profile, long seed, double fimRate, double spmShare, int contextTokens)
      implements Serializable {}

  private final Settings settings;
  private final String cacheDir;

  private ToRepoDocuments(Settings settings, String cacheDir) {
    this.settings = settings;
    this.cacheDir = cacheDir;
  }

  public static ToRepoDocuments of(Settings settings) {
    return new ToRepoDocuments(settings, null);
  }

  /** The documents' token counts cached under {@code dir} (the CPT documents' token cache); null or "" for none. */
  public ToRepoDocuments withCache(String dir) {
    return new ToRepoDocuments(settings, dir == null || dir.isEmpty() ? null : dir);
  }

  /** The groups a repository's documents are rendered in (one bundle each, in parallel). */
  static final int RENDER_GROUPS = 16;

  @Override
  public PCollection<RepoDocument> expand(PCollection<RepoEntry> entries) {
    return entries
        .apply("PackEntries", ParDo.of(new Packed.PerKey<>(SerializableCoder.of(RepoEntry.class), RepoEntry::repo)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
        .apply("GroupRepo", GroupByKey.create())
        .apply("Plan", ParDo.of(new PlanFn(settings)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
        .apply("GroupDocuments", GroupByKey.create())
        .apply("Render", ParDo.of(new RenderFn(settings, cacheDir)))
        .setCoder(SerializableCoder.of(RepoDocument.class));
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

  /** One planned document with its pieces' texts: its place in the repository, its pieces, and its FIM middle. */
  record Planned(String repo, String commit, int index, RepoPacking.Document document, RepoPacking.Span span,
      String fimPath, List<String> texts) implements Serializable {}

  /** A repository's documents planned: dependency order, pieces, greedy packing, the FIM middle of each. */
  private static final class PlanFn extends DoFn<KV<String, Iterable<byte[]>>, KV<String, byte[]>> {
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
    public void process(@Element KV<String, Iterable<byte[]>> repo, OutputReceiver<KV<String, byte[]>> out) {
      long t0 = System.nanoTime();
      plan(repo.getKey(), Packed.unpackAll(SerializableCoder.of(RepoEntry.class), repo.getValue()), out);
      millis.inc((System.nanoTime() - t0) / 1_000_000);
    }

    private void plan(String repo, List<RepoEntry> entries, OutputReceiver<KV<String, byte[]>> out) {
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
      List<Packed.Packer<Planned>> groups = new ArrayList<>();
      for (int g = 0; g < RENDER_GROUPS; g++) {
        groups.add(new Packed.Packer<>(SerializableCoder.of(Planned.class)));
      }
      for (int i = 0; i < plan.documents().size(); i++) {
        RepoPacking.Document d = plan.documents().get(i);
        List<String> texts = new ArrayList<>();
        for (RepoPacking.Piece p : d.pieces()) {
          texts.add(byPath.get(p.path()).body().substring(p.start(), p.end()));
        }
        RepoPacking.Piece last = d.pieces().get(d.pieces().size() - 1);
        RepoPacking.Span span = d.hasFim() ? spanIn(byPath.get(last.path()), last) : null;
        String group = repo + "\n" + (i % RENDER_GROUPS);
        byte[] full = groups.get(i % RENDER_GROUPS)
            .add(new Planned(repo, commit, i, d, span, span == null ? "" : last.path(), texts));
        if (full != null) {
          out.output(KV.of(group, full));
        }
      }
      for (int g = 0; g < RENDER_GROUPS; g++) {
        byte[] rest = groups.get(g).drain();
        if (rest != null) {
          out.output(KV.of(repo + "\n" + g, rest));
        }
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

  /**
   * A group's documents in the profile's layout, each counted exactly (groups render in parallel), the
   * counts kept in the token cache when there is one: a rerun renders the same documents.
   */
  private static final class RenderFn extends DoFn<KV<String, Iterable<byte[]>>, RepoDocument> {
    private final Settings s;
    private final TokenCountCache counts;
    private transient ModelProfile profile;
    private final Counter millis = Metrics.counter(ToRepoDocuments.class, "millis");

    RenderFn(Settings s, String cacheDir) {
      this.s = s;
      this.counts = new TokenCountCache(cacheDir, Metrics.counter(ToRepoDocuments.class, "reused"));
    }

    @Setup
    public void setup() {
      profile = ModelProfile.named(s.profile());
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<byte[]>> group, OutputReceiver<RepoDocument> out) {
      for (Planned p : Packed.unpackAll(SerializableCoder.of(Planned.class), group.getValue())) {
        long t0 = System.nanoTime();
        RepoPacking.Rendered r = RepoPacking.renderFitted(
            profile, p.repo(), p.document(), p.texts(), p.span(), counts::count, s.contextTokens());
        List<String> paths = p.document().pieces().stream().map(RepoPacking.Piece::path).toList();
        // the repository's hash, then the document's place: shards list a repository's documents in order
        String id = StableIds.of(p.repo(), p.commit(), "repo", s.profile()) + String.format("-%06d", p.index());
        out.output(new RepoDocument(id, r.text(),
            new RepoDocument.Meta(p.repo(), p.commit(), paths, r.fim() ? p.fimPath() : "", s.profile(), r.tokens(), Split.TRAIN)));
        millis.inc((System.nanoTime() - t0) / 1_000_000);
      }
    }
  }
}
