package dev.repotune.prompts;

import dev.repotune.extractors.index.SymbolRef;
import java.util.ArrayList;
import java.util.List;

/** The methods that call a method, from the repository index, with how many there are when it cut the list. */
final class CallersDrafter implements Drafter {
  @Override
  public Draft draft(TaskKind kind, Subject s) {
    List<String> bullets = new ArrayList<>();
    for (SymbolRef r : s.index.callers()) {
      Subject.addBullet(bullets, r == null ? null : r.symbol(), r == null ? null : r.path());
    }
    return bullets.isEmpty()
        ? null
        : Draft.led(s.questions(kind), Subject.leads(kind, ""),
            "\n" + String.join("\n", bullets) + s.more(kind, bullets.size(), s.index.callerCount()));
  }
}
