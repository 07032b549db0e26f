package dev.repotune.prompts;

import java.util.Map;

/**
 * The method's code as the request, its Javadoc exactly as written in the source as the answer (after a
 * lead-in reworded per variant; the comment itself is never changed).
 */
final class DocumentDrafter implements Drafter {
  @Override
  public Draft draft(TaskKind kind, Subject s) {
    if (s.facts.javadoc().isBlank()) {
      return null;
    }
    String code = Sources.dedent(Sources.stripLeadingJavadoc(s.chunk.text()));
    // A second doc comment in the code would leak the answer into the question.
    if (code.isBlank() || code.contains("/**")) {
      return null;
    }
    // The answer is the comment as written; one rebuilt from the extractor's Markdown is not.
    String comment = s.writtenJavadoc();
    if (comment == null) {
      return null;
    }
    boolean hasTags = s.facts.javadoc().matches("(?s).*(^|\n)\\s*@\\w+.*");
    String summary = Javadocs.description(s.facts.javadocSummary(), Subject.MAX_DESCRIPTION_CHARS);
    if (comment.equals("/**\n */") || (!hasTags && Javadocs.isTrivial(summary, s.facts.name()))) {
      return null;
    }
    return new Draft(
        s.questions(kind), "\n\n" + Sources.fence(code), Subject.leads(kind, ""), Sources.fence(comment), Map.of());
  }
}
