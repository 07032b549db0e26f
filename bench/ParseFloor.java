import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The floor for any JavaParser-based tool: parse every .java file under a folder once, N threads, nothing
 * else. Two settings: "bare" (token storage off, the cheapest; but in JavaParser 3.28 it also drops every
 * node's range and all comments, so no tool that quotes code or Javadoc can use it) and "ranges" (tokens
 * stored and comments attributed: the cheapest settings that keep declarations' ranges and Javadoc,
 * which repotune's chunker and FIM middles parse with).
 * Run: java -Xss8m -cp pipeline/target/repotune.jar bench/ParseFloor.java DIR [THREADS] [bare|ranges]
 */
public class ParseFloor {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    boolean ranges = args.length > 2 && args[2].equals("ranges");
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/.git/")).sorted().toList();
    }
    long start = System.nanoTime();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new java.util.ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(pool.submit(() -> {
        JavaParser parser = new JavaParser(new ParserConfiguration().setStoreTokens(ranges)
            .setAttributeComments(ranges).setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
        for (int i; (i = next.getAndIncrement()) < files.size(); ) {
          try {
            if (!parser.parse(Files.readString(files.get(i))).isSuccessful()) failed.incrementAndGet();
          } catch (Exception | StackOverflowError e) {
            failed.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) f.get();
    pool.shutdown();
    System.out.printf("parsed %d files (%d failed) in %.1f s with %d threads, %s%n",
        files.size(), failed.get(), (System.nanoTime() - start) / 1e9, threads, ranges ? "ranges" : "bare");
  }
}
