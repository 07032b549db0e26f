package dev.repotune.samples.eval;

import dev.repotune.prompts.TaskKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a held-out answer is scored against the dataset's reference, one constant per shape of answer the
 * task kinds have ({@link #forTask}); each gives a score in [0, 1] and its named parts. The references
 * are the offline teacher's (or an LLM teacher's) Markdown: lists of backticked identifiers with their
 * paths, one locate sentence, fenced code, or prose.
 */
public enum Metric {
  /**
   * {@code callers}, {@code implementers}, {@code tests}: the reference is a list {@code - `Type.m(int)`
   * (`src/.../Type.java`)}. Score: F1 of the sets of identifiers (of the paths when the reference names
   * none); parts {@code precision}, {@code recall}, {@code f1} and {@code path_precision}, {@code
   * path_recall}, {@code path_f1}.
   *
   * <p>Items are the code spans of the list-item lines (all lines when there are none: a lead-in names
   * the question's subject, which is no item); a span is a path when it has a '/' or a file extension. An
   * answer without any code span is read for dotted names ({@code Type.method(..)}) and slash paths, so
   * an unformatted answer is not scored 0 for its formatting. Identifiers are compared without spaces,
   * with {@code #} as '.', and without a lower-case package prefix (the reference drops it: {@code
   * com.google.gson.Gson.toJson()} is {@code Gson.toJson()}). Matching is one-to-one, exact keys first,
   * then what is left by a looser key: the name without its parameter list (an answer that omits or
   * misspells parameter types still names the method), the file name of a path. A cut reference list
   * ("… and 7 more") makes the recall exact but the precision a lower bound.
   */
  IDENTIFIER_SET("identifier-set") {
    @Override
    public Scored evaluate(String reference, String answer) {
      Items ref = Items.of(reference);
      Items ans = Items.of(answer);
      double[] sym = matchSets(ref.symbols, ans.symbols, Metric::symbolKey, Metric::symbolName);
      double[] path = matchSets(ref.paths, ans.paths, Metric::pathKey, Metric::fileName);
      Map<String, Double> parts = new LinkedHashMap<>();
      parts.put("precision", sym[0]);
      parts.put("recall", sym[1]);
      parts.put("f1", sym[2]);
      parts.put("path_precision", path[0]);
      parts.put("path_recall", path[1]);
      parts.put("path_f1", path[2]);
      return new Scored(ref.symbols.isEmpty() && !ref.paths.isEmpty() ? path[2] : sym[2], parts);
    }
  },

  /**
   * {@code locate}: the reference is one sentence naming the file, the enclosing type (a member's:
   * {@code in `public final class Gson` of package `com.google.gson`}; a nested type's: {@code nested in
   * `Outer`}) and the package. Score: the mean of {@code path} (the reference's path appears in the
   * answer) and {@code type} (the enclosing type's simple name appears as a whole identifier); a top-level
   * type has no enclosing type, so its package is looked for instead (part {@code package}). Part {@code
   * file}: the file name alone appears, for an answer right about the file but not its folder. Before the
   * type is looked for, the subject's own symbol and the path are taken out of the answer: the member
   * {@code Gson.toJson(Object)} names its type, and {@code Gson.java} names it too, so restating the
   * question or the file would otherwise count as knowing the type.
   */
  LOCATION("location") {
    @Override
    public Scored evaluate(String reference, String answer) {
      Location where = Location.of(reference);
      String ans = AnswerText.nullToEmpty(answer).replace('\\', '/');
      Map<String, Double> parts = new LinkedHashMap<>();
      double path = 0;
      if (where.path != null) {
        path = ans.contains(pathKey(where.path)) ? 1 : 0;
        parts.put("path", path);
        parts.put("file", containsName(ans, fileName(where.path)) ? 1.0 : 0.0);
      }
      String rest = ans;
      for (String s : new String[] {where.symbol, where.symbol == null ? null : symbolName(where.symbol), where.path,
          where.path == null ? null : fileName(where.path)}) {
        if (s != null && !s.isEmpty()) {
          rest = rest.replace(s, " ");
        }
      }
      Double type = null;
      if (where.typeName != null) {
        type = containsName(rest, where.typeName) ? 1.0 : 0.0;
        parts.put("type", type);
      } else if (where.packageName != null) {
        type = containsName(rest, where.packageName) ? 1.0 : 0.0;
        parts.put("package", type);
      }
      double score = where.path == null ? (type == null ? 0 : type) : type == null ? path : (path + type) / 2;
      return new Scored(score, parts);
    }
  },

  /**
   * {@code signature}, {@code implement}, {@code fix-bug} and FIM middles: the code of the answer (its
   * last fenced block, or the whole text when it has none, {@link AnswerText#answerCode}) against the
   * reference's. Score: {@code edit_similarity}, 1 − Levenshtein / longer length on the characters with
   * whitespace collapsed ({@link AnswerText#codeSimilarity}; past {@value
   * AnswerText#MAX_CHARS_FOR_CHARACTER_DISTANCE} characters on lines instead, part {@code line_level}
   * 1). Part {@code exact}: 1 when the two are equal with whitespace collapsed, the strict figure papers
   * quote; the similarity gives credit to an answer one token off, which exact match scores like a blank.
   */
  CODE("code") {
    @Override
    public Scored evaluate(String reference, String answer) {
      String ref = AnswerText.answerCode(reference);
      String ans = AnswerText.answerCode(answer);
      boolean exact = AnswerText.collapseWhitespace(ref).equals(AnswerText.collapseWhitespace(ans));
      boolean lines = AnswerText.usesLineDistance(ref, ans);
      double similarity = exact ? 1.0 : AnswerText.codeSimilarity(ref, ans);
      Map<String, Double> parts = new LinkedHashMap<>();
      parts.put("exact", exact ? 1.0 : 0.0);
      parts.put("edit_similarity", similarity);
      parts.put("line_level", lines ? 1.0 : 0.0);
      return new Scored(similarity, parts);
    }
  },

  /**
   * {@code explain}, {@code document}, {@code doc-section}, {@code why}, {@code commit-message}, {@code
   * change} and any kind without a metric of its own ({@link #DEFAULT}): token F1 with SQuAD's
   * normalisation ({@link AnswerText#squadTokens}), the score; part {@code identifier_recall}, the share of
   * the reference's identifiers (its code spans, and the targets of its {@code {@code ..}} and {@code
   * {@link ..}} tags, which a Javadoc answer names them by) that the answer contains as whole names
   * ({@code Gson} is not found in {@code GsonBuilder}), present only when the reference names any. Token F1 rewards the reference's words in any order, which suits prose that
   * can be said many ways; the recall says whether the names that matter were kept.
   */
  PROSE("prose") {
    @Override
    public Scored evaluate(String reference, String answer) {
      double f1 = AnswerText.tokenF1(AnswerText.squadTokens(reference), AnswerText.squadTokens(answer));
      Map<String, Double> parts = new LinkedHashMap<>();
      parts.put("token_f1", f1);
      Set<String> names = new LinkedHashSet<>();
      AnswerText.codeSpans(reference).forEach(s -> names.add(AnswerText.collapseWhitespace(s)));
      Matcher tag = JAVADOC_NAME.matcher(AnswerText.nullToEmpty(reference));
      while (tag.find()) {
        names.add(AnswerText.collapseWhitespace(tag.group(1)));
      }
      names.remove("");
      if (!names.isEmpty()) {
        String ans = AnswerText.collapseWhitespace(answer);
        long found = names.stream().filter(n -> containsName(ans, n)).count();
        parts.put("identifier_recall", (double) found / names.size());
      }
      return new Scored(f1, parts);
    }
  };

  /** The metric of a task kind no constant claims: {@link #PROSE}. */
  public static final Metric DEFAULT = PROSE;

  /** What an evaluation of FIM rows passes as their task (a FIM row has no {@code meta.task}). */
  public static final String FIM_TASK = "fim";

  /**
   * What an evaluation of rl/ tasks passes as their task: the implement question of a method that has
   * tests, scored by {@link #TESTS_METRIC}.
   */
  public static final String RL_TASK = "rl";

  /**
   * The metric of {@link #RL_TASK}, computed where the repository is built, not from the text: the
   * answer's method put in place, the file compiled and the task's tests run (docs/rl-tasks.md). Score 1
   * when they pass; parts {@code compiles}, {@code passes} and the answer's {@code edit_similarity} to
   * the method as written, which says how far a failing answer was.
   */
  public static final String TESTS_METRIC = "tests";

  private static final Pattern JAVADOC_NAME = Pattern.compile("\\{@(?:code|link|linkplain)\\s+([^}]+)}");
  private static final Pattern PATH_LIKE =
      Pattern.compile("(?i)[^\\s()]+\\.(?:java|kt|kts|scala|groovy|md|markdown|xml|properties|gradle|json|ya?ml"
          + "|txt|py|js|ts|go|rs|c|cc|cpp|h|hpp|cs|rb|sh)");
  private static final Pattern PATH_TOKEN = Pattern.compile("[\\w.$-]+(?:/[\\w.$-]+)+|[\\w$-]+\\.[A-Za-z]{1,8}");
  private static final Pattern SYMBOL_TOKEN =
      Pattern.compile("[A-Za-z_$][\\w$]*(?:[.#][A-Za-z_$][\\w$]*)+(?:\\([^)\\n]*\\))?");
  private static final Pattern TYPE_DECLARATION =
      Pattern.compile("\\b(?:class|interface|enum|record|@interface)\\s+([A-Za-z_$][\\w$]*)");

  private static final Map<String, Metric> BY_TASK = new LinkedHashMap<>();

  static {
    for (String t : List.of("callers", "implementers", "tests")) {
      BY_TASK.put(t, IDENTIFIER_SET);
    }
    BY_TASK.put("locate", LOCATION);
    for (String t : List.of("signature", "implement", "fix-bug", FIM_TASK)) {
      BY_TASK.put(t, CODE);
    }
    for (String t : List.of("explain", "document", "doc-section", "why", "commit-message", "change")) {
      BY_TASK.put(t, PROSE);
    }
  }

  private final String wireName;

  Metric(String wireName) {
    this.wireName = wireName;
  }

  /** What {@code eval.json} calls it. */
  public String wireName() {
    return wireName;
  }

  /** The answer's score against the reference, with its parts; a null text reads as empty. */
  public abstract Scored evaluate(String reference, String answer);

  /** {@link #evaluate}'s score alone. */
  public double score(String reference, String answer) {
    return evaluate(reference, answer).score();
  }

  /**
   * The metric of a task's wire name ({@code meta.task}; {@link #FIM_TASK}, or any name starting with
   * it, for FIM middles); {@link #DEFAULT} for one without its own ({@code write-test}, {@code
   * fix-with-test}, an unknown name).
   */
  public static Metric forTask(String task) {
    if (task == null) {
      return DEFAULT;
    }
    Metric m = BY_TASK.get(task);
    if (m == null && task.startsWith(FIM_TASK)) {
      return CODE;
    }
    return m == null ? DEFAULT : m;
  }

  /** The metric of the wire name {@link #wireName()} gives. */
  public static Metric ofWireName(String wireName) {
    for (Metric m : values()) {
      if (m.wireName.equals(wireName)) {
        return m;
      }
    }
    throw new IllegalArgumentException("no metric " + wireName);
  }

  /**
   * The score of an answer to a held-out question of {@code task}: {@link #forTask}'s metric, with a prose
   * kind's offline wording taken out of both texts first ({@link TaskKind#factsOf}: "From the Javadoc of
   * `X`:" is the teacher's template, not a fact the model should be scored on repeating). Text no
   * template wrote (an LLM teacher's, the model's own) is compared as it is.
   */
  public static Scored scoreAnswer(String task, String reference, String answer) {
    Metric m = forTask(task);
    TaskKind kind = TaskKind.byWireName(task);
    if (m == PROSE && kind != null) {
      return m.evaluate(kind.factsOf(AnswerText.nullToEmpty(reference)), kind.factsOf(AnswerText.nullToEmpty(answer)));
    }
    return m.evaluate(reference, answer);
  }

  // --- identifier sets -------------------------------------------------------------------------

  /** The identifiers and paths of a list answer, each deduplicated by its exact key, in order. */
  private record Items(List<String> symbols, List<String> paths) {
    static Items of(String text) {
      List<String> lines = AnswerText.listLines(text);
      List<String> spans = new ArrayList<>();
      lines.forEach(l -> spans.addAll(AnswerText.codeSpans(l)));
      if (spans.isEmpty()) {
        for (String line : lines) {
          Matcher p = PATH_TOKEN.matcher(line);
          StringBuilder rest = new StringBuilder();
          while (p.find()) {
            if (p.group().contains("/") || isPath(p.group())) {
              spans.add(p.group());
              p.appendReplacement(rest, " ");
            }
          }
          p.appendTail(rest);
          Matcher s = SYMBOL_TOKEN.matcher(rest);
          while (s.find()) {
            spans.add(s.group());
          }
        }
      }
      Map<String, String> symbols = new LinkedHashMap<>();
      Map<String, String> paths = new LinkedHashMap<>();
      for (String s : spans) {
        if (isPath(s)) {
          paths.putIfAbsent(pathKey(s), s);
        } else {
          symbols.putIfAbsent(symbolKey(s), s);
        }
      }
      return new Items(List.copyOf(symbols.values()), List.copyOf(paths.values()));
    }
  }

  static boolean isPath(String span) {
    return !span.contains("(") && !span.contains(" ")
        && (span.contains("/") || span.contains("\\") || PATH_LIKE.matcher(span).matches());
  }

  /**
   * Precision, recall and F1 of a one-to-one matching: exact keys first, then what is left by the loose
   * key. Both empty: all 1; an empty answer to a non-empty reference: all 0; any answer to an empty
   * reference: precision 0, recall 1, F1 0.
   */
  static double[] matchSets(List<String> ref, List<String> ans, Function<String, String> strict,
      Function<String, String> loose) {
    if (ref.isEmpty() && ans.isEmpty()) {
      return new double[] {1, 1, 1};
    }
    if (ref.isEmpty()) {
      return new double[] {0, 1, 0};
    }
    if (ans.isEmpty()) {
      return new double[] {0, 0, 0};
    }
    List<String> leftRef = new ArrayList<>(ref.stream().map(strict).toList());
    List<String> leftAns = new ArrayList<>();
    int matched = 0;
    for (String a : ans) {
      String k = strict.apply(a);
      if (leftRef.remove(k)) {
        matched++;
      } else {
        leftAns.add(k);
      }
    }
    List<String> looseRef = new ArrayList<>(leftRef.stream().map(loose).toList());
    for (String a : leftAns) {
      if (looseRef.remove(loose.apply(a))) {
        matched++;
      }
    }
    double p = (double) matched / ans.size();
    double r = (double) matched / ref.size();
    return new double[] {p, r, matched == 0 ? 0 : 2 * p * r / (p + r)};
  }

  /** {@code Gson.Builder.create()} of {@code com.google.gson.Gson.Builder#create( )}. */
  static String symbolKey(String symbol) {
    String s = symbol.replaceAll("\\s+", "").replace('#', '.');
    int paren = s.indexOf('(');
    String head = paren < 0 ? s : s.substring(0, paren);
    String tail = paren < 0 ? "" : s.substring(paren);
    String[] parts = head.split("\\.");
    int first = 0;
    while (first < parts.length - 1 && !(parts[first].length() > 0 && Character.isUpperCase(parts[first].charAt(0)))) {
      first++;
    }
    return String.join(".", List.of(parts).subList(first, parts.length)) + tail;
  }

  /** The symbol key without its parameter list. */
  static String symbolName(String symbol) {
    String k = symbolKey(symbol);
    int paren = k.indexOf('(');
    return paren < 0 ? k : k.substring(0, paren);
  }

  static String pathKey(String path) {
    String p = path.strip().replace('\\', '/');
    while (p.startsWith("./") || p.startsWith("/")) {
      p = p.substring(p.startsWith("./") ? 2 : 1);
    }
    return p;
  }

  static String fileName(String path) {
    String p = pathKey(path);
    return p.substring(p.lastIndexOf('/') + 1);
  }

  // --- locate ----------------------------------------------------------------------------------

  /** What a locate reference states: the subject, its file, its enclosing type's simple name, its package. */
  private record Location(String symbol, String path, String typeName, String packageName) {
    static Location of(String reference) {
      String path = null;
      String pkg = null;
      String nested = null;
      List<String> plain = new ArrayList<>();
      for (String[] span : AnswerText.codeSpansWithLeadIn(reference)) {
        String s = span[0];
        String lead = span[1].toLowerCase(Locale.ROOT);
        if (path == null && isPath(s)) {
          path = s;
        } else if (lead.endsWith("package ")) {
          pkg = s;
        } else if (lead.endsWith("nested in ")) {
          nested = s;
        } else if (!lead.endsWith(" as ")) {
          plain.add(s);
        }
      }
      // a member's sentences name the member, then the enclosing type's declaration; a type's name itself only
      String enclosing = nested != null ? nested : plain.size() >= 2 ? plain.get(plain.size() - 1) : null;
      return new Location(plain.isEmpty() ? null : plain.get(0), path,
          enclosing == null ? null : simpleTypeName(enclosing), pkg);
    }
  }

  /** {@code Builder} of {@code public static final class Builder<T> extends Base}, or of {@code Gson.Builder}. */
  static String simpleTypeName(String declaration) {
    Matcher m = TYPE_DECLARATION.matcher(declaration);
    if (m.find()) {
      return m.group(1);
    }
    String s = declaration.replaceAll("<.*", "").strip();
    return s.substring(s.lastIndexOf('.') + 1);
  }

  /** Whether {@code name} is in {@code text} as a whole name: not inside a longer identifier. */
  static boolean containsName(String text, String name) {
    return Pattern.compile("(?<![\\w$])" + Pattern.quote(name) + "(?![\\w$])").matcher(text).find();
  }
}
