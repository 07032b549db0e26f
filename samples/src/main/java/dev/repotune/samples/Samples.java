package dev.repotune.samples;

import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.SourceFile;
import dev.repotune.prompts.QaPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToIntFunction;

/** Factory functions: the one place that decides what an SFT row and a CPT document look like. */
public final class Samples {
  private Samples() {}

  /**
   * One SFT row: [system?, user = question, assistant = answer]. A null or blank system prompt is left
   * out rather than sent empty, since an empty system turn still costs tokens and shifts chat templates.
   * {@code id} = first 32 hex of SHA-256(chunkId, task, question): the same question about the same
   * code is the same row, whichever teacher answered it. {@code split} may be {@link Split#UNASSIGNED}
   * for a row made before the split stage decides it.
   */
  public static SftRecord sft(QaPair qa, Chunk chunk, String systemPrompt, String split) {
    if (!qa.chunkId().equals(chunk.id())) {
      throw new IllegalArgumentException(
          "QaPair is for chunk " + qa.chunkId() + " but was paired with chunk " + chunk.id());
    }
    if (!Split.UNASSIGNED.equals(split)) {
      requireSplit(split);
    }
    String task = qa.taskKind().wireName();
    List<Message> messages = new ArrayList<>(3);
    if (systemPrompt != null && !systemPrompt.isBlank()) {
      messages.add(new Message("system", systemPrompt));
    }
    messages.add(new Message("user", qa.question()));
    messages.add(new Message("assistant", qa.answer()));
    SftRecord.Meta meta =
        new SftRecord.Meta(
            chunk.repo(),
            chunk.commit(),
            chunk.path(),
            chunk.symbol(),
            chunk.startLine() + "-" + chunk.endLine(),
            task,
            qa.teacher(),
            qa.promptVersion(),
            chunk.id(),
            split);
    return new SftRecord(StableIds.of(chunk.id(), task, qa.question()), messages, meta);
  }

  /**
   * The same row for another commit of its chunk: the commit and chunk id replaced and the id computed
   * again, exactly as {@link #sft} would have made it (the question is the user message).
   */
  public static SftRecord restamp(SftRecord r, String commit, String chunkId) {
    return restamp(r.messages(), r.meta(), lastOf(r.messages(), "user"), commit, chunkId);
  }

  /**
   * {@link #restamp} from the parts a cache keeps: {@code lastUser} is the last user message, which the
   * id hashes; {@code messages} may be empty when the caller holds them encoded.
   */
  public static SftRecord restamp(
      List<Message> messages, SftRecord.Meta m, String lastUser, String commit, String chunkId) {
    return new SftRecord(
        StableIds.of(chunkId, m.task(), lastUser),
        messages,
        new SftRecord.Meta(
            m.repo(), commit, m.path(), m.symbol(), m.lines(), m.task(), m.teacher(), m.promptVersion(), chunkId,
            m.split()));
  }

  /** The content of the last message with {@code role}, or "" when there is none. */
  public static String lastOf(List<Message> messages, String role) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role().equals(role)) {
        return messages.get(i).content();
      }
    }
    return "";
  }

  /** The same row moved to another split (the split is decided after filtering and dedup). */
  public static SftRecord withSplit(SftRecord r, String split) {
    requireSplit(split);
    SftRecord.Meta m = r.meta();
    return new SftRecord(
        r.id(),
        r.messages(),
        new SftRecord.Meta(
            m.repo(), m.commit(), m.path(), m.symbol(), m.lines(), m.task(), m.teacher(),
            m.promptVersion(), m.chunkId(), split));
  }

  /**
   * One CPT document. {@code tokens} is the caller's count of the FINAL text ({@link #cptText}), header
   * included, because that is what a trainer will see; counting stays in extractors.
   */
  public static CptRecord cpt(SourceFile f, int tokens) {
    return cpt(f, cptText(f), tokens);
  }

  /** As {@link #cpt(SourceFile, int)}, counting the tokens of the document's own text. */
  public static CptRecord cpt(SourceFile f, ToIntFunction<String> tokenCounter) {
    return cpt(f, tokenCounter, false);
  }

  /** As {@link #cpt(SourceFile, ToIntFunction)}, the licence header kept when {@code keepLicenceHeader}. */
  public static CptRecord cpt(SourceFile f, ToIntFunction<String> tokenCounter, boolean keepLicenceHeader) {
    String text = cptText(f, keepLicenceHeader);
    return cpt(f, text, tokenCounter.applyAsInt(text));
  }

  private static CptRecord cpt(SourceFile f, String text, int tokens) {
    if (tokens < 0) {
      throw new IllegalArgumentException("token count must be >= 0, got " + tokens);
    }
    return new CptRecord(
        StableIds.of(f.repo(), f.commit(), f.path()),
        text,
        new CptRecord.Meta(f.repo(), f.commit(), f.path(), f.language(), tokens));
  }

  /**
   * Header line + "\n" + file text, its licence header stripped and a non-code file capped ({@link
   * CptText}). The header is a comment in the file's own language, so the document still reads as valid
   * code and the model learns which path holds which code.
   */
  public static String cptText(SourceFile f) {
    return cptText(f, false);
  }

  /** As {@link #cptText(SourceFile)}, the licence header kept when {@code keepLicenceHeader}. */
  public static String cptText(SourceFile f, boolean keepLicenceHeader) {
    return header(f.language(), f.path()) + "\n" + CptText.body(f.language(), f.text(), keepLicenceHeader);
  }

  private static final Set<String> HASH =
      Set.of(
          "yaml", "yml", "properties", "shell", "sh", "bash", "zsh", "python", "py", "ruby", "rb",
          "perl", "pl", "toml", "dockerfile", "makefile", "cmake", "r", "ini", "conf", "cfg",
          "gitignore", "gitattributes", "editorconfig", "tcl", "nix", "elixir", "ex", "exs",
          "powershell", "ps1");
  private static final Set<String> MARKUP =
      Set.of("markdown", "md", "xml", "html", "htm", "xhtml", "svg", "xsd", "xsl", "xslt", "vue");
  private static final Set<String> DASHES = Set.of("sql", "lua", "haskell", "hs", "elm");

  /** The path header for a language; C-like ("// File:") for Java, Kotlin, JS, Go, ... and anything unknown. */
  static String header(String language, String rawPath) {
    String path = dev.repotune.extractors.PathText.escape(rawPath);
    String style = style(language.toLowerCase(Locale.ROOT));
    if (style == null) {
      String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
      int dot = name.lastIndexOf('.');
      style = style(dot >= 0 ? name.substring(dot + 1) : name);
    }
    if (style == null) {
      style = "//";
    }
    switch (style) {
      case "#":
        return "# File: " + path;
      case "--":
        return "-- File: " + path;
      case "<!--":
        return "<!-- File: " + path.replace("--", "- -") + " -->";
      default:
        return "// File: " + path;
    }
  }

  private static String style(String key) {
    if (HASH.contains(key)) {
      return "#";
    }
    if (MARKUP.contains(key)) {
      return "<!--";
    }
    if (DASHES.contains(key)) {
      return "--";
    }
    return null;
  }

  private static void requireSplit(String split) {
    if (!Split.TRAIN.equals(split) && !Split.TEST.equals(split)) {
      throw new IllegalArgumentException(
          "split must be \"train\" or \"test\" (use Split.of), got \"" + split + "\"");
    }
  }
}
