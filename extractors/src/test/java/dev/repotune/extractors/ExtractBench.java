package dev.repotune.extractors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Not a test: extracts every .java file under a folder with 2 threads and prints counts and seconds.
 * {@code ExtractBench <dir> [showMethods]} also prints the first N METHOD chunks that have Javadoc.
 */
public final class ExtractBench {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int show = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
    }
    ThreadLocal<ChunkExtractor> extractors = ThreadLocal.withInitial(ChunkExtractor::new);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    long t0 = System.nanoTime();
    List<Future<ExtractionResult>> futures = new ArrayList<>();
    for (Path p : files) {
      futures.add(pool.submit(() -> extractors.get().extract(read(root, p))));
    }
    Map<ChunkKind, Integer> kinds = new EnumMap<>(ChunkKind.class);
    int chunks = 0;
    int failed = 0;
    long tokens = 0;
    List<Chunk> shown = new ArrayList<>();
    for (Future<ExtractionResult> f : futures) {
      ExtractionResult r = f.get();
      if (r.parseFailed()) {
        failed++;
        System.out.println("parse failed: " + r.parseError());
      }
      for (Chunk c : r.chunks()) {
        chunks++;
        tokens += c.tokens();
        kinds.merge(c.kind(), 1, Integer::sum);
        if (shown.size() < show && c.kind() == ChunkKind.METHOD && !c.facts().javadoc().isEmpty()
            && c.facts().params().size() > 0 && chunks % 7 == 0) {
          shown.add(c);
        }
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    System.out.printf("files=%d chunks=%d parseFailed=%d tokens=%d seconds=%.2f%n",
        files.size(), chunks, failed, tokens, secs);
    System.out.println("by kind: " + kinds);
    for (Chunk c : shown) {
      System.out.println("\n==== " + c.symbol() + " L" + c.startLine() + "-" + c.endLine() + " tokens=" + c.tokens());
      System.out.println("---- context\n" + c.context());
      System.out.println("---- text\n" + c.text());
      System.out.println("---- facts\n" + c.facts());
    }
  }

  private static SourceFile read(Path root, Path p) throws IOException {
    String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    return new SourceFile("bench", "HEAD", root.relativize(p).toString(), "java", "", text);
  }
}
