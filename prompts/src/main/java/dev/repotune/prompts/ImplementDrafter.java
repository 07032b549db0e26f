package dev.repotune.prompts;

/** The Javadoc and signature as the request, the real body as the answer. */
final class ImplementDrafter implements Drafter {
  @Override
  public Draft draft(TaskKind kind, Subject s) {
    if (s.facts.javadoc().isBlank() || s.facts.bodyLines() < 2 || s.facts.signature().isBlank()) {
      return null;
    }
    String code = Sources.dedent(Sources.stripLeadingJavadoc(s.chunk.text()));
    if (Sources.innerBodyLines(code) < 2) {
      return null;
    }
    String tail = "\n\n" + Sources.fence(s.javadocComment() + "\n" + s.facts.signature());
    return Draft.fixed(s.questions(kind), tail, Sources.fence(code));
  }
}
