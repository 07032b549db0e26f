package dev.repotune.pipeline.cli;

import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.git.RepositoryReader;
import dev.repotune.pipeline.cli.HeldOutQuestions.Question;
import dev.repotune.prompts.OpenAiTeacher;
import dev.repotune.prompts.PriceTable;
import dev.repotune.prompts.ReplyRules;
import dev.repotune.prompts.ResponseCache;
import dev.repotune.prompts.RetryPolicy;
import dev.repotune.prompts.SamplingParams;
import dev.repotune.prompts.TaskKind;
import dev.repotune.prompts.TeacherAuthException;
import dev.repotune.prompts.TeacherException;
import dev.repotune.prompts.TeacherReplyException;
import dev.repotune.prompts.TeacherRequest;
import dev.repotune.prompts.TeacherResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One evaluated system's answers, asked through the client {@code generate} uses for its teacher: {@link
 * OpenAiTeacher} (the key from the environment, the tolerant parser, the parameter adaptation), the
 * {@link ResponseCache} in the same cache folder (so a rerun, or a second {@code --against} run with the
 * same A, pays for nothing twice), {@link RetryPolicy}'s retries by error type, and at most {@code
 * --concurrency} requests at once. Temperature 0: the same question gets the same answer, which is what
 * makes a cached reply a fair stand-in for asking again.
 */
final class EvalCalls {
  /** Changes when the way eval asks changes; with the base URL it keeps eval's cache entries apart. */
  static final String PROMPT_VERSION = "eval-1";

  /**
   * What came of one system's questions: an answer per question (null where the call failed or was not
   * made), the counts, and what the fresh calls cost by the price table.
   */
  record Answers(List<String> texts, int fresh, int cached, int failed, String firstError, int overBudget, double usd) {}

  /**
   * The run's one spending limit, shared by both systems (as {@code --budget-usd} is generate's): no new call
   * starts once the calls made have cost the limit; 0 is no limit. A call's cost is known only when it
   * returns, so the calls already in flight (at most {@code --concurrency}) may pass it a little.
   */
  static final class Budget {
    private final double limitUsd;
    private final PriceTable prices;
    private double spentUsd;

    Budget(double limitUsd, PriceTable prices) {
      this.limitUsd = limitUsd;
      this.prices = prices;
    }

    synchronized boolean allows() {
      return limitUsd <= 0 || spentUsd < limitUsd;
    }

    synchronized double add(String model, TeacherResponse.Usage usage) {
      double usd = prices.cost(model, usage.promptTokens(), usage.completionTokens());
      spentUsd += usd;
      return usd;
    }

    synchronized double spent() {
      return spentUsd;
    }
  }

  private final String label;
  private final String urlOption;
  private final OpenAiTeacher.Endpoint endpoint;
  private final ResponseCache cache;
  private final int concurrency;
  private final int maxTokens;
  private final RetryPolicy retry;
  private final String promptVersion;
  private final Budget budget;

  /** {@code label} ("A", "B") and {@code urlOption} (--base-url, --against) name the system in messages. */
  EvalCalls(String label, String urlOption, OpenAiTeacher.Endpoint endpoint, ResponseCache cache, int concurrency,
      int maxTokens, RetryPolicy retry, Budget budget) {
    this.budget = budget;
    this.label = label;
    this.urlOption = urlOption;
    this.endpoint = endpoint;
    this.cache = cache;
    this.concurrency = concurrency;
    this.maxTokens = maxTokens;
    this.retry = retry;
    // Two servers may serve different weights under one model name (a base and a tuned "default"): the
    // URL is part of the version, so their replies never share a cache entry.
    this.promptVersion = PROMPT_VERSION + "-"
        + StableIds.sha256Hex((endpoint.baseUrl() + "\n" + HeldOutQuestions.FIM_INSTRUCTION + "\n"
            + HeldOutQuestions.FIM_SYSTEM).getBytes(StandardCharsets.UTF_8)).substring(0, 12);
  }

  TeacherRequest request(Question q) {
    // The request type wants a task kind, which only the catalogue's kinds have; it is not in the cache key
    // nor in what is sent, so a FIM question borrows one.
    TaskKind kind = TaskKind.byWireName(q.task());
    return new TeacherRequest(q.id(), kind == null ? TaskKind.IMPLEMENT : kind, promptVersion, q.prompt(),
        new SamplingParams(endpoint.model(), 0.0, maxTokens, null));
  }

