package dev.repotune.prompts;

import dev.repotune.extractors.index.TestRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The test methods that call a declaration, from the repository index, best first (named for it or
 * asserting on it before those that merely call it), with how many there are when it cut the list.
 */
final class TestsDrafter implements Drafter {
  @Override
  public Draft draft(TaskKind kind, Subject s) {
    List<String> bullets = new ArrayList<>();
    for (TestRef t : s.index.tests()) {
      Subject.addBullet(bullets, t == null ? null : t.symbol(), t == null ? null : t.path());
    }
    return bullets.isEmpty()
        ? null
        : Draft.led(s.questions(kind), Subject.leads(kind, ""),
            "\n" + String.join("\n", bullets) + s.more(kind, bullets.size(), s.index.testCount()));
  }
}
