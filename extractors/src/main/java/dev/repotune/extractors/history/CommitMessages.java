package dev.repotune.extractors.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A commit message as an instruction: {@link #subject} is what the change does, cleaned of the
 * bookkeeping around it (issue keys, PR numbers); {@link #body} the explanation without the trailers,
 * which carry names and emails; {@link #reject} the CommitPackFT-like rules for a subject too poor to
 * teach from, each with its reason.
 *
 * <p>A subject passes when it reads as a command: its first word (after a {@code component:} prefix) is
 * a verb of {@link #VERBS}, in the imperative ("Add"), the past ("Added", "Fixed": jsoup and javapoet
 * write these) or the third person ("Adds", "Fixes"), which say the same thing. A gerund ("Adding") does
 * not: those subjects are mostly work-in-progress notes.
 */
public final class CommitMessages {
  public static final String SUBJECT_TOO_SHORT = "subject_too_short";
  public static final String SUBJECT_TOO_LONG = "subject_too_long";
  public static final String TOO_FEW_WORDS = "too_few_words";
  public static final String BARE_WORD = "bare_word";
  public static final String HASH_LIKE = "hash_like";
  public static final String VERSION_ONLY = "version_only";
  public static final String NOT_IMPERATIVE = "not_imperative";

  /** Under 10 characters there is no room for what and where ("Fix NPE" says neither). */
  public static final int MIN_SUBJECT_CHARS = 10;

  /**
   * Git's advice is 50 and GitHub cuts at 72, but real subjects of 80-120 characters are still one
   * sentence; past 120 a first line is a paragraph pasted without a break.
   */
  public static final int MAX_SUBJECT_CHARS = 120;

  public static final int MIN_WORDS = 3;

  /**
   * Verbs a change subject starts with. Not "bump" (release noise), not "merge" (merges are skipped
   * anyway), not "initial" or "wip"; "do" for "Do not ..." and "Don't ...".
   */
  static final Set<String> VERBS =
      Set.of(
          "add", "fix", "remove", "use", "make", "allow", "support", "avoid", "improve", "handle", "update",
          "rename", "move", "refactor", "replace", "implement", "introduce", "simplify", "clean", "correct",
          "prevent", "ensure", "return", "throw", "change", "extract", "optimize", "optimise", "speed",
          "reduce", "document", "test", "deprecate", "drop", "revert", "restore", "expose", "check",
          "validate", "skip", "limit", "cache", "convert", "reorder", "split", "inline", "enable", "disable",
          "honor", "honour", "preserve", "normalize", "normalise", "treat", "parse", "read", "write", "apply",
          "accept", "keep", "guard", "fail", "delete", "create", "define", "declare", "detect", "emit",
          "escape", "unescape", "encode", "decode", "format", "generate", "include", "exclude", "ignore",
          "increase", "decrease", "initialize", "initialise", "insert", "load", "log", "migrate",
          "modify", "override", "pass", "print", "propagate", "provide", "reject", "release", "reset",
          "resolve", "respect", "retain", "reuse", "rewrite", "run", "select", "set", "show", "hide", "sort",
          "strip", "trim", "tidy", "tweak", "unify", "upgrade", "downgrade", "wrap", "unwrap", "close",
          "open", "clarify", "explain", "describe", "mention", "note", "tolerate", "recognize", "recognise",
          "report", "warn", "store", "save", "copy", "compute", "calculate", "count", "match", "find",
          "lookup", "look", "let", "stop", "start", "get", "put", "call", "invoke", "register", "track",
          "adjust", "align", "annotate", "bound", "build", "catch", "collapse", "combine", "compare",
          "configure", "consolidate", "consider", "defer", "delegate", "expand", "extend", "fill", "filter",
          "flatten", "flush", "force", "harden", "indent", "infer", "lower", "mark", "output", "pin",
          "polish", "prefer", "prepare", "process", "raise", "rearrange", "rebuild", "recover", "redirect",
          "reformat", "refine", "relax", "reload", "remember", "repair", "retry", "revise", "rework", "scan",
          "separate", "serialize", "deserialize", "share", "shorten", "signal", "speedup", "streamline",
          "swap", "switch", "tighten", "translate", "trigger", "truncate", "verify", "rethrow",
          "deduplicate", "dedupe", "memoize", "backport", "port", "wire", "hook", "adapt", "address", "permit",
          "omit", "publish", "bundle", "shade", "relocate", "fold", "do", "confirm", "maintain", "specify",
          "reimplement", "assert", "clear", "consume", "follow", "bring", "undo", "revamp", "qualify", "send");

  /** The irregular past forms of verbs above. */
  private static final Map<String, String> IRREGULAR =
      Map.ofEntries(
          Map.entry("made", "make"),
          Map.entry("kept", "keep"),
          Map.entry("wrote", "write"),
          Map.entry("rewrote", "rewrite"),
          Map.entry("threw", "throw"),
          Map.entry("sped", "speed"),
          Map.entry("let", "let"),
          Map.entry("ran", "run"),
          Map.entry("got", "get"),
          Map.entry("found", "find"),
          Map.entry("built", "build"),
          Map.entry("rebuilt", "rebuild"),
          Map.entry("caught", "catch"),
          Map.entry("shown", "show"),
          Map.entry("hid", "hide"),
          Map.entry("split", "split"),
          Map.entry("set", "set"),
          Map.entry("put", "put"),
          Map.entry("brought", "bring"),
          Map.entry("dont", "do"));

  /**
   * Words that say a change happened and nothing about it: a subject made only of these (and
   * punctuation) is a placeholder.
   */
  static final Set<String> BARE_WORDS =
      Set.of(
          "update", "updates", "updated", "fix", "fixes", "fixed", "wip", "change", "changes", "changed",
          "minor", "cleanup", "clean", "up", "typo", "typos", "small", "some", "stuff", "more", "misc",
          "various", "tweak", "tweaks", "refactor", "refactoring", "formatting", "format", "improvement",
          "improvements", "work", "in", "progress", "code", "commit", "initial", "test", "tests", "testing",
          "things", "final", "again", "done", "temp", "tmp", "oops", "and", "a", "bit", "few", "the", "of",
          "files", "file", "edit", "edits", "bug", "bugs", "bugfix", "bugfixes", "try", "attempt", "another",
          "one", "it", "this", "that", "to", "for", "docs", "doc", "readme", "comments", "comment", "todo",
          "save", "saving", "sync", "merge");

  private static final Pattern PR_SUFFIX = Pattern.compile("\\s*\\(#\\d+\\)\\s*$");
  private static final Pattern PR_PREFIX = Pattern.compile("^\\(#\\d+\\)\\s*");
  private static final Pattern TAG_PREFIX = Pattern.compile("^\\[[^\\]\\n]{1,40}]\\s*:?\\s*");
  /** A tracker key before the subject: {@code LANG-1234: }, {@code JSOUP-12 }. */
  private static final Pattern ISSUE_KEY_PREFIX = Pattern.compile("^[A-Z][A-Z0-9]+-\\d+\\s*[:\\-]?\\s+");
  private static final Pattern MERGE_PR = Pattern.compile("^Merge pull request #\\d+ from \\S+\\s*$");
  private static final Pattern TRAILER =
      Pattern.compile(
          "^(signed-off-by|co-authored-by|change-id|reviewed-by|reviewed-on|acked-by|tested-by|reported-by"
              + "|suggested-by|helped-by|cc|approved-by|authored-by|committed-by):.*$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern HEX = Pattern.compile("\\b[0-9a-fA-F]{7,64}\\b");
  private static final Pattern URL = Pattern.compile("\\b(?:https?|ftp)://\\S+|\\bwww\\.\\S+");
  private static final Pattern VERSION_SUBJECT =
      Pattern.compile("(?i)^(?:v|version|release|rel)?\\s*v?\\d+(?:\\.\\d+)+(?:[-.+][a-z0-9]+)*$");

  private CommitMessages() {}

  /**
   * The first line, stripped of a PR number ({@code (#1234)}), {@code [tag]} and {@code TAG-12:}
   * prefixes and a trailing period; for GitHub's "Merge pull request #12 from user/branch" the PR's
   * title, which GitHub writes as the next line.
   */
  public static String subject(String message) {
    List<String> lines = lines(message);
    if (lines.isEmpty()) {
      return "";
    }
    return clean(lines.get(0));
  }

  /** Everything after the subject line, trailers ({@code Signed-off-by:} and the like) removed. */
  public static String body(String message) {
    List<String> lines = lines(message);
    if (lines.size() <= 1) {
      return "";
    }
    List<String> kept = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (!TRAILER.matcher(line.strip()).matches()) {
        kept.add(line.stripTrailing());
      }
    }
    return String.join("\n", kept).strip();
  }

  /**
   * The message as written minus its trailer lines ({@code Signed-off-by:}, {@code Co-authored-by:}
   * and the like, wherever they stand after the first line): what {@link CommitLog} keeps, so no name
   * or email of a trailer travels with the commit.
   */
  static String withoutTrailers(String message) {
    String[] lines = message.split("\n", -1);
    StringBuilder sb = new StringBuilder(lines[0]);
    for (int i = 1; i < lines.length; i++) {
      if (!TRAILER.matcher(lines[i].strip()).matches()) {
        sb.append('\n').append(lines[i]);
      }
    }
    return sb.toString();
  }

  /** The reason the cleaned subject cannot serve as an instruction; empty when it can. */
  public static Optional<String> reject(String message) {
    String s = subject(message == null ? "" : message);
    if (hashLike(s)) {
      return Optional.of(HASH_LIKE);
    }
    if (VERSION_SUBJECT.matcher(s).matches()) {
      return Optional.of(VERSION_ONLY);
    }
    if (s.length() < MIN_SUBJECT_CHARS) {
      return Optional.of(SUBJECT_TOO_SHORT);
    }
    if (s.length() > MAX_SUBJECT_CHARS) {
      return Optional.of(SUBJECT_TOO_LONG);
    }
    List<String> words = words(s);
    if (words.stream().allMatch(BARE_WORDS::contains)) {
      return Optional.of(BARE_WORD);
    }
    if (s.strip().split("\\s+").length < MIN_WORDS) {
      return Optional.of(TOO_FEW_WORDS);
    }
    if (!imperative(s)) {
      return Optional.of(NOT_IMPERATIVE);
    }
    return Optional.empty();
  }

  /** Whether the first word (after a {@code component:} prefix) is a verb of {@link #VERBS}, or a form of one. */
  static boolean imperative(String subject) {
    String[] tokens = subject.strip().split("\\s+");
    int i = 0;
    if (tokens.length > 1 && tokens[0].endsWith(":")) {
      i = 1; // "parser: fix ...", "docs: add ..."
    }
    String w = tokens[i].toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    if (ADVERBS.contains(w) && i + 1 < tokens.length) {
      // "Only send ...", "Temporarily add ...", "Properly handle ...": the verb comes second
      w = tokens[i + 1].toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }
    return isVerbForm(w);
  }

  /** Words a subject may put before its verb (jsoup: "Temporarily add", javapoet: "Only send"). */
  static final Set<String> ADVERBS =
      Set.of("only", "also", "always", "never", "properly", "correctly", "temporarily", "explicitly", "lazily",
          "consistently", "gracefully", "further", "finally", "partially", "actually", "now", "just");

  static boolean isVerbForm(String w) {
    if (w.isEmpty()) {
      return false;
    }
    if (VERBS.contains(w) || IRREGULAR.containsKey(w)) {
      return true;
    }
    if (w.endsWith("ied") || w.endsWith("ies")) {
      return VERBS.contains(w.substring(0, w.length() - 3) + "y"); // simplified, applies
    }
    if (w.endsWith("ed")) {
      String stem = w.substring(0, w.length() - 2);
      return VERBS.contains(stem) // added, fixed
          || VERBS.contains(stem + "e") // removed, used
          || (stem.length() > 2
              && stem.charAt(stem.length() - 1) == stem.charAt(stem.length() - 2)
              && VERBS.contains(stem.substring(0, stem.length() - 1))); // dropped, skipped
    }
    if (w.endsWith("es") && VERBS.contains(w.substring(0, w.length() - 2))) {
      return true; // fixes, passes
    }
    return w.endsWith("s") && VERBS.contains(w.substring(0, w.length() - 1)); // adds, removes
  }

  private static boolean hashLike(String s) {
    String t = s.strip();
    if (t.isEmpty()) {
      return false;
    }
    int covered = 0;
    var hex = HEX.matcher(t);
    while (hex.find()) {
      if (hex.group().chars().anyMatch(Character::isDigit)) { // "deadbeef" words aside, a hash has digits
        covered += hex.group().length();
      }
    }
    var url = URL.matcher(t);
    while (url.find()) {
      covered += url.group().length();
    }
    return covered * 2 > t.replaceAll("\\s+", "").length();
  }

  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    for (String token : s.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (!token.isEmpty()) {
        out.add(token);
      }
    }
    return out;
  }

  private static String clean(String line) {
    String s = line.strip();
    String before;
    do {
      before = s;
      s = PR_SUFFIX.matcher(s).replaceFirst("");
      s = PR_PREFIX.matcher(s).replaceFirst("");
      s = TAG_PREFIX.matcher(s).replaceFirst("");
      s = ISSUE_KEY_PREFIX.matcher(s).replaceFirst("");
      s = s.strip();
      while (s.endsWith(".") && !s.endsWith("..")) {
        s = s.substring(0, s.length() - 1).strip();
      }
    } while (!s.equals(before));
    return s;
  }

  /**
   * The message's lines from its first non-blank one; for a GitHub PR merge, from the PR title (the
   * line GitHub writes after "Merge pull request #12 from ...").
   */
  private static List<String> lines(String message) {
    List<String> all = new ArrayList<>(List.of(message.replace("\r\n", "\n").split("\n", -1)));
    while (!all.isEmpty() && all.get(0).isBlank()) {
      all.remove(0);
    }
    if (!all.isEmpty() && MERGE_PR.matcher(all.get(0).strip()).matches()) {
      all.remove(0);
      while (!all.isEmpty() && all.get(0).isBlank()) {
        all.remove(0);
      }
    }
    return all;
  }
}
