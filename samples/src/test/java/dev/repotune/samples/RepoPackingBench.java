package dev.repotune.samples;

import dev.repotune.extractors.TokenCounter;
import dev.repotune.samples.RepoPacking.Document;
import dev.repotune.samples.RepoPacking.FimChoice;
import dev.repotune.samples.RepoPacking.Piece;
import dev.repotune.samples.RepoPacking.Plan;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Not a test: {@code RepoPackingBench <bare.git> [contextTokens]} packs every text file at HEAD (path
 * order; the order is DependencyOrder's job) with the plain profile and o200k, renders every document and
 * prints documents, cut files, the planned and exact tokens, and any document over the budget.
 */
public final class RepoPackingBench {
  public static void main(String[] args) throws Exception {
    int context = args.length > 1 ? Integer.parseInt(args[1]) : 8192;
    ModelProfile profile = ModelProfile.named("plain");
    Map<String, String> files = new TreeMap<>();
    try (Repository repo = new FileRepositoryBuilder().setGitDir(new File(args[0])).build();
        RevWalk walk = new RevWalk(repo);
        TreeWalk tree = new TreeWalk(repo)) {
      tree.addTree(walk.parseCommit(repo.resolve("HEAD")).getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        byte[] bytes = repo.open(tree.getObjectId(0)).getBytes();
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\0') < 0) {
          files.put(tree.getPathString(), text);
        }
      }
    }
    long t0 = System.nanoTime();
    FimChoice fim = FimChoice.of(profile, 1, TokenCounter::count);
    int header = profile.tokens(profile.repoHeader("r"), TokenCounter::count);
    int maxPiece = RepoPacking.maxPieceTokens(context, header, fim);
    List<Piece> pieces = new ArrayList<>();
    Map<Long, String> slowest = new TreeMap<>(java.util.Comparator.reverseOrder());
    files.forEach((path, text) -> {
      long t = System.nanoTime();
      pieces.addAll(RepoPacking.pieces(
          path, text, maxPiece, s -> profile.tokens(profile.repoFile(path, s), TokenCounter::count)));
      slowest.put(System.nanoTime() - t, path + " " + text.length());
    });
    slowest.entrySet().stream().limit(5).forEach(e -> System.out.printf("%.2fs %s%n", e.getKey() / 1e9, e.getValue()));
    Plan plan = RepoPacking.plan(pieces, header, context, fim);
    long t1 = System.nanoTime();
    long planned = 0;
    long exact = 0;
    int over = 0;
    int fimDocs = 0;
    int lowered = 0;
    for (Document d : plan.documents()) {
      List<String> texts = d.pieces().stream().map(p -> p.text(files.get(p.path()))).toList();
      int tokens = TokenCounter.count(RepoPacking.render(profile, "r", d, texts, null));
      planned += d.tokens();
      exact += tokens;
      over += tokens > context ? 1 : 0;
      lowered += tokens < d.tokens() ? 1 : 0;
      fimDocs += d.hasFim() ? 1 : 0;
    }
    long cut = pieces.stream().filter(p -> p.parts() > 1 && p.index() == 0).count();
    System.out.printf(
        "files=%d pieces=%d cutFiles=%d documents=%d fimDocuments=%d planned=%d exact=%d lowerThanPlanned=%d"
            + " over=%d reserve=%d plan=%.2fs%n",
        files.size(), pieces.size(), cut, plan.documents().size(), fimDocs, planned, exact, lowered, over,
        fim.reserve(), (t1 - t0) / 1e9);
    Map<Integer, Integer> sizes = new LinkedHashMap<>();
    for (Document d : plan.documents()) {
      sizes.merge(d.pieces().size() > 20 ? 21 : d.pieces().size(), 1, Integer::sum);
    }
    System.out.println("files per document: " + new TreeMap<>(sizes));
  }
}
