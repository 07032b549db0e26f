package dev.repotune.samples;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * A model family's completion format ({@code --profile}): its fill-in-the-middle special tokens and
 * layouts, how it lays out a repository, and the FIM rate and PSM/SPM share its paper trained with. Each
 * profile is a small versioned resource, {@code profiles/<name>.properties}, whose strings are checked
 * byte for byte against the family's published tokenizer files.
 */
public final class ModelProfile implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Prefix-suffix-middle or suffix-prefix-middle order of a FIM example. */
  public enum Mode {
    PSM,
    SPM;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String name;

  private ModelProfile(String name) {
    this.name = name;
  }

  /** The profile called {@code name}; an IllegalArgumentException naming the profiles when there is none. */
  public static ModelProfile named(String name) {
    if (!names().contains(name)) {
      throw new IllegalArgumentException("unknown profile " + name + "; profiles: " + String.join(", ", names()));
    }
    return new ModelProfile(name);
  }

  /** Every profile's name, the default ({@code plain}) first. */
  public static List<String> names() {
    return List.of("plain");
  }

  public String name() {
    return name;
  }

  /** The version of the profile's resource, in the manifest beside its name. */
  public int version() {
    return 1;
  }

  /** The share of documents its family's paper turned into FIM examples. */
  public double fimRate() {
    return 0.5;
  }

  /** The share of FIM examples in SPM order; 0 for a family that trained PSM only. */
  public double spmShare() {
    return 0.0;
  }

  /** The family's special tokens by role (prefix, suffix, middle, pad, repo_name, file_sep, ...). */
  public Map<String, String> specialTokens() {
    return Map.of();
  }

  /** The tokenizer the family uses (a Hugging Face repository), named in the manifest. */
  public String tokenizer() {
    return "";
  }

  /** A whole FIM training example of one file: the formatted prefix and suffix, then the middle. */
  public String fimText(String prefix, String middle, String suffix, Mode mode) {
    return prefix + middle + suffix;
  }

  /** What an editor sends for a completion: {@link #fimText} up to where the middle starts. */
  public String fimPrompt(String prefix, String suffix, Mode mode) {
    return prefix;
  }

  /** The start of a repository-level document of repository {@code repo}. */
  public String repoHeader(String repo) {
    return "";
  }

  /** One whole file inside a repository-level document. */
  public String repoFile(String path, String content) {
    return "// File: " + path + "\n" + content;
  }

  /** The file of a repository-level document that carries its FIM example. */
  public String repoFimFile(String path, String prefix, String middle, String suffix, Mode mode) {
    return repoFile(path, fimText(prefix, middle, suffix, mode));
  }

  /**
   * Tokens of {@code text} with each of the profile's special tokens counted as one and the rest by
   * {@code counter} (the project's o200k_base: the family's own tokenizer is not here offline).
   */
  public int tokens(String text, ToIntFunction<String> counter) {
    return counter.applyAsInt(text);
  }

  @Override
  public String toString() {
    return name;
  }
}
