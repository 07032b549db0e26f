package dev.repotune.pipeline;

/** What the command line sets on every run and a test that builds the options by hand must set too. */
public final class TestOptions {
  private TestOptions() {}

  /** A run's settings beyond its repository and folders: an unreachable LLM endpoint, small limits. */
  public static void runDefaults(RepotuneOptions o) {
    o.setBaseUrl("http://127.0.0.1:1/v1");
    o.setModel("fake-model");
    o.setApiKeyEnv("REPOTUNE_TEST_NO_SUCH_KEY");
    o.setConcurrency(2);
    o.setBudgetUsd(0);
    o.setPairsPerChunk(3);
    o.setMaxTokens(500);
    o.setTimeoutSeconds(5);
    o.setMaxFileBytes(1 << 20);
    o.setVariants(3);
    o.setSeed(0);
    o.setTestFraction(0.1);
    o.setMaxChunks(0);
    o.setLanguage("any");
  }
}
