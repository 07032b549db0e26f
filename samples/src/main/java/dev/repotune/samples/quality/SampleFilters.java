package dev.repotune.samples.quality;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.CodeFacts;
import dev.repotune.extractors.TokenCounter;
import dev.repotune.samples.Samples;
import dev.repotune.samples.SftRecord;
import dev.repotune.prompts.TaskKind;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules that decide whether an SFT row is worth training on. Each rule that drops a row names a
 * reason code (snake_case, the {@code reason} of its Rejected row) and a sentence saying what it saw.
 * The rules are cheap and explainable on purpose: a user reading {@code rejected/} must be able to tell
 * why a row is there.
 */
public final class SampleFilters implements Serializable {
  /** Why a row was dropped: {@code reason} is the code, {@code detail} the sentence. */
  public record Drop(String reason, String detail) implements Serializable {}

  private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`|```[\\s\\S]*?```");

  /** Phrases that begin or make up a refusal rather than an answer ("As an AI language model, ..."). */
  private static final Pattern REFUSAL =
      Pattern.compile(
          "\\b(as an ai\\b|as a language model|as an ai language model|i'?m sorry,? but|i am sorry,? but"
              + "|i cannot (help|assist|provide|answer)|i can'?t (help|assist|provide|answer)"
              + "|i am unable to|i'?m unable to|i don'?t have access to|i do not have access to)",
          Pattern.CASE_INSENSITIVE);

  private static final List<String> REFUSAL_ANCHORS =
      List.of("as a", "sorry", "cannot", "can't", "cant", "unable", "access");

  /** The most words a {@link #BOILERPLATE} phrase has: longer answers are not looked up. */
  private static final int MAX_BOILERPLATE_WORDS = 4;

  /** Answers that fill the slot without saying anything, compared after {@link #words} are joined. */
  private static final Set<String> BOILERPLATE =
      Set.of(
          "todo", "tbd", "fixme", "n a", "na", "none", "null", "nothing", "no description",
          "no documentation", "not documented", "undocumented", "inheritdoc", "see above",
          "see below", "not implemented", "not yet implemented", "description", "javadoc",
          "throw new unsupportedoperationexception", "return null", "lorem ipsum");

  /**
   * Very common English words: a question of several words with none of these is not English (or not
   * prose at all). Cheaper and more predictable than a language-identification model, and enough for
   * telling English prose from another language's.
   */
  private static final Set<String> ENGLISH_STOPWORDS =
      Set.of(
          "the", "a", "an", "is", "are", "be", "of", "to", "in", "on", "for", "and", "or",
          "it", "this", "that", "with", "what", "which", "who", "how", "why", "when", "where",
          "does", "do", "can", "should", "if", "not", "from", "by", "as", "its", "write", "explain",
          "describe", "give", "show", "list", "name", "return", "returns", "given", "method", "class");

  /** Very common words of the other languages Javadoc is most often written in (de, fr, es, pt, it). */
  private static final Set<String> OTHER_STOPWORDS =
      Set.of(
          "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "einem", "mit", "wird", "le",
          "la", "les", "des", "est", "une", "du", "et", "pour", "dans", "el", "los", "las", "es",
          "por", "para", "que", "con", "una", "del", "il", "di", "che", "per", "sono", "não", "uma");

  private static final Set<String> TRIVIAL_OBJECT_METHODS = Set.of("toString", "hashCode", "equals");
  private static final Pattern GETTER = Pattern.compile("(get|is|has)[A-Z_].*");
  private static final Pattern SETTER = Pattern.compile("set[A-Z_].*");

  private final FilterConfig config;

  public SampleFilters(FilterConfig config) {
    this.config = config;
  }

  /**
   * The first rule that drops {@code r}, or empty when it is kept. {@code trivialChunk} says whether the
   * row's chunk is trivial code ({@link #trivialCode}); rows are checked one at a time, the chunk is not
   * on the row.
   */
  public Optional<Drop> check(SftRecord r, Optional<String> trivialChunk) {
    String question = Samples.lastOf(r.messages(), "user");
    String answer = Samples.lastOf(r.messages(), "assistant");
    if (answer.isBlank()) {
      return drop("empty_answer", "the answer is empty");
    }
    if (mayRefuse(answer)) {
      Matcher refusal = REFUSAL.matcher(answer);
      if (refusal.find()) {
        return drop("refusal", "the answer refuses: \"" + refusal.group() + "\"");
      }
    }
    List<String> answerWords = words(answer);
    List<String> questionWords = words(question);
    if (answerWords.size() <= MAX_BOILERPLATE_WORDS
        && BOILERPLATE.contains(String.join(" ", answerWords))) {
      return drop("boilerplate_answer", "the answer is only \"" + abbreviate(answer.strip()) + "\"");
    }
    if (copiesQuestion(questionWords, answerWords)) {
      return drop("answer_copies_question", "the answer repeats the question");
    }
    if (trivialChunk.isPresent()
        && !config.keepTrivialCode()
        && !keptWhenTrivial(r.meta().task(), trivialChunk.get())) {
      return drop("trivial_code", trivialChunk.get());
    }
    if ("en".equals(config.language()) && !isEnglish(question)) {
      return drop("non_english_question", "the question's prose is not English (--language en)");
    }
    // Every word is at least one token of its own (the encoder splits text at word boundaries first).
    if (!TokenCounter.within(question, questionWords.size(), config.minQuestionTokens(), config.maxQuestionTokens())) {
      int qt = TokenCounter.count(question);
      return qt < config.minQuestionTokens()
          ? drop("question_too_short", qt + " tokens, below " + config.minQuestionTokens())
          : drop("question_too_long", qt + " tokens, above " + config.maxQuestionTokens());
    }
    if (!TokenCounter.within(answer, answerWords.size(), config.minAnswerTokens(), config.maxAnswerTokens())) {
      int at = TokenCounter.count(answer);
      return at < config.minAnswerTokens()
          ? drop("answer_too_short", at + " tokens, below " + config.minAnswerTokens())
          : drop("answer_too_long", at + " tokens, above " + config.maxAnswerTokens());
    }
    return Optional.empty();
  }

  /**
   * Why a chunk is trivial code, or empty: a getter or setter whose body is one statement and calls
   * nothing, an undocumented {@code toString}/{@code hashCode}/{@code equals} of one statement, or anything marked
   * {@code @Generated}. Questions about these teach the model nothing about this codebase.
   */
  public static Optional<String> trivialCode(Chunk chunk) {
    CodeFacts f = chunk.facts();
    if (f.isEmpty()) {
      return Optional.empty();
    }
    if (f.annotations().stream().anyMatch(a -> a.equals("Generated") || a.endsWith(".Generated"))) {
      return Optional.of("generated code (@Generated)");
    }
    if (!"method".equals(f.declarationKind()) || f.bodyLines() == 0 || f.bodyLines() > 3) {
      return Optional.empty();
    }
    String name = f.name();
    int params = f.params().size();
    boolean noCalls = f.calls().isEmpty();
    String documented = f.javadocSummary().isBlank() ? "a " : DOCUMENTED;
    if (noCalls && params == 0 && GETTER.matcher(name).matches() && !"void".equals(f.returnType())) {
      return Optional.of(documented + "getter with a one-statement body");
    }
    if (noCalls && params == 1 && SETTER.matcher(name).matches()) {
      return Optional.of(documented + "setter with a one-statement body");
    }
    // A documented toString/equals/hashCode states a contract (a format, a normalisation): worth asking.
    if (TRIVIAL_OBJECT_METHODS.contains(name) && f.calls().size() <= 1 && f.javadocSummary().isBlank()) {
      return Optional.of("a one-statement " + name + "()");
    }
    return Optional.empty();
  }

  /**
   * True when the answer adds nothing to the question: equal after normalising, or (for answers of five
   * words or more) with at least {@code copyContainment} of its word 3-grams already in the question.
   */
  private boolean copiesQuestion(List<String> q, List<String> a) {
    if (a.equals(q)) {
      return true;
    }
    if (a.size() < 5) {
      return false;
    }
    Set<Long> qGrams = grams(q);
    Set<Long> aGrams = grams(a);
    long found = aGrams.stream().filter(qGrams::contains).count();
    return found >= config.copyContainment() * aGrams.size();
  }

  /**
   * Whether {@link #REFUSAL} could match: each of its phrases holds one of these words, and looking for
   * them is far cheaper than running the pattern over a long answer (it was most of the filter's time).
   */
  private static boolean mayRefuse(String answer) {
    String lower = answer.toLowerCase(Locale.ROOT);
    for (String anchor : REFUSAL_ANCHORS) {
      if (lower.contains(anchor)) {
        return true;
      }
    }
    return false;
  }

  /**
   * English when the prose outside code spans is mostly Latin letters and, if it has four or more words,
   * holds very common English words, and more of them than very common German, French, Spanish,
   * Portuguese or Italian ones. A question that is all code (no prose) passes.
   */
  static boolean isEnglish(String question) {
    String prose = CODE_SPAN.matcher(question).replaceAll(" ");
    int letters = 0;
    int latin = 0;
    for (int i = 0; i < prose.length(); i++) {
      char c = prose.charAt(i);
      if (Character.isLetter(c)) {
        letters++;
        if (Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN) {
          latin++;
        }
      }
    }
    if (letters == 0) {
      return true;
    }
    if (latin < 0.8 * letters) {
      return false;
    }
    List<String> words = words(prose);
    if (words.size() < 4) {
      return true;
    }
    long english = words.stream().filter(ENGLISH_STOPWORDS::contains).count();
    long other = words.stream().filter(OTHER_STOPWORDS::contains).count();
    return english > 0 && english >= other;
  }

  /**
   * Lower-cased runs of letters, digits and underscores: the unit of every text comparison here. A scan
   * by hand rather than a regex: every SFT row goes through this three times, and the matcher was a
   * large part of filtering and signing the JDK's 1.8 million rows.
   */
  public static List<String> words(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    List<String> out = new java.util.ArrayList<>();
    int start = -1;
    for (int i = 0; i < lower.length(); ) {
      int cp = lower.codePointAt(i);
      boolean word = cp == '_' || Character.isLetter(cp) || isNumber(cp);
      if (word && start < 0) {
        start = i;
      } else if (!word && start >= 0) {
        out.add(lower.substring(start, i));
        start = -1;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      out.add(lower.substring(start));
    }
    return out;
  }

  /** {@code \p{N}}: decimal digits, letter numbers (Ⅻ) and other numbers (½, ²). */
  private static boolean isNumber(int cp) {
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  /** Word 3-grams as 64-bit hashes of their words' hashes: no strings built per gram. */
  private static Set<Long> grams(List<String> words) {
    Set<Long> out = new HashSet<>();
    for (int i = 0; i + 3 <= words.size(); i++) {
      long h = words.get(i).hashCode();
      h = h * 0x9E3779B97F4A7C15L + words.get(i + 1).hashCode();
      h = h * 0x9E3779B97F4A7C15L + words.get(i + 2).hashCode();
      out.add(h);
    }
    return out;
  }

  private static Optional<Drop> drop(String reason, String detail) {
    return Optional.of(new Drop(reason, detail));
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() <= 60 ? one : one.substring(0, 57) + "...";
  }

  /** How {@link #trivialCode} begins the reason of a getter or setter that has a Javadoc. */
  private static final String DOCUMENTED = "a documented ";

  /**
   * A row kept although its chunk is trivial code: its answer is a fact of the repository's graph, not of
   * the code itself (who calls a getter, which tests exercise it, are worth knowing however trivial the
   * getter is), or it explains a documented getter or setter in its Javadoc's words (gson's
   * {@code JsonWriter.isHtmlSafe()}: "Returns true if this writer writes JSON that's safe for inclusion
   * in HTML and XML documents" is a contract the one-line body does not show).
   */
  private static boolean keptWhenTrivial(String task, String why) {
    TaskKind k = TaskKind.byWireName(task);
    return k != null && (k.isGraphFact() || k.explainsDocumentation() && why.startsWith(DOCUMENTED));
  }
}