  /** The answers, in the questions' order; cached ones first, the endpoint checked only when one is missing. */
  Answers ask(List<Question> questions) {
    List<TeacherRequest> requests = questions.stream().map(this::request).toList();
    String[] texts = new String[requests.size()];
    List<Integer> misses = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      Optional<TeacherResponse> hit = cached(requests.get(i));
      if (hit.isPresent()) {
        texts[i] = hit.get().text();
      } else {
        misses.add(i);
      }
    }
    if (misses.isEmpty()) {
      return new Answers(java.util.Arrays.asList(texts), 0, texts.length, 0, null, 0, 0);
    }
    if (!budget.allows()) {
      return new Answers(java.util.Arrays.asList(texts), 0, texts.length - misses.size(), 0, null, misses.size(), 0);
    }
    OpenAiTeacher teacher = OpenAiTeacher.connect(endpoint, System::getenv);
    preflight(teacher);
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, misses.size()), r -> {
      Thread t = new Thread(r, "repotune-eval-" + label);
      t.setDaemon(true);
      return t;
    });
    int failed = 0;
    int overBudget = 0;
    java.util.concurrent.atomic.DoubleAdder spent = new java.util.concurrent.atomic.DoubleAdder();
    String firstError = null;
    try {
      List<Future<RetryPolicy.Outcome<TeacherResponse>>> futures = new ArrayList<>();
      for (int i : misses) {
        TeacherRequest r = requests.get(i);
        futures.add(pool.submit(() -> {
          if (!budget.allows()) {
            return null; // over --budget-usd: not asked, scored as an empty answer
          }
          RetryPolicy.Outcome<TeacherResponse> o =
              retry.run(() -> teacher.ask(r), RetryPolicy.Sleeper.SYSTEM, Clock.systemUTC(), new Random());
          if (o.ok()) {
            // counted as soon as it returns, so the next call on this thread sees what it cost
            spent.add(budget.add(endpoint.model(), o.value().usage()));
            try {
              cache.put(r, o.value());
            } catch (IOException e) {
              // the answer is still scored; only a rerun would ask again
            }
          }
          return o;
        }));
      }
      for (int k = 0; k < misses.size(); k++) {
        RetryPolicy.Outcome<TeacherResponse> o = futures.get(k).get();
        if (o == null) {
          overBudget++;
        } else if (o.ok()) {
          texts[misses.get(k)] = o.value().text();
        } else {
          failed++;
          if (firstError == null) {
            firstError = ReplyRules.describe(o.error());
          }
          if (o.error() instanceof TeacherAuthException auth) {
            throw new ExitException(ExitCodes.TEACHER_UNAVAILABLE, "the endpoint of " + label + " at " + shown()
                + " (" + urlOption + ") refused the request (" + auth.getMessage() + "); check $" + endpoint.apiKeyEnv());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExitException(ExitCodes.INTERRUPTED, "interrupted while asking " + shown());
    } catch (ExecutionException e) {
      throw new IllegalStateException("an eval call escaped its error handling", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    if (failed > 0 && failed == misses.size()) {
      throw new ExitException(ExitCodes.TEACHER_UNAVAILABLE, "the endpoint of " + label + " at " + shown() + " ("
          + urlOption + ") answered none of " + failed + " questions (" + firstError + "); nothing was written");
    }
    return new Answers(java.util.Arrays.asList(texts), misses.size() - failed - overBudget,
        texts.length - misses.size(), failed, firstError, overBudget, spent.sum());
  }

  private Optional<TeacherResponse> cached(TeacherRequest r) {
    try {
      return cache.get(r);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** One GET before the first call, as generate's preflight: an endpoint nobody answers is one line, naming it. */
  private void preflight(OpenAiTeacher teacher) {
    try {
      teacher.preflight();
    } catch (IllegalArgumentException e) {
      throw Usage.error(urlOption + ": " + e.getMessage());
    } catch (TeacherAuthException e) {
      throw new ExitException(ExitCodes.TEACHER_UNAVAILABLE, "the endpoint of " + label + " at " + shown() + " ("
          + urlOption + ") refused the request (" + e.getMessage() + "); check $" + endpoint.apiKeyEnv(), e);
    } catch (TeacherReplyException e) {
      throw new ExitException(ExitCodes.TEACHER_UNAVAILABLE, "the server of " + label + " at " + shown() + " ("
          + urlOption + ") is " + e.getMessage() + "; point " + urlOption + " at an OpenAI-compatible server", e);
    } catch (TeacherException e) {
      throw new ExitException(ExitCodes.TEACHER_UNAVAILABLE, "cannot reach the endpoint of " + label + " at "
          + shown() + " (" + urlOption + "): " + e.getMessage() + "; start the server or fix " + urlOption, e);
    }
  }

  private String shown() {
    return RepositoryReader.redactUrl(endpoint.baseUrl());
  }
}
