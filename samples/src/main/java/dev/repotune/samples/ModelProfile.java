package dev.repotune.samples;

import dev.repotune.extractors.PathText;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.ToIntFunction;

/**
 * A model family's completion format ({@code --profile}): its fill-in-the-middle special tokens and
 * layouts, how it lays out a repository, and the FIM rate and PSM/SPM share its paper trained with. Each
 * profile is a small versioned resource, {@code profiles/<name>.properties}, whose strings are checked
 * byte for byte against the family's published tokenizer files (docs/profiles.md names each source).
 *
 * <p>A layout is a template over {@code {pre}}, {@code {mid}}, {@code {suf}}, {@code {repo}}, {@code
 * {path}}, {@code {content}}, {@code {header}}, {@code {comment}} and {@code {eol}}; only the template is
 * scanned for placeholders, so code that contains {@code {pre}} or a special token's text is copied as it
 * is. A FIM example ends with its middle, or with the family's own end-of-infill token when that is not
 * the tokenizer's EOS (Code Llama's {@code <EOT>}): trainers append EOS to every text themselves.
 */
public final class ModelProfile implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Every profile, the default first; one resource each. */
  private static final List<String> NAMES =
      List.of("plain", "starcoder2", "qwen2.5-coder", "deepseek-coder", "codellama");

  private static final String MIDDLE = "{mid}";
  private static final String CONTENT = "{content}";

  /** Prefix-suffix-middle or suffix-prefix-middle order of a FIM example. */
  public enum Mode {
    PSM,
    SPM;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String name;
  private final int version;
  private final String tokenizer;
  private final double fimRate;
  private final double spmShare;
  private final boolean fimFileLast;
  private final LinkedHashMap<String, String> tokens;
  private final LinkedHashMap<Mode, String> fim;
  private final LinkedHashMap<Mode, String> repoFim;
  private final String repoHeader;
  private final String repoFile;
  /** The family's commit layout ({@code commit.file}), or null: then {@link #commitText} writes plain text. */
  private final String commitFile;
  /** The special tokens, longest first, for {@link #tokens}. */
  private final List<String> byLength;

  private ModelProfile(String name, Properties p) {
    this.name = name;
    this.version = Integer.parseInt(required(p, "version"));
    this.tokenizer = required(p, "tokenizer");
    this.fimRate = share(p, "fim.rate");
    this.spmShare = share(p, "fim.spm.share");
    this.fimFileLast = Boolean.parseBoolean(required(p, "fim.file.last"));
    this.tokens = new LinkedHashMap<>();
    for (String role : required(p, "tokens").split(",")) {
      if (!role.isBlank()) {
        tokens.put(role.trim(), required(p, "token." + role.trim()));
      }
    }
    this.fim = new LinkedHashMap<>();
    this.repoFim = new LinkedHashMap<>();
    for (Mode m : Mode.values()) {
      String t = p.getProperty("fim." + m.wireName());
      if (t != null) {
        if (t.indexOf(MIDDLE) < 0 || t.indexOf(MIDDLE) != t.lastIndexOf(MIDDLE)) {
          throw new IllegalStateException("profile " + name + ": fim." + m.wireName() + " needs {mid} once");
        }
        fim.put(m, t);
      }
      String r = p.getProperty("repo.fim." + m.wireName());
      if (r != null) {
        repoFim.put(m, r);
      }
    }
    if (!fim.containsKey(Mode.PSM) || (spmShare > 0) != fim.containsKey(Mode.SPM)) {
      throw new IllegalStateException("profile " + name + ": a psm layout, and an spm one exactly when spm share > 0");
    }
    this.repoHeader = required(p, "repo.header");
    this.repoFile = required(p, "repo.file");
    this.commitFile = p.getProperty("commit.file");
    List<String> specials = new ArrayList<>(tokens.values());
    specials.sort((a, b) -> b.length() - a.length());
    this.byLength = List.copyOf(specials);
  }

  /** The profile called {@code name}; an IllegalArgumentException naming the profiles when there is none. */
  public static ModelProfile named(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("unknown profile " + name + "; profiles: " + String.join(", ", names()));
    }
    String resource = "profiles/" + name + ".properties";
    try (InputStream in = ModelProfile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      Properties p = new Properties();
      p.load(in); // ISO-8859-1 with \\uXXXX escapes: the files are ASCII, every other character escaped
      return of(name, p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A profile from its properties: {@link #named} reads the resource; a test can state a layout. */
  static ModelProfile of(String name, Properties p) {
    return new ModelProfile(name, p);
  }

  /** Every profile's name, the default ({@code plain}) first. */
  public static List<String> names() {
    return NAMES;
  }

  /** The profile used without {@code --profile}: plain text, no special tokens. */
  public static String defaultName() {
    return NAMES.get(0);
  }

  public String name() {
    return name;
  }

  /** The version of the profile's resource, in the manifest beside its name. */
  public int version() {
    return version;
  }

  /** The share of documents its family's paper turned into FIM examples. */
  public double fimRate() {
    return fimRate;
  }

  /** The share of FIM examples in SPM order; 0 for a family that trained PSM only. */
  public double spmShare() {
    return spmShare;
  }

  /** Whether the profile has a layout for {@code mode} (a PSM-only family has none for SPM). */
  public boolean supports(Mode mode) {
    return fim.containsKey(mode);
  }

  /**
   * Whether the family's repository-level stage puts the FIM file last in its document (Qwen2.5-Coder's
   * layout ends with the middle; StarCoder2's has files after it).
   */
  public boolean fimFileLast() {
    return fimFileLast;
  }

  /** The family's special tokens by role (prefix, suffix, middle, pad, repo_name, file_sep, eos, eot). */
  public Map<String, String> specialTokens() {
    return Collections.unmodifiableMap(tokens);
  }

  /** The tokenizer the family uses (a Hugging Face repository), named in the manifest; "" for plain. */
  public String tokenizer() {
    return tokenizer;
  }

  /** A whole FIM training example of one file: the formatted prefix and suffix, then the middle. */
  public String fimText(String prefix, String middle, String suffix, Mode mode) {
    return render(layout(mode), prefix, middle, suffix, "", "", "");
  }

  /** What an editor sends for a completion: {@link #fimText} up to where the middle starts. */
  public String fimPrompt(String prefix, String suffix, Mode mode) {
    String t = layout(mode);
    return render(t.substring(0, t.indexOf(MIDDLE)), prefix, "", suffix, "", "", "");
  }

  /** The start of a repository-level document of repository {@code repo}. */
  public String repoHeader(String repo) {
    return render(repoHeader, "", "", "", repo, "", "");
  }

  /** One whole file inside a repository-level document. */
  public String repoFile(String path, String content) {
    return render(repoFile, "", "", "", "", path, content);
  }

  /**
   * The file of a repository-level document that carries its FIM example: the family's own repo-level
   * FIM layout where it published one, else the file's header followed by {@link #fimText}, ending with
   * the middle (plain, whose example is the file in order, keeps the whole file layout).
   */
  public String repoFimFile(String path, String prefix, String middle, String suffix, Mode mode) {
    layout(mode);
    String t = repoFim.get(mode);
    if (t != null) {
      return render(t, prefix, middle, suffix, "", path, "");
    }
    String text = fimText(prefix, middle, suffix, mode);
    if (tokens.isEmpty()) {
      return repoFile(path, text);
    }
    return render(repoFile.substring(0, repoFile.indexOf(CONTENT)), "", "", "", "", path, "") + text;
  }

  /**
   * Whether the family published a commit layout of its own ({@code commit.file}, e.g. StarCoder's
   * {@code <commit_before>}...); without one {@link #commitText} writes the plain layout.
   */
  public boolean hasCommitFormat() {
    return commitFile != null;
  }

  /**
   * One file of a commit as a CPT document: the file before, the commit's message, the file after, per
   * file as StarCoder's commit data was. {@code before} is null for an added file, {@code after} for a
   * deleted one. The family's own layout where it has one; else the plain layout, readable by any model:
   *
   * <pre>
   * // Commit: Fix NPE in Element.wrap
   * //
   * //   wrap() read the parent's base URI ...
   * // Before: src/main/java/org/jsoup/nodes/Element.java
   * ...the file before...
   * // After: src/main/java/org/jsoup/nodes/Element.java
   * ...the file after...
   * </pre>
   *
   * in the file's own comment syntax ({@code #}, {@code --}, {@code <!-- -->}, else {@code //}); an added
   * file has {@code New file: path} instead of its before part, a deleted one {@code Deleted: path} instead
   * of its after part. The message's body lines are indented two spaces past the comment marker, so no
   * line of a message can read as a {@code Before:} or {@code After:} header.
   */
  public String commitText(String path, String before, String message, String after) {
    String msg = message == null ? "" : message.strip();
    if (commitFile != null) {
      return renderCommit(commitFile, path, before == null ? "" : before, msg, after == null ? "" : after);
    }
    StringBuilder b = new StringBuilder();
    String[] lines = msg.split("\\R", -1);
    b.append(commentLine(path, "Commit: " + lines[0])).append('\n');
    for (int i = 1; i < lines.length; i++) {
      b.append(commentLine(path, lines[i].isBlank() ? "" : "  " + lines[i].stripTrailing())).append('\n');
    }
    String p = PathText.escape(path);
    if (before == null) {
      b.append(commentLine(path, "New file: " + p)).append('\n');
    } else {
      b.append(commentLine(path, "Before: " + p)).append('\n').append(before).append(eol(before));
    }
    if (after == null) {
      b.append(commentLine(path, "Deleted: " + p)).append('\n');
    } else {
      b.append(commentLine(path, "After: " + p)).append('\n').append(after).append(eol(after));
    }
    return b.toString();
  }

  private static String eol(String text) {
    return text.isEmpty() || text.endsWith("\n") ? "" : "\n";
  }

  /** {@code text} as one comment line in the syntax of the file at {@code path}, as its CPT header is. */
  static String commentLine(String path, String text) {
    String header = Samples.header("", path);
    String marker = header.substring(0, header.indexOf(" File: "));
    if (marker.equals("<!--")) {
      return "<!-- " + text.replace("--", "- -") + " -->";
    }
    return text.isEmpty() ? marker : marker + " " + text;
  }

  /** Fills {@code {path}}, {@code {before}}, {@code {message}}, {@code {after}}; values are never scanned. */
  private static String renderCommit(String t, String path, String before, String message, String after) {
    StringBuilder sb = new StringBuilder(t.length() + before.length() + message.length() + after.length());
    int i = 0;
    while (i < t.length()) {
      int open = t.indexOf('{', i);
      int close = open < 0 ? -1 : t.indexOf('}', open);
      if (close < 0) {
        sb.append(t, i, t.length());
        break;
      }
      sb.append(t, i, open);
      String value =
          switch (t.substring(open + 1, close)) {
            case "path" -> PathText.escape(path);
            case "before" -> before;
            case "message" -> message;
            case "after" -> after;
            default -> null;
          };
      if (value == null) {
        sb.append('{');
        i = open + 1;
      } else {
        sb.append(value);
        i = close + 1;
      }
    }
    return sb.toString();
  }

  /**
   * Tokens of {@code text} with each of the profile's special tokens counted as one and the rest by
   * {@code counter} (the project's o200k_base: the family's own tokenizer is not here offline).
   */
  public int tokens(String text, ToIntFunction<String> counter) {
    int total = 0;
    int from = 0;
    while (true) {
      int at = -1;
      String hit = null;
      for (String s : byLength) { // longest first: of two tokens at one place the longer one wins
        int i = text.indexOf(s, from);
        if (i >= 0 && (at < 0 || i < at)) {
          at = i;
          hit = s;
        }
      }
      if (hit == null) {
        return total + count(text.substring(from), counter);
      }
      total += count(text.substring(from, at), counter) + 1;
      from = at + hit.length();
    }
  }

  private static int count(String part, ToIntFunction<String> counter) {
    return part.isEmpty() ? 0 : counter.applyAsInt(part);
  }

  private String layout(Mode mode) {
    String t = fim.get(mode);
    if (t == null) {
      throw new IllegalArgumentException(
          "profile " + name + " has no " + mode.wireName() + " layout (its family trained "
              + String.join(", ", fim.keySet().stream().map(Mode::wireName).toList()) + " only)");
    }
    return t;
  }

  /** Fills a template's placeholders in one pass over the template: values are never scanned. */
  private static String render(
      String t, String pre, String mid, String suf, String repo, String path, String content) {
    StringBuilder sb =
        new StringBuilder(t.length() + pre.length() + mid.length() + suf.length() + content.length());
    int i = 0;
    while (i < t.length()) {
      int open = t.indexOf('{', i);
      int close = open < 0 ? -1 : t.indexOf('}', open);
      if (close < 0) {
        sb.append(t, i, t.length());
        break;
      }
      sb.append(t, i, open);
      String value = value(t.substring(open + 1, close), pre, mid, suf, repo, path, content);
      if (value == null) {
        sb.append('{');
        i = open + 1;
      } else {
        sb.append(value);
        i = close + 1;
      }
    }
    return sb.toString();
  }

  private static String value(
      String key, String pre, String mid, String suf, String repo, String path, String content) {
    switch (key) {
      case "pre":
        return pre;
      case "mid":
        return mid;
      case "suf":
        return suf;
      case "repo":
        return PathText.escape(repo);
      case "path":
        return PathText.escape(path);
      case "content":
        return content;
      case "header":
        return Samples.header("", path);
      case "comment":
        return comment(path);
      case "eol":
        return content.isEmpty() || content.endsWith("\n") ? "" : "\n";
      default:
        return null;
    }
  }

  /**
   * The path as a comment in the file's own syntax, without the CPT header's "File:" label, as
   * DeepSeek-Coder's repository example writes it ({@code # utils.py}): {@code // a/B.java}.
   */
  static String comment(String path) {
    String header = Samples.header("", path);
    int label = header.indexOf(" File: ");
    return header.substring(0, label) + " " + header.substring(label + " File: ".length());
  }

  private static String required(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalStateException("profile resource lacks " + key);
    }
    return v;
  }

  private static double share(Properties p, String key) {
    double v = Double.parseDouble(required(p, key));
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalStateException(key + " must be in [0, 1], got " + v);
    }
    return v;
  }

  @Override
  public String toString() {
    return name;
  }
}
