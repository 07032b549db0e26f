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

  /** The folder the job writes in, through FileSystems; a local work folder, or the object-store prefix itself. */
  private final DatasetStore work;
  /** Where the dataset ends up, as the user named it. */
  private final String outLocation;
  /** Local only: the output folder and the work folder beside it (null for an object store). */
  private final Path outDir;
  private final Path workDir;
  private final OutputGuard.Lock lock;

  private DatasetFolder(Path outDir, Path workDir, OutputGuard.Lock lock) {
    this.outDir = outDir;
    this.workDir = workDir;
    this.lock = lock;
    this.work = new DatasetStore(workDir.toString());
    this.outLocation = outDir.toString();
  }

  private DatasetFolder(String remote) {
    this.outDir = null;
    this.workDir = null;
    this.lock = null;
    this.work = new DatasetStore(remote);
    this.outLocation = work.root();
  }

  /**
   * Prepares an object-store prefix ({@code s3://bucket/ds}), which the job then writes in place: there is
   * no rename to make a folder appear finished at once, so the manifest, written last, is the mark of a
   * finished dataset ({@link OutputGuard#WORK_MARK} is written first and removed last). A prefix is replaced
   * when it is repotune's: a finished dataset whose manifest lists every object, or an interrupted run's
   * (it carries the mark); its manifest goes first, so a replacement cut short never looks finished.
   * Anything else there is refused without {@code overwrite}.
   */
  public static DatasetFolder prepareRemote(String location, boolean overwrite) {
    DatasetFolder f = new DatasetFolder(location);
    DatasetStore s = f.work;
    try {
      List<DatasetStore.Entry> found = s.list("");
      if (!found.isEmpty() && !overwrite) {
        java.util.Optional<String> foreign = notOwn(s, found);
        if (foreign.isPresent()) {
          throw new ExitException(ExitCodes.BAD_INPUT, "output " + s.root() + " holds something other than a repotune"
              + " dataset (" + foreign.get() + "); choose another --out or pass --overwrite");
        }
      }
      s.delete(List.of(MANIFEST)); // first: from here on the prefix is not a finished dataset
      s.write(OutputGuard.WORK_MARK, new byte[0]);
      s.delete(found.stream().map(DatasetStore.Entry::path)
          .filter(p -> !p.equals(OutputGuard.WORK_MARK) && !p.equals(MANIFEST)).toList());
    } catch (IOException e) {
      throw new ExitException(ExitCodes.BAD_INPUT, "cannot write the output " + location + " (" + e.getMessage()
          + "); check the bucket, its credentials and Beam's options for it (after --)");
    }
    return f;
  }

  /** Why the objects under a prefix are not repotune's to replace, or empty when they are. */
  private static java.util.Optional<String> notOwn(DatasetStore s, List<DatasetStore.Entry> found) throws IOException {
    java.util.Set<String> names = new java.util.HashSet<>();
    found.forEach(e -> names.add(e.path()));
    if (names.contains(OutputGuard.WORK_MARK)) {
      return java.util.Optional.empty(); // an interrupted run's: all of it is that run's
    }
    if (!names.contains(MANIFEST)) {
      return java.util.Optional.of("it has no " + MANIFEST);
    }
    com.fasterxml.jackson.databind.JsonNode m;
    try {
      m = Manifest.JSON.readTree(s.read(MANIFEST));
    } catch (IOException e) {
      return java.util.Optional.of("its " + MANIFEST + " is not JSON");
    }
    if (m == null || !m.path("format").asText("").startsWith(OutputGuard.FORMAT_PREFIX)) {
      return java.util.Optional.of("its " + MANIFEST + " does not say format " + OutputGuard.FORMAT_PREFIX + "N");
    }
    java.util.Set<String> listed = new java.util.HashSet<>(OutputGuard.ALWAYS);
    m.path("files").forEach(kind -> kind.forEach(x -> listed.add(x.asText())));
    for (String n : new java.util.TreeSet<>(names)) {
      if (!listed.contains(n)) {
        return java.util.Optional.of(n + " is not a file its manifest lists");
      }
    }
    return java.util.Optional.empty();
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
    if (workDir == null) {
      return; // an object store: the prefix keeps its mark and no manifest, and the next run clears it
    }
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

  /** Where the job writes: the local work folder, or the object-store prefix. */
  public String workLocation() {
    return work.root();
  }

  /** The dataset's location as the user named it. */
  public String outLocation() {
    return outLocation;
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
    Map<String, Long> counts = Manifest.parseCounts(work.read(CountOutcomes.FILE));
    work.delete(List.of(CountOutcomes.FILE));
    checkSomethingRead(repo, counts);
    Manifest.checkNothingLost(counts);
    removeEmptyRuns();
    deleteFolder(RepotunePipeline.BUNDLES); // the repository as the job's workers read it: no part of the dataset

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
    deleteFolder(ShardSinks.COPIES);
    DatasetDocs.write(work, repo, counts, command, shards);

    Map<OutputKind<?>, List<String>> inOrder = new LinkedHashMap<>();
    OutputKind.values().forEach(k -> inOrder.put(k, files.get(k)));
    ObjectNode m = Manifest.build(repo, repos, config, command, counts, inOrder, elapsed);
    java.util.Set<String> beirNames = new java.util.HashSet<>(BeirFiles.FILES);
    List<String> beir = list(BeirFiles.FOLDER).stream().filter(beirNames::contains).toList();
    if (!beir.isEmpty()) {
      // the BEIR folder keeps BEIR's own file names, so it is no output kind; the manifest lists it as one
      ((ObjectNode) m.get("files")).set(BeirFiles.FOLDER, Manifest.JSON.valueToTree(beir));
    }
    m.set("checksums", checksums());
    String simulated = System.getProperty(SIMULATE_WRITE_ERROR);
    if (simulated != null) {
      throw new IOException(simulated); // tests: a disk that fills up just before the manifest
    }
    work.write(MANIFEST, Manifest.JSON.writeValueAsBytes(m));

    if (workDir != null) {
      moveIntoPlace();
    } else {
      work.delete(List.of(OutputGuard.WORK_MARK)); // after the manifest: the prefix is finished
    }
    return new Summary(outLocation, counts, elapsed, String.valueOf(config.getOrDefault("model", "offline")));
  }

  /**
   * Every file's size and SHA-256, the manifest aside: on an object store, where no rename makes a
   * dataset appear whole, a reader checks a prefix against them ({@code validate} does).
   */
  private ObjectNode checksums() throws IOException {
    ObjectNode sums = Manifest.JSON.createObjectNode();
    for (DatasetStore.Entry e : work.list("")) {
      if (e.path().equals(MANIFEST) || e.path().equals(OutputGuard.WORK_MARK)) {
        continue;
      }
      java.security.MessageDigest sha;
      try {
        sha = java.security.MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException x) {
        throw new IllegalStateException(x);
      }
      try (java.io.InputStream in = work.open(e.path())) {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          sha.update(buf, 0, n);
        }
      }
      sums.putObject(e.path()).put("bytes", e.bytes()).put("sha256", java.util.HexFormat.of().formatHex(sha.digest()));
    }
    return sums;
  }

  /** Removes a folder of the work location, and locally the emptied folders too. */
  private void deleteFolder(String folder) throws IOException {
    if (workDir != null) {
      deleteRecursively(workDir.resolve(folder));
    } else {
      work.deleteFolder(folder);
    }
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
    if (!work.list(RunFiles.FOLDER).isEmpty()) {
      throw new ExitException(
          ExitCodes.RUN_FAILED,
          "rows were left unmerged in " + work.root() + "/" + RunFiles.FOLDER + "; the dataset was not written (please report this)");
    }
    deleteFolder(RunFiles.FOLDER);
  }

  /** A run that kept no file has nothing to train on: say why, rather than write an empty dataset. */
  void checkSomethingRead(ResolvedRepository repo, Map<String, Long> counts) throws IOException {
    if (counts.getOrDefault("files.kept", 0L) > 0) {
      return;
    }
    if (workDir != null) {
      deleteRecursively(workDir);
    }
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
    return work.list(folder).stream().map(DatasetStore.Entry::path).toList();
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
    String parts = ShardSinks.COPIES + "/" + kind.folder() + "/";
    for (Map.Entry<String, List<String>> e : bySplit.entrySet()) {
      String name = kind.derivedFile(e.getKey());
      try (OutputStream w = work.create(name)) {
        for (String shard : e.getValue()) {
          if (!work.exists(parts + shard)) {
            throw new IllegalStateException("the " + kind + " copy of " + shard + " is missing (please report this)");
          }
          try (java.io.InputStream in = work.open(parts + shard)) {
            in.transferTo(w);
          }
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

  /** Deletes {@code p} and all below it; a file that goes away meanwhile (another process's lock file) is no error. */
  public static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }

  /** The closing summary a person reads: counts per stage and task kind, tokens, time, where it is. */
  public record Summary(String outDir, Map<String, Long> counts, Duration elapsed, String teacher) {
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
