package dev.repotune.prompts;

import static dev.repotune.prompts.Subject.code;

import java.util.Map;

/**
 * Where a declaration is: its file, enclosing type and package. Never its line: lines move with every
 * edit above them (44.5% of jsoup's were wrong 50 commits later), so a model would learn facts that
 * expire in weeks; the line is in the row's {@code meta.lines}. The whole answer is one sentence of
 * {@code locate.a} (members) or {@code locate.type.a} (types): each states the same facts in its own words.
 */
final class LocateDrafter implements Drafter {
  @Override
  public Draft draft(TaskKind kind, Subject s) {
    if (s.isType) {
      String decl = s.facts.signature().isBlank() ? "" : " as " + code(s.facts.signature());
      String nested = s.facts.enclosingType().isEmpty() ? "" : ", nested in " + code(s.facts.enclosingType());
      return Draft.phrased(
          s.questions(kind), Subject.leads(kind, "type"), Map.of("placement", decl + nested + s.packageClause()));
    }
    String pkg = s.facts.packageName().isEmpty() ? "" : " of package " + code(s.facts.packageName());
    return Draft.phrased(
        s.questions(kind), Subject.leads(kind, ""), Map.of("enclosing", code(s.declaration) + pkg));
  }
}
