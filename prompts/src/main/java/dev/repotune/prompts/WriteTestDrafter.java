package dev.repotune.prompts;

import static dev.repotune.prompts.Subject.isBlank;

import dev.repotune.extractors.PathText;
import dev.repotune.extractors.index.TestRef;
import java.util.Map;
import java.util.TreeMap;

/** A request for a test of a declaration, answered with the shortest real test method that calls it. */
final class WriteTestDrafter implements Drafter {
  @Override
  public Draft draft(TaskKind kind, Subject s) {
    TestRef best = null;
    for (TestRef t : s.index.tests()) {
      if (t == null || isBlank(t.text()) || isBlank(t.symbol()) || isBlank(t.path())) {
        continue;
      }
      if (best == null || t.text().strip().length() < best.text().strip().length()) {
        best = t;
      }
    }
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
