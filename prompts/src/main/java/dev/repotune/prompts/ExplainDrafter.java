package dev.repotune.prompts;

import java.util.Map;

/**
 * What a declaration does, in its Javadoc's own words, and where it is declared. The Javadoc is quoted
 * as it is; the lead-in before it and the sentence saying where it is declared are reworded per variant.
 */
final class ExplainDrafter implements Drafter {
  @Override
  public Draft draft(TaskKind kind, Subject s) {
    String description = Javadocs.description(s.facts.javadocSummary(), Subject.MAX_DESCRIPTION_CHARS);
    if (description.isEmpty() || Javadocs.isTrivial(description, s.facts.name())) {
      return null;
    }
    return new Draft(
        s.questions(kind), "", Subject.leads(kind, ""), description,
        Subject.closes(kind, s.isType ? "type" : ""), Map.of("inPackage", s.packageClause()));
  }
}
