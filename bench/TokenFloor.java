import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.extractors.TokenCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What exact o200k token counts cost on their own, N threads, text already in memory (reading is not
 * timed): the work any run must do beyond the parse to fill the manifest's and the CPT rows' token counts.
 *   source DIR:  every .java file once (a CPT document's count is its file's, header aside)
 *   sft DIR:     every message of every row of DIR/*.jsonl, code blocks memoized as SftRows does
 * Run: java -cp pipeline/target/repotune.jar bench/TokenFloor.java source|sft DIR [THREADS]
 */
public class TokenFloor {
  public static void main(String[] args) throws Exception {
    boolean sft = args[0].equals("sft");
    Path root = Path.of(args[1]);
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    List<List<String>> units = new ArrayList<>(); // the texts one worker counts together
    try (Stream<Path> s = Files.walk(root)) {
      List<Path> files =
          s.filter(p -> p.toString().endsWith(sft ? ".jsonl" : ".java") && !p.toString().contains("/.git/"))
              .sorted()
              .toList();
      ObjectMapper json = new ObjectMapper();
      for (Path f : files) {
        if (!sft) {
          units.add(List.of(Files.readString(f)));
          continue;
        }
        List<String> texts = new ArrayList<>();
        try (Stream<String> lines = Files.lines(f)) {
          for (String line : (Iterable<String>) lines::iterator) {
            for (JsonNode m : json.readTree(line).get("messages")) {
              texts.add(m.get("content").asText());
            }
          }
        }
        units.add(texts);
      }
    }
    long start = System.nanoTime();
    AtomicInteger next = new AtomicInteger();
    AtomicLong tokens = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(pool.submit(() -> {
        Map<String, Integer> memo = new HashMap<>();
        for (int i; (i = next.getAndIncrement()) < units.size(); ) {
          for (String text : units.get(i)) {
            if (memo.size() > 8192) {
              memo.clear();
            }
            tokens.addAndGet(sft ? TokenCounter.countByFences(text, memo) : TokenCounter.count(text));
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    System.out.printf("counted %,d tokens (%s) in %.1f s with %d threads%n",
        tokens.get(), sft ? "SFT messages" : "source files", (System.nanoTime() - start) / 1e9, threads);
  }
}
