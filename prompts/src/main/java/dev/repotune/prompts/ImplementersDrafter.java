package dev.repotune.prompts;

import dev.repotune.extractors.index.SymbolRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The classes that implement an interface or extend a class, from the repository index, with how many
 * there are when it cut the list.
 */
final class ImplementersDrafter implements Drafter {
  @Override
  public Draft draft(TaskKind kind, Subject s) {
    List<String> bullets = new ArrayList<>();
    for (SymbolRef r : s.index.implementers()) {
      Subject.addBullet(bullets, r == null ? null : r.symbol(), r == null ? null : r.path());
    }
    if (bullets.isEmpty()) {
      return null;
    }
    String variant = "interface".equals(s.facts.declarationKind()) ? "interface" : "class";
    String group = kind.wireName() + "." + variant;
    return Draft.led(s.phrasings.group(group + ".q"), Subject.leads(kind, variant),
        "\n" + String.join("\n", bullets) + s.more(kind, bullets.size(), s.index.implementerCount()));
  }
}
