package dev.repotune.pipeline.cli;

import dev.repotune.pipeline.RepotuneOptions;
import dev.repotune.samples.ModelProfile;
import picocli.CommandLine.Option;

/**
 * The completion data: which model family's format ({@code --profile}), how its fill-in-the-middle
 * examples are made, how long a repository-level document may be, and which files are held out of every
 * training output for the completion test.
 */
final class CompletionMixin {
  @Recorded
  @Option(
      names = "--profile",
      description = "Model family whose FIM tokens and repository layout the fim/ and repo/ rows use: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, no special tokens).",
      completionCandidates = ProfileNames.class,
      defaultValue = "plain")
  String profile;

  @Recorded
  @Option(
      names = "--fim-mode",
      description = "psm, spm, or both (half and half); default: what the profile's family trained.",
      defaultValue = "")
  String fimMode;

  @Recorded
  @Option(
      names = "--fim-rate",
      description = "Share of repository-level documents that carry a FIM example (default: the profile's paper's rate).",
      defaultValue = "-1")
  double fimRate;

  @Recorded
  @Option(
      names = "--fim-per-file",
      description = "FIM examples made of each code file, 0 for none (default: ${DEFAULT-VALUE}).",
      defaultValue = "4")
  int fimPerFile;

  @Recorded
  @Option(
      names = "--fim-random-share",
      description = "Share of FIM middles that are random character spans rather than pieces of the syntax tree (default: ${DEFAULT-VALUE}).",
      defaultValue = "0.2")
  double fimRandomShare;

  @Recorded
  @Option(
      names = "--context-tokens",
      description = "Most tokens in one repository-level document (default: ${DEFAULT-VALUE}; 32768 for a long-context stage).",
      defaultValue = "8192")
  int contextTokens;

  @Recorded
  @Option(
      names = "--completion-holdout",
      description = "Share of code files held out of every training output (CPT, FIM, repo documents, SFT) to test completion on code the model never saw, 0 for none (default: ${DEFAULT-VALUE}).",
      defaultValue = "0.05")
  double completionHoldout;

  /** The names {@code --profile} takes, for its help and completion. */
  static final class ProfileNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return ModelProfile.names().iterator();
    }
  }

  void validate() {
    Usage.check(ModelProfile.names().contains(profile),
        "--profile must be one of " + String.join(", ", ModelProfile.names()) + ", got " + profile);
    ModelProfile p = ModelProfile.named(profile);
    Usage.check(fimMode.isEmpty() || fimMode.equals("psm") || fimMode.equals("spm") || fimMode.equals("both"),
        "--fim-mode must be psm, spm or both, got " + fimMode);
    Usage.check(!fimMode.equals("spm") && !fimMode.equals("both") || p.supports(ModelProfile.Mode.SPM),
        "--fim-mode " + fimMode + ": the " + profile + " profile's family trained PSM only");
    Usage.check(!fimMode.equals("psm") || p.supports(ModelProfile.Mode.PSM),
        "--fim-mode psm: the " + profile + " profile's family trained SPM only");
    Usage.check(fimRate == -1 || fimRate >= 0 && fimRate <= 1, "--fim-rate must be between 0 and 1, got " + fimRate);
    Usage.check(fimPerFile >= 0 && fimPerFile <= 64, "--fim-per-file must be between 0 and 64, got " + fimPerFile);
    Usage.check(fimRandomShare >= 0 && fimRandomShare <= 1,
        "--fim-random-share must be between 0 and 1, got " + fimRandomShare);
    Usage.check(contextTokens >= 256 && contextTokens <= 1_048_576,
        "--context-tokens must be between 256 and 1048576, got " + contextTokens);
    Usage.check(completionHoldout >= 0 && completionHoldout < 0.5,
        "--completion-holdout must be at least 0 and under 0.5, got " + completionHoldout);
  }

  /** config's completion entries as the run uses them: the profile's rate and modes where none was given. */
  void record(java.util.Map<String, Object> c) {
    ModelProfile p = ModelProfile.named(profile);
    c.put("fim_rate", fimRate == -1 ? p.fimRate() : fimRate);
    double spm = spmShare(p);
    c.put("fim_mode", spm == 0 ? "psm" : spm == 1 ? "spm" : "both");
  }

  private double spmShare(ModelProfile p) {
    return switch (fimMode) {
      case "psm" -> 0.0;
      case "spm" -> 1.0;
      case "both" -> 0.5;
      default -> p.spmShare();
    };
  }

  void applyTo(RepotuneOptions o) {
    ModelProfile p = ModelProfile.named(profile);
    o.setProfile(profile);
    o.setFimRate(fimRate == -1 ? p.fimRate() : fimRate);
    o.setSpmShare(spmShare(p));
    o.setFimPerFile(fimPerFile);
    o.setFimRandomShare(fimRandomShare);
    o.setContextTokens(contextTokens);
    o.setCompletionHoldout(completionHoldout);
  }
}
