package dev.repotune.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repotune.extractors.git.ResolvedRepository;
import dev.repotune.pipeline.cli.ExitCodes;
import dev.repotune.pipeline.cli.ExitException;
import dev.repotune.pipeline.stages.RunFiles;
import dev.repotune.samples.BeirFiles;
import dev.repotune.pipeline.stages.ShardSinks;
import dev.repotune.samples.CardInfo;
import dev.repotune.samples.OutputKind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The output folder's life: the job writes into a hidden work folder beside it; only when every shard,
 * the card and finally the manifest are written is the work folder moved into place. A crash or Ctrl-C
 * therefore leaves no folder that looks like a finished dataset.
 */
public final class DatasetFolder {
  static final String MANIFEST = Manifest.FILE;
  /** Tests set this system property to make the manifest write fail with its value as the message. */
  public static final String SIMULATE_WRITE_ERROR = "repotune.test.writeError";

  private final Path outDir;
  private final Path workDir;
  private final OutputGuard.Lock lock;

  private DatasetFolder(Path outDir, Path workDir, OutputGuard.Lock lock) {
    this.outDir = outDir;
    this.workDir = workDir;
    this.lock = lock;
  }

  /**
   * Checks the output folder can be (re)written, takes its lock and makes a fresh work folder. Only a
   * repotune dataset ({@link OutputGuard#notADataset}) or an empty folder is replaced without {@code
   * overwrite}; a folder that is, holds or lies in one of {@code guarded} never is. Everything is
   * checked before the run, so a run does not end by failing to move its work into place.
   */
  public static DatasetFolder prepare(Path outDir, boolean overwrite, List<OutputGuard.Guarded> guarded) {
    OutputGuard.checkApart(outDir, guarded);
    if (Files.exists(outDir)) {
      if (!Files.isDirectory(outDir)) {
        throw new ExitException(
            ExitCodes.BAD_INPUT, "output " + outDir + " is a file, not a folder; choose another --out");
      }
      if (OutputGuard.isMountPoint(outDir)) {
        throw new ExitException(
            ExitCodes.BAD_INPUT,
            "output " + outDir + " is a mount point, which cannot be replaced whole; name a folder inside it, e.g. --out "
                + outDir.resolve("dataset"));
      }
      java.util.Optional<String> foreign = isEmpty(outDir) ? java.util.Optional.empty() : OutputGuard.notADataset(outDir);
      if (!overwrite && foreign.isPresent()) {
        throw new ExitException(
            ExitCodes.BAD_INPUT,
            "output folder "
                + outDir
                + " holds something other than a repotune dataset ("
                + foreign.get()
                + "); choose another --out or pass --overwrite");
      }
    }
    OutputGuard.Lock lock = OutputGuard.Lock.acquire(outDir);
    Path work = outDir.resolveSibling("." + outDir.getFileName() + ".partial");
    try {
      if (Files.exists(work) && !OutputGuard.isOwnWorkFolder(work)) {
        throw new ExitException(
            ExitCodes.BAD_INPUT,
            work + " exists and is not a work folder repotune made; move it away, or choose another --out");
      }
      Path replaced = replacedDir(outDir);
      if (Files.exists(replaced) && !overwrite && !isEmpty(replaced) && OutputGuard.notADataset(replaced).isPresent()) {
        throw new ExitException(
            ExitCodes.BAD_INPUT,
            replaced + " holds something other than a repotune dataset; move it away, or pass --overwrite");
      }
      if (Files.exists(work)) {
        deleteWorkFolder(work);
      }
      Files.createDirectories(work);
      Files.createFile(work.resolve(OutputGuard.WORK_MARK));
    } catch (IOException e) {
      lock.close();
      throw new ExitException(
          ExitCodes.BAD_INPUT,
          "cannot write the output folder " + outDir.getParent() + " (" + e.getMessage() + "); choose a writable --out");
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    return new DatasetFolder(outDir, work, lock);
  }

  /**
   * Ends a run that did not finish: removes the work folder (only ever repotune's own) and lets go of
   * the lock. Safe to call more than once and after {@link #finish}.
   */
  public void abandon() {
    try {
      // A failed job's last workers may still be closing files in it: a few tries, then leave it to the
      // next run, which removes it (it carries repotune's mark).
      for (int attempt = 0; attempt < 20 && OutputGuard.isOwnWorkFolder(workDir); attempt++) {
        try {
          deleteWorkFolder(workDir);
        } catch (IOException | java.io.UncheckedIOException e) {
          try {
            Thread.sleep(100);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    } finally {
      lock.close();
    }
  }

  /** Deletes a work folder with its mark last, so a folder half deleted is still known as repotune's. */
  private static void deleteWorkFolder(Path work) throws IOException {
    Path mark = work.resolve(OutputGuard.WORK_MARK);
    try (Stream<Path> s = Files.walk(work)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        if (!q.equals(mark) && !q.equals(work)) {
          Files.deleteIfExists(q);
        }
      }
    }
    Files.deleteIfExists(mark);
    Files.deleteIfExists(work);
  }

  private static Path replacedDir(Path outDir) {
    return outDir.resolveSibling("." + outDir.getFileName() + ".replaced");
  }

  public Path workDir() {
    return workDir;
  }

  public Path outDir() {
    return outDir;
  }

  /**
   * Completes the dataset: checks the counts add up, lists every kind's files and writes the derived ones
   * (the OpenAI copies), the card, the LLaMA-Factory entries and the manifest (last), then moves the
   * folder into place. Rows say which repository they come from in meta.repo.
   */
  public Summary finish(
      List<ResolvedRepository> repos, Map<String, Object> config, String command, Duration elapsed)
      throws IOException {
    ResolvedRepository repo = repos.size() == 1 ? repos.get(0) : combined(repos);
    Path countsFile = workDir.resolve(CountOutcomes.FILE);
    Map<String, Long> counts = Manifest.readCounts(countsFile);
    Files.delete(countsFile);
    checkSomethingRead(repo, counts);
    Manifest.checkNothingLost(counts);
    removeEmptyRuns();

    Map<OutputKind<?>, List<String>> files = new LinkedHashMap<>();
    List<String> shards = new ArrayList<>();
    for (OutputKind<?> kind : OutputKind.values()) {
      if (kind.source() == null) {
        files.put(kind, list(kind.folder()));
        shards.addAll(files.get(kind));
      }
    }
    for (OutputKind<?> kind : OutputKind.values()) {
      if (kind.source() != null) {
        files.put(kind, writeDerived(kind, files.get(kind.source())));
      }
    }
    deleteRecursively(workDir.resolve(ShardSinks.COPIES));
    DatasetDocs.write(workDir, repo, counts, command, shards);

    Map<OutputKind<?>, List<String>> inOrder = new LinkedHashMap<>();
    OutputKind.values().forEach(k -> inOrder.put(k, files.get(k)));
    ObjectNode m = Manifest.build(repo, repos, config, command, counts, inOrder, elapsed);
    List<String> beir = BeirFiles.present(workDir);
    if (!beir.isEmpty()) {
      // the BEIR folder keeps BEIR's own file names, so it is no output kind; the manifest lists it as one
      ((ObjectNode) m.get("files")).set(BeirFiles.FOLDER, Manifest.JSON.valueToTree(beir));
    }
    String simulated = System.getProperty(SIMULATE_WRITE_ERROR);
    if (simulated != null) {
      throw new IOException(simulated); // tests: a disk that fills up just before the manifest
    }
    Files.write(workDir.resolve(MANIFEST), Manifest.JSON.writeValueAsBytes(m));

    moveIntoPlace();
    return new Summary(outDir, counts, elapsed, String.valueOf(config.getOrDefault("model", "offline")));
  }

  private static ResolvedRepository combined(List<ResolvedRepository> repos) {
    return new ResolvedRepository(
        String.join("+", repos.stream().map(ResolvedRepository::name).toList()),
        String.join(" ", repos.stream().map(ResolvedRepository::url).toList()),
        String.join(" ", repos.stream().map(ResolvedRepository::ref).toList()),
        String.join(" ", repos.stream().map(ResolvedRepository::commit).toList()),
        repos.get(0).gitDir());
  }

  /** WriteShards' run files are merged and deleted by the job; a leftover one means lost rows. */
  private void removeEmptyRuns() throws IOException {
    Path runs = workDir.resolve(RunFiles.FOLDER);
    if (!Files.exists(runs)) {
      return;
    }
    try (Stream<Path> s = Files.walk(runs)) {
      if (s.anyMatch(Files::isRegularFile)) {
        throw new ExitException(
            ExitCodes.RUN_FAILED,
            "rows were left unmerged in " + runs + "; the dataset was not written (please report this)");
      }
    }
    deleteRecursively(runs);
  }

  /** A run that kept no file has nothing to train on: say why, rather than write an empty dataset. */
  void checkSomethingRead(ResolvedRepository repo, Map<String, Long> counts) throws IOException {
    if (counts.getOrDefault("files.kept", 0L) > 0) {
      return;
    }
    deleteRecursively(workDir);
    String prefix = OutputKind.REJECTED.countKey("ReadRepository") + ".";
    long skipped = Manifest.sumPrefix(counts, prefix);
    Map<String, Long> reasons = new TreeMap<>();
    counts.forEach((k, v) -> {
      if (k.startsWith(prefix)) reasons.put(k.substring(prefix.length()), v);
    });
    throw new ExitException(
        ExitCodes.BAD_INPUT,
        skipped == 0
            ? "no files in " + repo.url() + " at " + repo.commit().substring(0, 12) + "; pick another --ref or repository"
            : "no supported files in " + repo.url() + " at " + repo.commit().substring(0, 12) + ": all " + skipped
                + " skipped " + reasons + "; check --include/--exclude/--max-file-bytes, or pick another --ref or repository");
  }

  /** The files of one folder, relative to the dataset root, sorted. */
  private List<String> list(String folder) throws IOException {
    Path dir = workDir.resolve(folder);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> folder + "/" + p.getFileName()).sorted().toList();
    }
  }

  /**
   * A derived kind's files (the OpenAI copies): one a split, rows in shard order. Each shard's merge wrote
   * its part ({@link ShardSinks#COPIES}{@code /<folder>/<source shard>}); here they are only joined.
   */
  private List<String> writeDerived(OutputKind<?> kind, List<String> sourceFiles) throws IOException {
    Map<String, List<String>> bySplit = new TreeMap<>();
    for (String f : sourceFiles) {
      if (f.endsWith(".jsonl")) {
        String group = CardInfo.groupOf(f);
        bySplit.computeIfAbsent(group.substring(group.indexOf('/') + 1), k -> new ArrayList<>()).add(f);
      }
    }
    List<String> written = new ArrayList<>();
    Files.createDirectories(workDir.resolve(kind.folder()));
    Path parts = workDir.resolve(ShardSinks.COPIES).resolve(kind.folder());
    for (Map.Entry<String, List<String>> e : bySplit.entrySet()) {
      String name = kind.derivedFile(e.getKey());
      try (OutputStream w = Files.newOutputStream(workDir.resolve(name))) {
        for (String shard : e.getValue()) {
          Path part = parts.resolve(shard);
          if (!Files.exists(part)) {
            throw new IllegalStateException("the " + kind + " copy of " + shard + " is missing (please report this)");
          }
          Files.copy(part, w);
        }
      }
      written.add(name);
    }
    return written;
  }

  private void moveIntoPlace() throws IOException {
    Files.delete(workDir.resolve(OutputGuard.WORK_MARK));
    Path old = null;
    if (Files.exists(outDir)) {
      old = replacedDir(outDir);
      deleteRecursively(old);
      Files.move(outDir, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.createDirectories(outDir.getParent());
    Files.move(workDir, outDir, StandardCopyOption.ATOMIC_MOVE);
    if (old != null) {
      deleteRecursively(old);
    }
    lock.close();
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  public static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  /** The closing summary a person reads: counts per stage and task kind, tokens, time, where it is. */
  public record Summary(Path outDir, Map<String, Long> counts, Duration elapsed, String teacher) {
    /** Lines about inputs the run worked around: each says what happened and what to do about it. */
    public List<String> warnings() {
      return ClosingSummary.warnings(this);
    }

    /**
     * The teacher calls that failed (after their retries; calls the budget stopped aside) over all calls
     * made or failed; 0 for the offline teacher. A run above {@code --max-failed-share} still writes its
     * dataset, and exits 1 so that a script notices.
     */
    public double failedCallShare() {
      long failed = counts.getOrDefault("teacher.calls.failed", 0L);
      long all = failed + counts.getOrDefault("teacher.calls.cached", 0L) + counts.getOrDefault("teacher.calls.fresh", 0L);
      return all == 0 ? 0.0 : (double) failed / all;
    }

    public long failedCalls() {
      return counts.getOrDefault("teacher.calls.failed", 0L);
    }

    public void print(PrintWriter out) {
      ClosingSummary.print(this, out);
    }
  }
}
