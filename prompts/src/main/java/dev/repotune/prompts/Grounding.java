package dev.repotune.prompts;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.index.IndexFacts;
import dev.repotune.extractors.index.SymbolRef;
import dev.repotune.extractors.index.TestRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an LLM answer talks about code that exists. Every backticked span that names something must
 * name it from the chunk (text, symbol, context), its index facts or the repository's declared names, or
 * be a Java keyword or a {@code java.lang} type or member; otherwise the answer is ungrounded, and the
 * spans that failed are reported. What a span names is its last identifier outside argument lists and
 * type arguments ({@code fastSum} in {@code MathUtils.fastSum(a, b)}). Spans without identifiers ({@code 42},
 * {@code "{}"}) say nothing about names and are ignored. An answer that cites no name at all and holds
 * no code is ungrounded too (with no unknown spans): the prompt asks for names in backticks, and a model
 * that gives none is not talking about this code (a random-weight llama's noise passed as an answer).
 */
public final class Grounding {
  private static final Pattern SPAN = Pattern.compile("(`+)([^`]+?)\\1");
  /**
   * A fenced code block (a test or an implementation written as the answer): it is code, not a name, so
   * only the prose around it is checked.
   */
  private static final Pattern FENCED = Pattern.compile("(?s)```[^`\\n]*\\n.*?```");
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
  private static final Set<String> ALWAYS =
      Set.of(
          "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
          "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
          "for", "if", "implements", "import", "instanceof", "int", "interface", "long", "native", "new",
          "package", "private", "protected", "public", "return", "short", "static", "super", "switch",
          "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while",
          "var", "record", "null", "true", "false", "Object", "String", "Integer", "Long", "Double",
          "Float", "Boolean", "Character", "Byte", "Short", "Number", "Math", "System", "Class",
          "Exception", "RuntimeException", "Error", "Throwable", "IllegalArgumentException",
          "IllegalStateException", "NullPointerException", "UnsupportedOperationException",
          "IndexOutOfBoundsException", "ArithmeticException", "ClassCastException", "Override",
          "Deprecated", "FunctionalInterface", "SuppressWarnings", "Iterable", "Comparable",
          "CharSequence", "StringBuilder", "Thread", "Runnable", "Void", "Enum", "Record");

  /** The verdict: grounded, or the spans that name nothing known. */
  public record Result(boolean grounded, List<String> unknownSpans) {}

  private Grounding() {}

  /** Checks {@code answer} against one chunk, its index facts and the repository's declared names. */
  public static Result check(String answer, Chunk chunk, IndexFacts facts, Set<String> repoNames) {
    return check(answer, chunk.text(), chunk.symbol(), chunk.context(), facts, repoNames);
  }

  public static Result check(
      String answer,
      String chunkText,
      String symbol,
      String context,
      IndexFacts facts,
      Set<String> repoNames) {
    Set<String> known = new HashSet<>();
    addIdentifiers(known, chunkText);
    addIdentifiers(known, symbol);
    addIdentifiers(known, context);
    for (SymbolRef r : facts.callers()) {
      addIdentifiers(known, r.symbol() + " " + r.path());
    }
    for (SymbolRef r : facts.implementers()) {
      addIdentifiers(known, r.symbol() + " " + r.path());
    }
    for (TestRef t : facts.tests()) {
      addIdentifiers(known, t.symbol() + " " + t.path() + " " + t.text());
    }
    List<String> unknown = new ArrayList<>();
    Matcher fenced = FENCED.matcher(answer);
    boolean cites = fenced.find();
    Matcher m = SPAN.matcher(fenced.reset().replaceAll(" "));
    while (m.find()) {
      String span = m.group(2);
      List<String> head = headIdentifiers(span);
      if (head.isEmpty()) {
        continue;
      }
      cites = true;
      String named = head.get(head.size() - 1);
      boolean found =
          known.contains(named) || repoNames.contains(named) || ALWAYS.contains(named)
              // String.valueOf, Math.max: a member of a java.lang type
              || ALWAYS.contains(head.get(0)) && Character.isUpperCase(head.get(0).charAt(0));
      if (!found) {
        unknown.add(span.strip());
      }
    }
    return new Result(unknown.isEmpty() && cites, unknown);
  }

  /**
   * The identifiers that name something in a span, arguments and type arguments left out:
   * {@code MathUtils.fastSum(a, b)} gives [MathUtils, fastSum], so {@code a} cannot vouch for it.
   */
  static List<String> headIdentifiers(String span) {
    StringBuilder outer = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < span.length(); i++) {
      char c = span.charAt(i);
      if (c == '(' || c == '<' || c == '[') {
        depth++;
      } else if (c == ')' || c == '>' || c == ']') {
        depth = Math.max(0, depth - 1);
      } else if (depth == 0) {
        outer.append(c);
      }
    }
    // Only the first expression of a span: `a = b` or `x + y` is code, judged by its first name.
    String first = outer.toString().strip().split("[\\s=+\\-*/,;:!?&|]+", 2)[0];
    List<String> ids = new ArrayList<>();
    Matcher m = IDENT.matcher(first);
    while (m.find()) {
      ids.add(m.group());
    }
    return ids;
  }

  /**
   * Adds the names a chunk declares (its symbol's parts, its simple name, its enclosing type, its file
   * name): gathered over every chunk, they are the repository's declared names an answer may cite.
   */
  public static void addDeclaredNames(Set<String> into, Chunk chunk) {
    addIdentifiers(into, chunk.symbol());
    addIdentifiers(into, chunk.facts().name());
    addIdentifiers(into, chunk.facts().enclosingType());
    addIdentifiers(into, chunk.path().substring(chunk.path().lastIndexOf('/') + 1));
  }

  /** The identifiers in {@code text}, for building a repository's name set. */
  public static void addIdentifiers(Set<String> into, String text) {
    if (text == null) {
      return;
    }
    Matcher ids = IDENT.matcher(text);
    while (ids.find()) {
      into.add(ids.group());
    }
  }
}
