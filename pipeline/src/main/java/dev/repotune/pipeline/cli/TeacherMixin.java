package dev.repotune.pipeline.cli;

import dev.repotune.extractors.git.RepositoryReader;
import dev.repotune.pipeline.RepotuneOptions;
import dev.repotune.pipeline.stages.TeacherSpec;
import dev.repotune.prompts.OpenAiTeacher;
import dev.repotune.prompts.PriceTable;
import dev.repotune.prompts.TeacherAuthException;
import dev.repotune.prompts.TeacherException;
import dev.repotune.prompts.TeacherReplyException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Who answers: the offline teacher, or an OpenAI-compatible endpoint and how it is called and paid. */
final class TeacherMixin {
  /** Also the value the usage error suggests. */
  private static final String MAX_FAILED_SHARE = "0.2";

  @Recorded
  @Option(names = "--teacher", description = "offline (default) or openai: any OpenAI-compatible endpoint.", defaultValue = "offline")
  String teacher;

  @Recorded(shown = Recorded.Shown.ALWAYS, teacher = Recorded.Teacher.OPENAI)
  @Option(names = "--base-url", description = "OpenAI-compatible API base, with /v1 (default: ${DEFAULT-VALUE}).", defaultValue = "https://api.openai.com/v1")
  String baseUrl;

  @Recorded(shown = Recorded.Shown.ALWAYS, teacher = Recorded.Teacher.OPENAI)
  @Option(names = "--model", description = "Teacher model (default: ${DEFAULT-VALUE}).", defaultValue = "gpt-4o-mini")
  String model;

  @Recorded(teacher = Recorded.Teacher.OPENAI)
  @Option(names = "--api-key-env", description = "Environment variable holding the API key (default: ${DEFAULT-VALUE}); not needed for a local server.", defaultValue = "OPENAI_API_KEY")
  String apiKeyEnv;

  @Recorded(teacher = Recorded.Teacher.OPENAI)
  @Option(names = "--pairs", description = "Question/answer pairs asked per chunk (default: ${DEFAULT-VALUE}).", defaultValue = "" + TeacherSpec.DEFAULT_PAIRS)
  int pairs;

  @Recorded(shown = Recorded.Shown.NEVER, teacher = Recorded.Teacher.OPENAI)
  @Option(names = "--max-tokens", description = "Token cap of one teacher reply (default: ${DEFAULT-VALUE}).", defaultValue = "" + TeacherSpec.DEFAULT_MAX_TOKENS)
  int maxTokens;

  @Option(names = "--timeout", description = "Seconds to wait for one reply before retrying (default: ${DEFAULT-VALUE}).", defaultValue = "120")
  int timeoutSeconds;

  @Recorded(teacher = Recorded.Teacher.OPENAI)
  @Option(names = "--concurrency", description = "Teacher calls in flight at once (default: ${DEFAULT-VALUE}).", defaultValue = "" + TeacherSpec.DEFAULT_CONCURRENCY)
  int concurrency;

  @Recorded(teacher = Recorded.Teacher.OPENAI)
  @Option(names = "--budget-usd", description = "Make no new call once this many US dollars would be spent; 0 = no limit (default).", defaultValue = "0")
  double budgetUsd;

  @Recorded(config = false, teacher = Recorded.Teacher.OPENAI)
  @Option(names = "--max-failed-share", description = "Exit 1 (after writing) when more than this share of teacher calls failed (default: ${DEFAULT-VALUE}).", defaultValue = MAX_FAILED_SHARE)
  double maxFailedShare;

  @Option(names = "--price-table", description = "File of 'model = input output' USD per million tokens (default: built in).")
  Path priceTable;

  @Option(names = "--dry-run", description = "Render every prompt and print the estimated calls, tokens and cost; call nothing, write no dataset.")
  boolean dryRun;

  boolean isLlm() {
    return teacher.equals("openai");
  }

