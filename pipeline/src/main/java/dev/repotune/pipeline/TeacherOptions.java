package dev.repotune.pipeline;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Which teacher answers and how it is called. The API key is deliberately absent: only the NAME of the
 * environment variable that holds it travels with the options, and each worker reads the variable itself.
 */
public interface TeacherOptions extends PipelineOptions {
  @Description("offline (facts read off the code) or openai (any OpenAI-compatible endpoint).")
  String getTeacher();

  void setTeacher(String value);

  @Description("Base URL of the OpenAI-compatible API, up to and including /v1.")
  String getBaseUrl();

  void setBaseUrl(String value);

  @Description("Model name as the endpoint knows it.")
  String getModel();

  void setModel(String value);

  @Description("Name of the environment variable holding the API key (never the key itself).")
  String getApiKeyEnv();

  void setApiKeyEnv(String value);

  @Description("Teacher calls in flight at once per worker.")
  int getConcurrency();

  void setConcurrency(int value);

  @Description("Stop making new calls once this many US dollars would be spent (0 = no limit).")
  double getBudgetUsd();

  void setBudgetUsd(double value);

  @Description("Price table file (model = input output, USD per million tokens); empty for the built-in one.")
  String getPriceTable();

  void setPriceTable(String value);

  @Description("Question/answer pairs asked per chunk.")
  int getPairsPerChunk();

  void setPairsPerChunk(int value);

  @Description("Token cap of one reply.")
  int getMaxTokens();

  void setMaxTokens(int value);

  @Description("Seconds to wait for one reply before retrying.")
  int getTimeoutSeconds();

  void setTimeoutSeconds(int value);

  @Description("Where teacher replies are cached (a folder or a bucket path).")
  String getResponseCacheDir();

  void setResponseCacheDir(String value);

  @Description("Render every prompt and estimate calls, tokens and cost; call nothing, write no dataset.")
  boolean getDryRun();

  void setDryRun(boolean value);
}
