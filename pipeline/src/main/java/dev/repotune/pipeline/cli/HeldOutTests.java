package dev.repotune.pipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.repotune.extractors.ExtractionException;
import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.exec.BuildTool;
import dev.repotune.extractors.exec.BuiltCopy;
import dev.repotune.extractors.exec.MethodReward;
import dev.repotune.extractors.git.RepositoryReader;
import dev.repotune.extractors.git.ResolvedRepository;
import dev.repotune.pipeline.cli.HeldOutQuestions.Question;
import dev.repotune.samples.RlTask;
import dev.repotune.samples.eval.AnswerText;
import dev.repotune.samples.eval.Scored;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scores eval's rl questions by the repository's own tests ({@link MethodReward}, the reward docs/rl-tasks.md
 * gives verl and TRL). Each repository the questions name is found as generate found it (the manifest's
 * URL, cloned into the cache or read in place) and built once at the task's commit into the cache's
 * {@code exec/} folder, where {@code generate --exec} already left it on the machine that made the dataset.
 * Verdicts are cached by the answer's code, so a rerun runs no test twice.
 */
final class HeldOutTests {
  /** Trials are mostly a waiting launcher JVM: two keep two cores busy (MutantCheck's figure). */
  static final int THREADS = 2;

  private final Map<String, MethodReward> rewards = new TreeMap<>();
  private final Path verdicts;

  private HeldOutTests(Path verdicts) {
    this.verdicts = verdicts;
  }

  /**
   * Builds (or finds built) each repository that {@code questions}' rl tasks name; one that cannot be
   * found or built is one warning, and its questions are left out by {@link #scorable}.
   */
  static HeldOutTests prepare(List<Question> questions, JsonNode manifest, Path cache, Duration testTimeout,
      PrintWriter err) {
    HeldOutTests t = new HeldOutTests(cache.resolve("eval-tests"));
    Map<String, String> commits = new TreeMap<>();
    questions.stream().filter(q -> q.truth() != null).forEach(q -> commits.put(q.truth().repo(), q.truth().commit()));
    BuiltCopy.Settings settings = BuiltCopy.Settings.standard(testTimeout);
    commits.forEach((repo, commit) -> {
      String url = urlOf(manifest, repo);
      String at = commit.substring(0, Math.min(12, commit.length()));
      if (url == null) {
        err.printf("repotune: warning: the manifest names no URL of %s; its rl questions are not asked%n", repo);
        return;
      }
      try {
        ResolvedRepository r = RepositoryReader.open(url).ref(commit).cacheDir(cache).resolve();
        if (BuiltCopy.buildTool(r.gitDir(), commit) != BuildTool.MAVEN) {
          err.printf("repotune: warning: %s has no Maven build at %s; its rl questions are not asked%n", repo, at);
          return;
        }
        err.printf("repotune: %s: finding or making its built copy at %s to run the rl answers' tests...%n", repo, at);
        err.flush();
        BuiltCopy.State s = BuiltCopy.ensure(BuiltCopy.folder(cache.resolve("exec"), repo, commit), r.gitDir(), commit,
            settings);
        if (!s.ok()) {
          err.printf("repotune: warning: %s does not build at %s; its rl questions are not asked (%s)%n", repo, at,
              oneLine(s.build().errorText()));
          return;
        }
        t.rewards.put(repo, new MethodReward(s, settings));
      } catch (ExtractionException | RuntimeException e) {
        err.printf("repotune: warning: cannot read %s at %s (%s); its rl questions are not asked%n",
            RepositoryReader.redactUrl(url), at, oneLine(String.valueOf(e.getMessage())));
      }
    });
    return t;
  }

  /** Every question but the rl ones of a repository that did not build. */
  List<Question> scorable(List<Question> questions) {
    return questions.stream().filter(q -> q.truth() == null || rewards.containsKey(q.truth().repo())).toList();
  }

  /**
   * The scores of each rl question's answers, by question id ({@code answers} in {@code questions}' order;
   * null entries are failed calls, scored as empty answers).
   */
  Map<String, Scored> score(List<Question> questions, List<String> answers) {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
      Thread th = new Thread(r, "repotune-eval-tests");
      th.setDaemon(true);
      return th;
    });
    try {
      Map<String, Future<Scored>> futures = new LinkedHashMap<>();
      for (int i = 0; i < questions.size(); i++) {
        Question q = questions.get(i);
        if (q.truth() != null) {
          String answer = answers.get(i) == null ? "" : answers.get(i);
          futures.put(q.id(), pool.submit(() -> scoreOne(q, answer)));
        }
      }
      Map<String, Scored> out = new LinkedHashMap<>();
      for (Map.Entry<String, Future<Scored>> e : futures.entrySet()) {
        out.put(e.getKey(), e.getValue().get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running the rl answers' tests", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Parts {@code compiles}, {@code passes}, {@code edit_similarity} (Metric.TESTS_METRIC); the verdict is cached. */
  private Scored scoreOne(Question q, String answer) {
    RlTask.GroundTruth g = q.truth();
    Path cached = verdicts.resolve(StableIds.of(g.repo(), g.commit(), g.path(), g.startLine() + "-" + g.endLine(),
        String.join(",", g.tests()), answer) + ".txt");
    MethodReward.Verdict verdict;
    try {
      verdict = Files.isRegularFile(cached)
          ? MethodReward.Verdict.valueOf(Files.readString(cached, StandardCharsets.UTF_8).strip())
          : null;
    } catch (IOException | IllegalArgumentException e) {
      verdict = null; // an unreadable entry is run again
    }
    if (verdict == null) {
      MethodReward.Result r = rewards.get(g.repo()).score(g.path(), g.startLine(), g.endLine(), g.tests(), answer);
      verdict = r.verdict();
      if (verdict != MethodReward.Verdict.TIMED_OUT) { // a time limit is the machine's, not the answer's: not kept
        write(cached, verdict.name());
      }
    }
    MethodReward.Result r = new MethodReward.Result(verdict, "");
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put("compiles", r.compiled() ? 1.0 : 0.0);
    parts.put("passes", r.reward());
    parts.put("edit_similarity", AnswerText.codeSimilarity(withoutJavadoc(AnswerText.answerCode(q.reference())),
        withoutJavadoc(AnswerText.answerCode(answer))));
    return new Scored(r.reward(), parts);
  }

  /**
   * The code without a Javadoc before it: the reference is the method as the file has it, Javadoc and
   * all, and the question already shows that Javadoc, so an answer that leaves it out (the splice keeps
   * the file's) is no further from the method.
   */
  static String withoutJavadoc(String code) {
    return LEADING_JAVADOC.matcher(code).replaceFirst("");
  }

  private static final java.util.regex.Pattern LEADING_JAVADOC =
      java.util.regex.Pattern.compile("^\\s*/\\*\\*.*?\\*/\\s*", java.util.regex.Pattern.DOTALL);

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".verdict-", ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep a verdict in " + file.getParent(), e);
    }
  }

  /** The repository's URL as the manifest lists it (each of {@code repos}, or the top-level one). */
  static String urlOf(JsonNode manifest, String repo) {
    List<JsonNode> entries = new ArrayList<>();
    manifest.path("repos").forEach(entries::add);
    for (JsonNode r : entries) {
      if (repo.equals(r.path("name").asText())) {
        return r.path("url").asText(null);
      }
    }
    return repo.equals(manifest.path("repo").asText()) ? manifest.path("url").asText(null) : null;
  }

  private static String oneLine(String s) {
    String line = s.strip().replaceAll("\\s*\\R\\s*", " | ");
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }
}
