package dev.repotune.extractors.completion;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Not a test: {@code DependencyBench <bare.git> [show]} reads every file at HEAD, orders them and prints
 * files, edges, cycles, the time of {@link FileDependencies#of} (parse excluded) and of {@link
 * DependencyOrder}, and the first {@code show} paths of the order.
 */
public final class DependencyBench {
  public static void main(String[] args) throws Exception {
    int show = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    JavaParser parser =
        new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21));
    List<FileDependencies> files = new ArrayList<>();
    long depsNanos = 0;
    int failed = 0;
    try (Repository repo = new FileRepositoryBuilder().setGitDir(new File(args[0])).build();
        RevWalk walk = new RevWalk(repo);
        TreeWalk tree = new TreeWalk(repo)) {
      ObjectId head = repo.resolve("HEAD");
      tree.addTree(walk.parseCommit(head).getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        String path = tree.getPathString();
        if (!path.endsWith(".java")) {
          files.add(FileDependencies.none(path));
          continue;
        }
        String text = new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        Optional<CompilationUnit> unit = parser.parse(text).getResult();
        if (unit.isEmpty()) {
          failed++;
          files.add(FileDependencies.none(path));
          continue;
        }
        long t = System.nanoTime();
        files.add(FileDependencies.of(path, unit.get()));
        depsNanos += System.nanoTime() - t;
      }
    }
    long t = System.nanoTime();
    DependencyOrder.Result r = DependencyOrder.analyse(files);
    long orderNanos = System.nanoTime() - t;
    long uses = files.stream().mapToLong(f -> f.uses().size()).sum();
    System.out.printf(
        "files=%d java=%d unparsed=%d uses=%d edges=%d cycles=%d cycleFiles=%d deps=%.2fs order=%.2fs%n",
        files.size(), files.stream().filter(f -> !f.declares().isEmpty()).count(), failed, uses, r.edges(),
        r.cycles(), r.cycleFiles(), depsNanos / 1e9, orderNanos / 1e9);
    r.order().stream().limit(show).forEach(System.out::println);
  }
}
