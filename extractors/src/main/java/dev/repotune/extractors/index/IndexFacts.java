package dev.repotune.extractors.index;

import java.io.Serializable;
import java.util.List;

/**
 * Repository-wide facts about one chunk that the chunk itself cannot hold, found by joining every chunk's
 * {@link Edge}s: the methods that call it, the types that extend or implement it, and the test methods
 * that call it; for an undocumented method of main code, the declarations of the repository's methods its
 * body calls ({@code callees}), and for any method the lines of main code that call it ({@code uses}), so
 * an implement question can show what a developer would see. Each list is in a fixed order and capped,
 * so the same repository gives the same facts; the counts say how many callers, implementers and tests
 * there are in all, so an answer can say what the cut left out.
 *
 * @param callers by path and line, at most {@link IndexEdges#MAX_CALLERS}
 * @param implementers by path and line, at most {@link IndexEdges#MAX_IMPLEMENTERS}
 * @param tests best first ({@link IndexEdges#testRank}), at most {@link IndexEdges#MAX_TESTS}
 * @param callees by path and symbol, at most {@link IndexEdges#MAX_CALLEES}
 * @param uses by path and symbol, at most {@link IndexEdges#MAX_USES}
 * @param callerCount every caller found, at least {@code callers.size()}
 * @param implementerCount every implementer found, at least {@code implementers.size()}
 * @param testCount every test found, at least {@code tests.size()}
 */
public record IndexFacts(
    List<SymbolRef> callers,
    List<SymbolRef> implementers,
    List<TestRef> tests,
    List<CodeRef> callees,
    List<CodeRef> uses,
    int callerCount,
    int implementerCount,
    int testCount)
    implements Serializable {
  public static final IndexFacts NONE = new IndexFacts(List.of(), List.of(), List.of());

  public IndexFacts {
    callers = callers == null ? List.of() : List.copyOf(callers);
    implementers = implementers == null ? List.of() : List.copyOf(implementers);
    tests = tests == null ? List.of() : List.copyOf(tests);
    callees = callees == null ? List.of() : List.copyOf(callees);
    uses = uses == null ? List.of() : List.copyOf(uses);
    callerCount = Math.max(callerCount, callers.size());
    implementerCount = Math.max(implementerCount, implementers.size());
    testCount = Math.max(testCount, tests.size());
  }

  /** Facts whose lists are whole (each count is its list's size), without callees or uses. */
  public IndexFacts(List<SymbolRef> callers, List<SymbolRef> implementers, List<TestRef> tests) {
    this(callers, implementers, tests, List.of(), List.of(), 0, 0, 0);
  }
}
