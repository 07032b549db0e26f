package dev.repotune.pipeline;

import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Everything a run needs, as Beam options so the same job runs on any runner. The CLI fills these after
 * it has resolved the repository (so a bad URL or ref fails before any worker starts); Beam's own flags
 * come after {@code --} on the command line. No option has a default here: the CLI sets every one, and
 * each setting's default lives once, on its picocli option.
 */
public interface RepotuneOptions extends PipelineOptions, TeacherOptions {
  @Description("Repository name, used in meta.repo and the output folder name.")
  String getRepoName();

  void setRepoName(String value);

  @Description("Repository URL with any credentials removed.")
  String getRepoUrl();

  void setRepoUrl(String value);

  @Description("The git directory the repository was cloned or fetched into.")
  String getGitDir();

  void setGitDir(String value);

  @Description("The ref as the user gave it.")
  String getRef();

  void setRef(String value);

  @Description("The commit the ref resolved to (40 hex).")
  String getCommit();

  void setCommit(String value);

  @Description("Globs of paths to keep (all when empty).")
  List<String> getInclude();

  void setInclude(List<String> value);

  @Description("Globs of paths to skip.")
  List<String> getExclude();

  void setExclude(List<String> value);

  @Description("Files larger than this many bytes are skipped.")
  long getMaxFileBytes();

  void setMaxFileBytes(long value);

  @Description("Task kinds, comma-separated wire names (explain,signature,...).")
  String getTasks();

  void setTasks(String value);

  @Description("Caps on task kinds' shares of the SFT rows, task=share,... (the rest at the default).")
  String getMix();

  void setMix(String value);

  @Description("Differently worded questions per fact.")
  int getVariants();

  void setVariants(int value);

  @Description("Seed for phrasing choices and the split.")
  long getSeed();

  void setSeed(long value);

  @Description("Share of files whose questions go to the test split.")
  double getTestFraction();

  void setTestFraction(double value);

  @Description("Ask about at most this many chunks (0 = all); the rest are recorded as rejected.")
  int getMaxChunks();

  void setMaxChunks(int value);

  @Description(
      "A multi-repository run: one entry per repository, name, url, ref, commit and git dir joined by tabs"
          + " (see RepotunePipeline.repoEntry). When empty, the single-repository options above are used.")
  List<String> getRepos();

  void setRepos(List<String> value);

  @Description("Where the offline teacher's rows are cached by chunk content (any Beam file system); empty = no cache.")
  String getRowCacheDir();

  void setRowCacheDir(String value);

  @Description("Where CPT documents' token counts are cached by text (any Beam file system); empty = no cache.")
  String getTokenCacheDir();

  void setTokenCacheDir(String value);

  @Description("Where extracted chunks are cached by content (any Beam file system); empty = no cache.")
  String getExtractCacheDir();

  void setExtractCacheDir(String value);

  @Description("Cache folder of each file's FIM middles, dependencies and token counts; empty for none.")
  String getCompletionCacheDir();

  void setCompletionCacheDir(String value);

  @Description("The folder the run writes into before it is moved into place.")
  String getWorkDir();

  void setWorkDir(String value);

  @Description("en drops SFT rows whose question is not English; any keeps every language.")
  String getLanguage();

  void setLanguage(String value);

  @Description("Keep questions about getters, setters and one-statement toString/equals/hashCode.")
  boolean getKeepTrivialCode();

  void setKeepTrivialCode(boolean value);

  @Description("Keep e-mail addresses in the text (secrets and public IP addresses are still redacted).")
  boolean getKeepEmails();

  void setKeepEmails(boolean value);

  @Description("Keep each file's leading licence comment in the CPT documents.")
  boolean getKeepLicenceHeaders();

  void setKeepLicenceHeaders(boolean value);

  @Description("Model profile of the completion rows (fim/, repo/).")
  @Default.String("plain")
  String getProfile();

  void setProfile(String value);

  @Description("Share of repository-level documents that carry a FIM example.")
  @Default.Double(0.5)
  double getFimRate();

  void setFimRate(double value);

  @Description("Share of FIM examples in SPM order.")
  @Default.Double(0.0)
  double getSpmShare();

  void setSpmShare(double value);

  @Description("FIM examples made of each code file.")
  @Default.Integer(4)
  int getFimPerFile();

  void setFimPerFile(int value);

  @Description("Share of FIM middles that are random character spans.")
  @Default.Double(0.2)
  double getFimRandomShare();

  void setFimRandomShare(double value);

  @Description("Most tokens in one repository-level document.")
  @Default.Integer(8192)
  int getContextTokens();

  void setContextTokens(int value);

  @Description("Share of code files held out of every training output for the completion test.")
  @Default.Double(0.05)
  double getCompletionHoldout();

  void setCompletionHoldout(double value);

  @Description("Commits of each ref's first-parent line read for history rows, newest first; 0 for none.")
  @Default.Integer(0)
  int getHistory();

  void setHistory(int value);

  @Description("No commit older than this (epoch seconds) is read for history rows; 0 for no bound.")
  @Default.Long(0)
  long getHistorySince();

  void setHistorySince(long value);

  @Description("Per repository, \"name<TAB>head commit<TAB>newest commits held out\": where its history starts.")
  List<String> getHistoryHeads();

  void setHistoryHeads(List<String> value);

  @Description("Most files one commit may change to make history rows.")
  @Default.Integer(20)
  int getMaxCommitFiles();

  void setMaxCommitFiles(int value);

  @Description("Most changed lines one commit may have to make history rows.")
  @Default.Integer(2000)
  int getMaxDiffLines();

  void setMaxDiffLines(int value);

  @Description("Folder of the history cache (each commit's change, by commit id).")
  String getHistoryCacheDir();

  void setHistoryCacheDir(String value);

  @Description("Run the repository's own build and tests: fix-bug rows, preference pairs and RL tasks from mutants, and SWE-bench-style instances from history.")
  @Default.Boolean(false)
  boolean getExec();

  void setExec(boolean value);

  @Description("Most mutants compiled and tested per repository.")
  @Default.Integer(200)
  int getMaxMutants();

  void setMaxMutants(int value);

  @Description("Most history commits replayed as SWE-bench-style instances per repository.")
  @Default.Integer(20)
  int getMaxInstances();

  void setMaxInstances(int value);

  @Description("Seconds one test run (a mutant's linked tests, an answer's) may take before its processes are killed.")
  @Default.Integer(120)
  int getExecTimeoutSeconds();

  void setExecTimeoutSeconds(int value);

  @Description("Folder of the execution cache: each repository built at its commit with its passing baseline, and each check's verdict.")
  String getExecCacheDir();

  void setExecCacheDir(String value);

  @Description("The repositories whose build at the commit succeeded (the driver built them); execution steps skip the others.")
  List<String> getExecRepos();

  void setExecRepos(List<String> value);

  @Description("Write retrieval data: triplets, a BEIR folder, the BM25 baseline, RAFT rows.")
  @Default.Boolean(false)
  boolean getRetrieval();

  void setRetrieval(boolean value);

  @Description("Chunks in a RAFT row's context.")
  @Default.Integer(4)
  int getRaftK();

  void setRaftK(int value);

  @Description("Share of RAFT rows whose context holds the answer's chunk.")
  @Default.Double(0.8)
  double getRaftOracle();

  void setRaftOracle(double value);
}
