package dev.repotune.prompts;

import static dev.repotune.prompts.Subject.code;

/** What a declaration does, in its Javadoc's own words, and where it is declared. */
final class ExplainDrafter implements Drafter {
  @Override
  public Draft draft(TaskKind kind, Subject s) {
    String description = Javadocs.description(s.facts.javadocSummary(), Subject.MAX_DESCRIPTION_CHARS);
    if (description.isEmpty() || Javadocs.isTrivial(description, s.facts.name())) {
      return null;
    }
    String where =
        s.isType
            ? "It is declared in " + code(s.path()) + s.packageClause() + "."
            : "It is declared in " + code(s.owner) + " (" + code(s.path()) + ").";
    return Draft.fixed(s.questions(kind), description + "\n\n" + where);
  }
}
