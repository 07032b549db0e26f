package dev.repotune.prompts;

import static dev.repotune.prompts.Subject.code;
import static dev.repotune.prompts.Subject.orEmpty;

import dev.repotune.extractors.CodeFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * A method's parameters, return type and exceptions with their Javadoc tag text; a type's declaration
 * and direct supertypes.
 */
final class SignatureDrafter implements Drafter {
  @Override
  public Draft draft(TaskKind kind, Subject s) {
    return s.isType ? typeSignature(kind, s) : memberSignature(kind, s);
  }

  private static Draft memberSignature(TaskKind kind, Subject s) {
    CodeFacts f = s.facts;
    boolean returns = !f.returnType().isEmpty() && !f.returnType().equals("void");
    if (f.params().isEmpty() && !returns && f.thrown().isEmpty()) {
      return null;
    }
    // Without a documented parameter, return value or exception the answer only restates the
    // declaration, which teaches nothing the question's symbol does not already say.
    boolean documented =
        f.params().stream().anyMatch(p -> !Javadocs.tagText(p.doc()).isEmpty())
            || !Javadocs.tagText(f.returnDoc()).isEmpty()
            || !f.thrown().isEmpty();
    if (!documented) {
      return null;
    }
    List<String> bullets = new ArrayList<>();
    for (CodeFacts.Param p : f.params()) {
      String decl = (orEmpty(p.type()) + " " + orEmpty(p.name())).strip();
      if (decl.isEmpty()) {
        continue;
      }
      String doc = Javadocs.tagText(p.doc());
      bullets.add("- " + code(decl) + (doc.isEmpty() ? "" : ": " + doc));
    }
    if (returns) {
      String doc = Javadocs.tagText(f.returnDoc());
      bullets.add("- Returns " + code(f.returnType()) + (doc.isEmpty() ? "." : ": " + doc));
    }
    for (CodeFacts.Thrown t : f.thrown()) {
      if (orEmpty(t.type()).isBlank()) {
        continue;
      }
      String doc = Javadocs.tagText(t.doc());
      String join = doc.matches("(?i)(if|when|whenever|unless|in case|on)\\b.*") ? " " : ": ";
      bullets.add("- Throws " + code(t.type()) + (doc.isEmpty() ? "." : join + doc));
    }
    String body = "\n\n" + Sources.fence(s.facts.signature());
    if (!bullets.isEmpty()) {
      body += "\n\n" + String.join("\n", bullets);
    }
    return Draft.led(s.questions(kind), Subject.leads(kind, ""), body);
  }

  private static Draft typeSignature(TaskKind kind, Subject s) {
    List<String> supers = new ArrayList<>();
    for (String t : s.facts.supertypes()) {
      if (t != null && !t.isBlank()) {
        supers.add(code(t));
      }
    }
    if (supers.isEmpty() || s.facts.signature().isBlank()) {
      return null;
    }
    String body =
        "\n\n" + Sources.fence(s.facts.signature())
            + "\n\nDirect supertypes: " + String.join(", ", supers) + ".";
    return Draft.led(s.questions(kind), Subject.leads(kind, "type"), body);
  }
}
