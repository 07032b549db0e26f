package dev.repotune.prompts;

import dev.repotune.extractors.index.TestRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The test methods that call a declaration, from the repository index, in file order. */
final class TestsDrafter implements Drafter {
  @Override
  public Draft draft(TaskKind kind, Subject s) {
    List<String> bullets = new ArrayList<>();
    // The index keeps the shortest tests (for write-test); a list reads best in file order.
    List<TestRef> inFileOrder = new ArrayList<>();
    s.index.tests().stream().filter(t -> t != null).forEach(inFileOrder::add);
    inFileOrder.sort(
        Comparator.comparing(TestRef::path, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(TestRef::line));
    for (TestRef t : inFileOrder) {
      Subject.addBullet(bullets, t.symbol(), t.path());
    }
    return bullets.isEmpty()
        ? null
        : Draft.led(s.questions(kind), Subject.leads(kind, ""), "\n" + String.join("\n", bullets));
  }
}
