package dev.repotune.prompts;

import dev.repotune.extractors.index.CodeRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Javadoc and signature as the request, the real body as the answer. A method without Javadoc is
 * asked with what a developer has in front of them instead: the fields of its class it uses (from the
 * chunk's context), the declarations of the repository's methods its body calls and a line of main code
 * that calls it (from the index). Trivial undocumented bodies are not asked: fewer than {@value
 * #MIN_UNDOCUMENTED_LINES} body lines or statements, {@code equals}/{@code hashCode}/{@code toString}, and
 * constructors that only assign their fields.
 */
final class ImplementDrafter implements Drafter {
  static final int MIN_UNDOCUMENTED_LINES = 3;

  private static final Set<String> OBJECT_METHODS = Set.of("equals", "hashCode", "toString");
  private static final Pattern ASSIGNMENT = Pattern.compile("(?:this\\.)?[\\w$]+\\s*=\\s*[\\w$.]+;|super\\(.*\\);|this\\(.*\\);");

  @Override
  public Draft draft(TaskKind kind, Subject s) {
    if (s.facts.bodyLines() < 2 || s.facts.signature().isBlank()) {
      return null;
    }
    String code = code(s, s.chunk.text());
    if (!s.facts.javadoc().isBlank()) {
      if (Sources.innerBodyLines(code) < 2) {
        return null;
      }
      String tail = "\n\n" + Sources.fence(s.javadocComment() + "\n" + s.facts.signature());
      return Draft.fixed(s.questions(kind), tail, Sources.fence(code));
    }
    if (code.contains("/**") || trivial(s, code)) {
      return null;
    }
    return Draft.fixed(s.phrasings.group("implement.undocumented.q"), undocumentedTail(s), Sources.fence(code));
  }

  /**
   * A method's text as an implement answer shows it: without its Javadoc (the question has it),
   * dedented and, for an undocumented one, without the line comments above it. {@link ExecTeacher} shows
   * another body of the same method (a broken copy) the same way, so the two answers differ only where
   * the code does.
   */
  static String code(Subject s, String methodText) {
    String code = Sources.dedent(Sources.stripLeadingJavadoc(methodText));
    // a line comment above the method heads a group of members or ends an earlier one: not its code
    return s.facts.javadoc().isBlank() ? code.replaceFirst("^(?:[ \t]*//[^\n]*\n)+", "") : code;
  }

  private static boolean trivial(Subject s, String code) {
    if (Sources.innerBodyLines(code) < MIN_UNDOCUMENTED_LINES || OBJECT_METHODS.contains(s.facts.name())) {
      return true;
    }
    List<String> statements = Sources.bodyStatementLines(code);
    if (statements.size() < MIN_UNDOCUMENTED_LINES - 1) {
      return true;
    }
    return s.facts.declarationKind().equals("constructor")
        && statements.stream().allMatch(l -> ASSIGNMENT.matcher(l).matches());
  }

  /** The fields it uses, the declarations it calls, a use, then its signature: each only when there is one. */
  private static String undocumentedTail(Subject s) {
    StringBuilder b = new StringBuilder();
    List<String> fields = fields(s.chunk.context());
    if (!fields.isEmpty()) {
      b.append("\n\nFields of ").append(Subject.code(s.owner)).append(" it uses:\n")
          .append(Sources.fence(String.join("\n", Sources.dedentLines(fields))));
    }
    if (!s.index.callees().isEmpty()) {
      Map<String, List<String>> byOwner = new LinkedHashMap<>();
      for (CodeRef c : s.index.callees()) {
        byOwner.computeIfAbsent(ownerOf(c.symbol()), k -> new ArrayList<>()).add(c.text());
      }
      List<String> lines = new ArrayList<>();
      byOwner.forEach((owner, sigs) -> {
        lines.add("// " + owner);
        sigs.forEach(sig -> lines.add(sig + ";"));
      });
      b.append("\n\nMethods of this repository it calls:\n").append(Sources.fence(String.join("\n", lines)));
    }
    if (!s.index.uses().isEmpty()) {
      CodeRef use = s.index.uses().get(0);
      b.append("\n\nIt is called like this in ").append(Subject.code(Sources.shortRef(use.symbol())))
          .append(":\n").append(Sources.fence(use.text()));
    }
    b.append("\n\nIts declaration:\n").append(Sources.fence(s.facts.signature()));
    return b.toString();
  }

  /**
   * The field lines the extractor put in a member's context: the lines after the last type header (a
   * header ends in '{', a field line never does).
   */
  static List<String> fields(String context) {
    String[] lines = context.split("\n", -1);
    int last = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].strip().endsWith("{")) {
        last = i;
      }
    }
    List<String> out = new ArrayList<>();
    for (int i = last + 1; last >= 0 && i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        out.add(lines[i]);
      }
    }
    return out;
  }

  /** {@code Excluder} of {@code Excluder.withVersion(double)}, {@code Gson.Builder} of a nested one. */
  private static String ownerOf(String methodSymbol) {
    int paren = methodSymbol.indexOf('(');
    String head = paren < 0 ? methodSymbol : methodSymbol.substring(0, paren);
    int dot = head.lastIndexOf('.');
    return dot < 0 ? head : head.substring(0, dot);
  }
}
