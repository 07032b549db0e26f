package dev.repotune.extractors.retrieval;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.util.CharTokenizer;

/**
 * Words of source code and of questions about it, alike, so BM25 can meet a question's words in a chunk.
 *
 * <ul>
 *   <li>Tokens are runs of letters, digits, {@code _} and {@code $} (Java identifier characters): dots,
 *       parentheses, generics and operators separate them, so {@code HttpConnection.KeyVal} gives
 *       {@code HttpConnection} and {@code KeyVal}.
 *   <li>Each identifier is kept whole and split into its camelCase, snake_case and letter/digit parts
 *       ({@link WordDelimiterGraphFilter} with {@code PRESERVE_ORIGINAL}): {@code KeyVal} indexes {@code
 *       keyval}, {@code key} and {@code val}, so a question can name it whole or in words.
 *   <li>Lower case, after the split (the split needs the case changes).
 *   <li>Stop words: Lucene's English list (a question's "the", "is", "of"), the words a question is
 *       built of ("what", "does", "how", "which", "should"), the possessive {@code s} the tokenizer leaves
 *       of "Element's", and the Java keywords that are syntax in nearly every chunk
 *       (modifiers, control flow, {@code class}, {@code return}, {@code new}, {@code this}, {@code void},
 *       {@code true}/{@code false}); "What does X return?" then scores on X alone. Kept on purpose:
 *       {@code throw}, {@code throws}, {@code null} and the primitive types, which questions ask about
 *       ("when does it throw", "can it return null", "returns an int") and which BM25's idf weighs by
 *       how common they are anyway. A stop word is dropped as a token, never inside a kept identifier:
 *       {@code isEmpty} keeps {@code isempty} and {@code empty}, losing only the part {@code is}.
 *   <li>No stemming: identifiers' parts must match as written ({@code getValues} is not {@code getValue}).
 * </ul>
 *
 * Known gaps: an acronym run stays one part ({@code getHTTPResponse} gives {@code get} and {@code
 * httpresponse}, not {@code http}); {@code Class} in a signature is dropped with the keyword {@code
 * class}.
 */
public final class CodeAnalyzer extends Analyzer {
  /** Java keywords that carry no meaning of their own in a chunk or a question (see the class note). */
  static final List<String> JAVA_NOISE_KEYWORDS =
      List.of(
          "abstract", "break", "case", "catch", "class", "const", "continue", "default", "do", "else",
          "enum", "extends", "false", "final", "finally", "for", "goto", "if", "implements", "import",
          "instanceof", "interface", "native", "new", "package", "private", "protected", "public",
          "return", "static", "strictfp", "super", "switch", "synchronized", "this", "transient", "true",
          "try", "var", "void", "volatile", "while", "record", "sealed", "permits", "yield");

  /** The frame of a question about code, which no chunk answers by containing. */
  static final List<String> QUESTION_WORDS =
      List.of(
          "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "does", "did", "doing",
          "done", "can", "could", "would", "should", "may", "might", "must", "i", "me", "my", "we", "our",
          "you", "your", "its", "has", "have", "had", "been", "being", "am", "were");

  static final CharArraySet STOP_WORDS = stopWords();

  private static final int SPLIT_FLAGS =
      WordDelimiterGraphFilter.GENERATE_WORD_PARTS
          | WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS
          | WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE
          | WordDelimiterGraphFilter.SPLIT_ON_NUMERICS
          | WordDelimiterGraphFilter.PRESERVE_ORIGINAL;

  private static CharArraySet stopWords() {
    CharArraySet set = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, false);
    set.addAll(QUESTION_WORDS);
    set.addAll(JAVA_NOISE_KEYWORDS);
    set.add("s");
    return CharArraySet.unmodifiableSet(set);
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    Tokenizer tokens =
        CharTokenizer.fromTokenCharPredicate(c -> Character.isLetterOrDigit(c) || c == '_' || c == '$');
    TokenStream s = new WordDelimiterGraphFilter(tokens, SPLIT_FLAGS, null);
    s = new LowerCaseFilter(s);
    s = new StopFilter(s, STOP_WORDS);
    // The split makes a token graph (KeyVal spans key and val); the index needs it flat.
    s = new FlattenGraphFilter(s);
    return new TokenStreamComponents(tokens, s);
  }

  /** The terms this analyzer makes of a text, in the order it makes them (repeats kept). */
  public List<String> terms(String text) {
    List<String> out = new ArrayList<>();
    try (TokenStream s = tokenStream("", new StringReader(text))) {
      CharTermAttribute term = s.addAttribute(CharTermAttribute.class);
      s.reset();
      while (s.incrementToken()) {
        out.add(term.toString());
      }
      s.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
    return out;
  }
}
