package dev.repotune.prompts;

import java.util.Locale;

/** The system message of every SFT row: one fixed sentence, so it adds no noise across rows. */
public final class SystemPrompt {
  private SystemPrompt() {}

  /** The system prompt for a repository; {@code repoName} may be a name, a URL or a path. */
  public static String forRepo(String repoName) {
    return "You are an expert developer of the "
        + shortName(repoName)
        + " codebase. Answer questions about its code accurately and concisely, citing identifiers in"
        + " backticks.";
  }

  /**
   * The name a developer calls a repository by: {@code https://github.com/google/gson.git} and
   * {@code /src/gson/} both give {@code gson}.
   */
  public static String shortName(String repo) {
    String s = repo == null ? "" : repo.strip().replace('\\', '/');
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.toLowerCase(Locale.ROOT).endsWith(".git")) {
      s = s.substring(0, s.length() - 4);
    }
    s = s.substring(Math.max(s.lastIndexOf('/'), s.lastIndexOf(':')) + 1);
    if (s.isBlank()) {
      throw new IllegalArgumentException("no repository name in '" + repo + "'");
    }
    return s;
  }
}
