package dev.repotune.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repotune.extractors.git.ResolvedRepository;
import dev.repotune.pipeline.cli.ExitCodes;
import dev.repotune.pipeline.cli.ExitException;
import dev.repotune.pipeline.stages.WriteShards;
import dev.repotune.prompts.OfflineTeacher;
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
  static final String MANIFEST = "manifest.json";
  /** Tests set this system property to make the manifest write fail with its value as the message. */
  public static final String SIMULATE_WRITE_ERROR = "repotune.test.writeError";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
   * Completes the dataset: checks the counts add up, writes the OpenAI copies, the card, the LLaMA-Factory
   * entries and the manifest (last), then moves the folder into place. With several repositories the
   * top-level repo/url/ref/commit join theirs (names with '+') and {@code repos} lists each one; rows
   * say which repository they come from in meta.repo.
   */
  public Summary finish(
      List<ResolvedRepository> repos, Map<String, Object> config, String command, Duration elapsed)
      throws IOException {
    ResolvedRepository repo = repos.size() == 1 ? repos.get(0) : combined(repos);
    Path countsFile = workDir.resolve(CountOutcomes.FILE);
    Map<String, Long> counts = new TreeMap<>();
    JSON.readTree(countsFile.toFile())
        .fields()
        .forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
    Files.delete(countsFile);
    checkSomethingRead(repo, counts);
    checkNothingLost(counts);
    removeEmptyRuns();

    List<String> sftFiles = list("sft");
    List<String> cptFiles = list("cpt");
    List<String> openaiFiles = writeOpenAi(sftFiles);
    DatasetDocs.write(workDir, repo, counts, command, sftFiles, cptFiles);

    ObjectNode m = JSON.createObjectNode();
    m.put("format", OutputGuard.FORMAT_PREFIX + "1");
    m.put("repo", repo.name());
    m.put("url", repo.url());
    m.put("ref", repo.ref());
    m.put("commit", repo.commit());
    m.put("command", command);
    var list = m.putArray("repos");
    for (ResolvedRepository r : repos) {
      list.addObject().put("name", r.name()).put("url", r.url()).put("ref", r.ref()).put("commit", r.commit());
    }
    m.set("config", JSON.valueToTree(config));
    ObjectNode versions = m.putObject("prompt_versions");
    versions.put("offline", OfflineTeacher.create(java.util.EnumSet.allOf(dev.repotune.prompts.TaskKind.class), 1, 0).promptVersion());
    if (!"offline".equals(config.getOrDefault("teacher", "offline"))) {
      // One template per task kind, each versioned by its own content hash.
      java.util.Set<dev.repotune.prompts.TaskKind> llmTasks = new java.util.TreeSet<>();
      for (Object t : (Iterable<?>) config.getOrDefault("tasks", List.of("explain"))) {
        llmTasks.add(dev.repotune.prompts.TaskKind.parse(t.toString()));
      }
      versions.set("llm", JSON.valueToTree(dev.repotune.prompts.QaPrompt.versions(llmTasks)));
    }
    m.set("counts", JSON.valueToTree(nest(counts)));
    TeacherTotals t = TeacherTotals.of(counts);
    m.putObject("cost")
        .put("usd", t.usd())
        .put("teacher_calls", t.cached() + t.fresh())
        .put("cached_calls", t.cached())
        .put("fresh_calls", t.fresh())
        .put("tokens_in", t.tokensIn())
        .put("tokens_out", t.tokensOut());
    if (t.grounded() + t.ungrounded() > 0) {
      m.putObject("grounding")
          .put("grounded_pairs", t.grounded())
          .put("ungrounded_pairs", t.ungrounded())
          .put("rate", t.groundingRate());
    }
    ObjectNode files = m.putObject("files");
    files.set("sft", JSON.valueToTree(sftFiles));
    files.set("cpt", JSON.valueToTree(cptFiles));
    files.set("openai", JSON.valueToTree(openaiFiles));
    files.set("rejected", JSON.valueToTree(list("rejected")));
    files.set("failed", JSON.valueToTree(list("failed")));
    m.putObject("timings").put("wall_seconds", elapsed.toMillis() / 1000.0);
    String simulated = System.getProperty(SIMULATE_WRITE_ERROR);
    if (simulated != null) {
      throw new IOException(simulated); // tests: a disk that fills up just before the manifest
    }
    Files.write(workDir.resolve(MANIFEST), JSON.writeValueAsBytes(m));

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
    Path runs = workDir.resolve(WriteShards.RUNS);
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
    String prefix = "rejected.ReadRepository.";
    long skipped = sumPrefix(counts, prefix);
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

  /**
   * Every chunk ends as samples, a rejected row or a failed row, and every row-dropping stage accounts for
   * each row it was given (in = out + rejected + failed); a run where they do not add up fails.
   */
  public static void checkNothingLost(Map<String, Long> counts) {
    long chunks = counts.getOrDefault("chunks.total", 0L);
    long answered = counts.getOrDefault("chunks.answered", 0L);
    long rejected = sumPrefix(counts, "rejected.AskTeacher.");
    long failed = sumPrefix(counts, "failed.AskTeacher");
    if (chunks != answered + rejected + failed) {
      throw new ExitException(
          ExitCodes.RUN_FAILED,
          String.format(
              "counts do not add up: %d chunks but %d answered + %d rejected + %d failed; the dataset was not written (please report this)",
              chunks, answered, rejected, failed));
    }
    for (String key : counts.keySet()) {
      if (!key.startsWith("stages.") || !key.endsWith(".in")) {
        continue;
      }
      String stage = key.substring("stages.".length(), key.length() - ".in".length());
      long in = counts.get(key);
      long out = counts.getOrDefault("stages." + stage + ".out", 0L);
      long dropped = sumPrefix(counts, "rejected." + stage + ".");
      long stageFailed = counts.getOrDefault("failed." + stage, 0L);
      if (in != out + dropped + stageFailed) {
        throw new ExitException(
            ExitCodes.RUN_FAILED,
            String.format(
                "counts do not add up: %s was given %d rows but kept %d, rejected %d and failed %d; the dataset was not written (please report this)",
                stage, in, out, dropped, stageFailed));
      }
    }
  }

  static long sumPrefix(Map<String, Long> counts, String prefix) {
    return counts.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** {@code a.b.c = 1} becomes {@code {"a":{"b":{"c":1}}}}, keys sorted. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> nest(Map<String, Long> flat) {
    Map<String, Object> root = new TreeMap<>();
    for (Map.Entry<String, Long> e : flat.entrySet()) {
      String[] parts = e.getKey().split("\\.");
      Map<String, Object> node = root;
      for (int i = 0; i < parts.length - 1; i++) {
        Object next = node.computeIfAbsent(parts[i], k -> new TreeMap<String, Object>());
        if (!(next instanceof Map)) {
          Map<String, Object> wrap = new TreeMap<>();
          wrap.put("total", next);
          node.put(parts[i], wrap);
          next = wrap;
        }
        node = (Map<String, Object>) next;
      }
      node.put(parts[parts.length - 1], e.getValue());
    }
    return root;
  }

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
   * The OpenAI fine-tuning copies: one file per split, {@code messages} only, rows in shard order. The
   * shard merges wrote each shard's part ({@link WriteShards#COPIES}); here they are only joined.
   */
  private List<String> writeOpenAi(List<String> sftFiles) throws IOException {
    Map<String, List<String>> bySplit = new TreeMap<>();
    for (String f : sftFiles) {
      if (f.endsWith(".jsonl")) {
        String split = f.substring("sft/".length(), f.indexOf('-'));
        bySplit.computeIfAbsent(split, k -> new ArrayList<>()).add(f);
      }
    }
    List<String> written = new ArrayList<>();
    Files.createDirectories(workDir.resolve("openai"));
    Path parts = workDir.resolve(WriteShards.COPIES);
    for (Map.Entry<String, List<String>> e : bySplit.entrySet()) {
      String name = "openai/" + e.getKey() + ".jsonl";
      try (OutputStream w = Files.newOutputStream(workDir.resolve(name))) {
        for (String shard : e.getValue()) {
          Path part = parts.resolve(shard);
          if (!Files.exists(part)) {
            throw new IllegalStateException("the OpenAI copy of " + shard + " is missing (please report this)");
          }
          Files.copy(part, w);
        }
      }
      written.add(name);
    }
    deleteRecursively(parts);
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
      Map<String, Long> c = counts;
      long parseFallbacks = c.getOrDefault("failed.ExtractChunks", 0L);
      Map<String, Long> n = new LinkedHashMap<>();
      n.put(" files or chunks could not be processed and were left out; see " + outDir.resolve("failed"),
          sumPrefix(c, "failed.") - parseFallbacks);
      n.put(" Java files did not parse and were cut into plain windows (no method-level questions for them; errors in failed/ExtractChunks)",
          parseFallbacks);
      n.put(" files are not valid UTF-8; their bad bytes became U+FFFD (re-encode them to UTF-8 to keep the text)",
          c.getOrDefault("files.invalid_utf8", 0L));
      n.put(" files over --max-file-bytes were skipped; raise --max-file-bytes to include them",
          c.getOrDefault("rejected.ReadRepository.too_large", 0L));
      n.put(" submodules were skipped (their files live in another repository; run repotune on it separately)",
          c.getOrDefault("rejected.ReadRepository.submodule", 0L));
      n.put(" symbolic links were skipped, never followed (their targets are read where they are)",
          c.getOrDefault("rejected.ReadRepository.symlink", 0L));
      n.put(" Git LFS pointer files were skipped (their content is on the LFS server, which repotune does not read)",
          c.getOrDefault("rejected.ReadRepository.lfs_pointer", 0L));
      List<String> w = new ArrayList<>();
      n.forEach((text, count) -> {
        if (count > 0) {
          w.add(count + text);
        }
      });
      return w;
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
      Map<String, Long> c = counts;
      out.printf("Done in %.1f s. Dataset: %s%n", elapsed.toMillis() / 1000.0, outDir);
      out.printf(
          "  files    %,d kept, %,d skipped, %,d Java files chunked as text (parse errors in failed/)%n",
          c.getOrDefault("files.kept", 0L),
          sumPrefix(c, "rejected.ReadRepository."),
          c.getOrDefault("failed.ExtractChunks", 0L));
      out.printf(
          "  secrets  %,d redacted in %,d files%n",
          c.getOrDefault("secrets.redacted.total", 0L), c.getOrDefault("secrets.files", 0L));
      out.printf(
          "  personal %,d e-mails and %,d IP addresses redacted in %,d files%n",
          c.getOrDefault("pii.redacted.email", 0L), c.getOrDefault("pii.redacted.ip", 0L), c.getOrDefault("pii.files", 0L));
      out.printf(
          "  chunks   %,d (%,d answered, %,d rejected, %,d failed), %,d tokens%n",
          c.getOrDefault("chunks.total", 0L),
          c.getOrDefault("chunks.answered", 0L),
          sumPrefix(c, "rejected.AskTeacher."),
          sumPrefix(c, "failed.AskTeacher"),
          c.getOrDefault("tokens.chunks", 0L));
      out.printf(
          "  quality  %,d rows filtered, %,d duplicates removed (rejected/)%n",
          sumPrefix(c, "rejected.FilterSamples."),
          sumPrefix(c, "rejected.Deduplicate."));
      for (String split : List.of("train", "test")) {
        Map<String, Long> tasks = new LinkedHashMap<>();
        String prefix = "sft." + split + ".task.";
        c.forEach((k, v) -> {
          if (k.startsWith(prefix)) tasks.put(k.substring(prefix.length()), v);
        });
        out.printf(
            "  sft %-5s %,d rows, %,d tokens  %s%n",
            split,
            c.getOrDefault("sft." + split + ".total", 0L),
            c.getOrDefault("tokens.sft." + split, 0L),
            tasks);
      }
      out.printf(
          "  cpt      %,d documents, %,d tokens%n",
          c.getOrDefault("cpt.train.total", 0L), c.getOrDefault("tokens.cpt.train", 0L));
      TeacherTotals t = TeacherTotals.of(c);
      if (t.cached() + t.fresh() == 0) {
        out.printf("  teacher  %s: 0 calls, $0.00%n", teacher);
      } else {
        out.printf(
            "  teacher  %s: %,d calls (%,d cached, %,d fresh), %,d tokens in, %,d out, $%.4f; %,d failed; grounded %.1f%% of %,d pairs%n",
            teacher, t.cached() + t.fresh(), t.cached(), t.fresh(), t.tokensIn(), t.tokensOut(), t.usd(),
            sumPrefix(c, "failed.AskTeacher"), 100 * t.groundingRate(), t.grounded() + t.ungrounded());
      }
      out.flush();
    }
  }

  /** The teacher's calls, tokens, cost and grounding, from the run's counts (zeros for the offline teacher). */
  record TeacherTotals(long cached, long fresh, long tokensIn, long tokensOut, double usd, long grounded, long ungrounded) {
    static TeacherTotals of(Map<String, Long> c) {
      return new TeacherTotals(
          c.getOrDefault("teacher.calls.cached", 0L),
          c.getOrDefault("teacher.calls.fresh", 0L),
          c.getOrDefault("teacher.tokens.in", 0L),
          c.getOrDefault("teacher.tokens.out", 0L),
          c.getOrDefault("teacher.cost_microusd", 0L) / 1e6,
          c.getOrDefault("teacher.pairs.grounded", 0L),
          c.getOrDefault("teacher.pairs.ungrounded", 0L));
    }

    double groundingRate() {
      long all = grounded + ungrounded;
      return all == 0 ? 0.0 : (double) grounded / all;
    }
  }
}
