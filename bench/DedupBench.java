// Times the in-memory part of Deduplicate on a finished dataset folder: MinHash signatures for every SFT
// row (kept and Deduplicate-rejected) and DuplicateClusters.find, single-threaded. Prints numbers only.
//   java -cp pipeline/target/repotune.jar bench/DedupBench.java <dataset-folder>
import dev.repotune.samples.JsonLines;
import dev.repotune.samples.Message;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.quality.DuplicateClusters;
import dev.repotune.samples.quality.FilterConfig;
import dev.repotune.samples.quality.MinHash;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.*;
import java.util.*;

public class DedupBench {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    ObjectMapper json = new ObjectMapper();
    List<SftRecord> rows = new ArrayList<>();
    try (var s = Files.walk(dir)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        String rel = dir.relativize(p).toString();
        for (String line : Files.readAllLines(p)) {
          if (rel.startsWith("sft/")) rows.add(JsonLines.readSft(line));
          else if (rel.startsWith("rejected/Deduplicate")) {
            var row = json.readTree(json.readTree(line).get("record").asText()).get("row");
            if (row.has("messages")) rows.add(JsonLines.readSft(json.writeValueAsString(row)));
          }
        }
      }
    }
    MinHash minHash = MinHash.of(FilterConfig.DEFAULT);
    long t0 = System.nanoTime();
    List<DuplicateClusters.Item> items = new ArrayList<>();
    for (SftRecord r : rows) {
      StringBuilder b = new StringBuilder();
      for (Message m : r.messages()) if (!m.role().equals("system")) b.append(m.content()).append('\n');
      String text = b.toString();
      items.add(new DuplicateClusters.Item(r.id(), r.meta().chunkId() + "\n" + r.meta().task(), r.meta().task(),
          !r.meta().split().equals("test"), MinHash.exactHash(text), minHash.signature(text)));
    }
    long t1 = System.nanoTime();
    var drops = DuplicateClusters.find(items, minHash, FilterConfig.DEFAULT.nearDuplicateJaccard());
    long t2 = System.nanoTime();
    System.out.printf("rows %d  signatures %.1f s  clustering %.1f s  dropped %d%n", rows.size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, drops.size());
  }
}
