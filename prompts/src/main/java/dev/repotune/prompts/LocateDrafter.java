package dev.repotune.prompts;

import static dev.repotune.prompts.Subject.code;

/**
 * Where a declaration is: its file, enclosing type and package. Never its line: lines move with every
 * edit above them (44.5% of jsoup's were wrong 50 commits later), so a model would learn facts that
 * expire in weeks; the line is in the row's {@code meta.lines}.
 */
final class LocateDrafter implements Drafter {
  @Override
  public Draft draft(TaskKind kind, Subject s) {
    String head = code(s.symbol) + " is declared in " + code(s.path());
    String answer;
    if (s.isType) {
      String decl = s.facts.signature().isBlank() ? "" : " as " + code(s.facts.signature());
      String nested = s.facts.enclosingType().isEmpty() ? "" : ", nested in " + code(s.facts.enclosingType());
      answer = head + decl + nested + s.packageClause() + ".";
    } else {
      String pkg = s.facts.packageName().isEmpty() ? "" : " of package " + code(s.facts.packageName());
      answer = head + ", in " + code(s.declaration) + pkg + ".";
    }
    return Draft.fixed(s.questions(kind), answer);
  }
}
