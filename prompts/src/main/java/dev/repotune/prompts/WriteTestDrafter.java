package dev.repotune.prompts;

import static dev.repotune.prompts.Subject.isBlank;

import dev.repotune.extractors.PathText;
import dev.repotune.extractors.index.TestRef;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request for a test of a declaration, answered with the index's best-ranked real test method of it
 * (named for it or asserting on it before one that merely calls it).
 */
final class WriteTestDrafter implements Drafter {
  @Override
  public Draft draft(TaskKind kind, Subject s) {
    TestRef best =
        s.index.tests().stream()
            .filter(t -> t != null && !isBlank(t.text()) && !isBlank(t.symbol()) && !isBlank(t.path()))
            .findFirst()
            .orElse(null);
    if (best == null) {
      return null;
    }
    Map<String, String> vars = new TreeMap<>();
    vars.put("test", Sources.shortRef(best.symbol().strip()));
    vars.put("testPath", PathText.escape(best.path().strip()));
    String body = "\n\n" + Sources.fence(Sources.dedent(best.text()));
    return new Draft(s.questions(kind), "", Subject.leads(kind, ""), body, vars);
  }
}
