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
 * The floor for any JavaParser-based tool: parse every .java file under a folder once, N threads, token
 * storage off (the cheapest settings that still give declarations, Javadoc and ranges), nothing else.
 * Run: java -Xss8m -cp pipeline/target/repotune.jar bench/ParseFloor.java DIR [THREADS]
 */
public class ParseFloor {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
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
        JavaParser parser = new JavaParser(new ParserConfiguration().setStoreTokens(false)
            .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
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
    System.out.printf("parsed %d files (%d failed) in %.1f s with %d threads%n",
        files.size(), failed.get(), (System.nanoTime() - start) / 1e9, threads);
  }
}