  void validate() {
    Usage.check(teacher.equals("offline") || teacher.equals("openai"), "--teacher must be offline or openai, got " + teacher);
    Usage.check(concurrency >= 1 && concurrency <= 256, "--concurrency must be between 1 and 256, got " + concurrency);
    Usage.check(budgetUsd >= 0, "--budget-usd must be 0 (no limit) or more, got " + budgetUsd);
    Usage.check(pairs >= 1 && pairs <= 10, "--pairs must be between 1 and 10, got " + pairs);
    Usage.check(maxFailedShare >= 0 && maxFailedShare <= 1,
        "--max-failed-share must be between 0 and 1, got " + maxFailedShare + " (try " + MAX_FAILED_SHARE + ")");
    Usage.check(maxTokens >= 64, "--max-tokens must be at least 64, got " + maxTokens);
    Usage.check(timeoutSeconds >= 1, "--timeout must be at least 1 second, got " + timeoutSeconds);
    Usage.check(baseUrl.matches("(?i)https?://[^\\s/]+.*"),
        "--base-url must be an http(s) URL such as http://localhost:11434/v1, got " + baseUrl);
    Usage.check(!apiKeyEnv.isBlank() && apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*"),
        "--api-key-env names an environment variable (e.g. OPENAI_API_KEY), not a key");
    if (priceTable != null) {
      try {
        PriceTable.fromFile(priceTable);
      } catch (IOException | IllegalArgumentException e) {
        throw Usage.error("--price-table " + priceTable + ": " + e.getMessage());
      }
    }
  }

  /**
   * One cheap request before any work is spent: a refused key or an endpoint nobody answers stops the run
   * here with exit code 4 and one line, instead of turning every chunk into a Failed row.
   */
  void preflight(PrintWriter err) {
    OpenAiTeacher t = OpenAiTeacher.connect(endpoint(), System::getenv);
    String where = RepositoryReader.redactUrl(baseUrl);
    try {
      t.preflight();
    } catch (IllegalArgumentException e) {
      throw Usage.error(e.getMessage());
    } catch (TeacherAuthException e) {
      throw new ExitException(ExitCodes.TEACHER_UNAVAILABLE,
          "the teacher at " + where + " refused the request (" + e.getMessage().replace(baseUrl, where)
              + "); check $" + apiKeyEnv, e);
    } catch (TeacherReplyException e) {
      throw new ExitException(ExitCodes.TEACHER_UNAVAILABLE,
          "the server at " + where + " is " + e.getMessage().replace(baseUrl, where)
              + "; point --base-url at an OpenAI-compatible server", e);
    } catch (TeacherException e) {
      throw new ExitException(ExitCodes.TEACHER_UNAVAILABLE,
          "cannot reach the teacher at " + where + " (" + e.getMessage().replace(baseUrl, where)
              + "); start the server or fix --base-url", e);
    }
    PriceTable prices = prices();
    if (budgetUsd > 0 && !prices.knows(model)) {
      err.printf("repotune: model %s is not in the price table, so --budget-usd cannot limit it; pass --price-table%n", model);
    }
  }

  PriceTable prices() {
    try {
      return priceTable == null ? PriceTable.defaults() : PriceTable.fromFile(priceTable);
    } catch (IOException e) {
      throw Usage.error("--price-table " + priceTable + ": " + e.getMessage());
    }
  }

  private OpenAiTeacher.Endpoint endpoint() {
    return new OpenAiTeacher.Endpoint(baseUrl, model, apiKeyEnv, Duration.ofSeconds(timeoutSeconds));
  }

  void applyTo(RepotuneOptions o) {
    o.setTeacher(teacher);
    o.setBaseUrl(baseUrl);
    o.setModel(model);
    o.setApiKeyEnv(apiKeyEnv);
    o.setConcurrency(concurrency);
    o.setBudgetUsd(budgetUsd);
    o.setPriceTable(priceTable == null ? null : priceTable.toAbsolutePath().toString());
    o.setPairsPerChunk(pairs);
    o.setMaxTokens(maxTokens);
    o.setTimeoutSeconds(timeoutSeconds);
    o.setDryRun(dryRun);
  }
}
