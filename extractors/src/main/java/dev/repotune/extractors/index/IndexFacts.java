package dev.repotune.extractors.index;

import java.io.Serializable;
import java.util.List;

/**
 * Repository-wide facts about one chunk that the chunk itself cannot hold, found by joining every chunk's
 * {@link Edge}s: the methods that call it, the types that extend or implement it, and the test methods
 * that call it; for an undocumented method of main code, the declarations of the repository's methods its
 * body calls ({@code callees}), and for any method the lines of main code that call it ({@code uses}), so
 * an implement question can show what a developer would see. Each list is sorted and capped, so the same
 * repository gives the same facts.
 */
public record IndexFacts(
    List<SymbolRef> callers, List<SymbolRef> implementers, List<TestRef> tests, List<CodeRef> callees,
    List<CodeRef> uses)
    implements Serializable {
  public static final IndexFacts NONE = new IndexFacts(List.of(), List.of(), List.of());

  public IndexFacts {
    callers = callers == null ? List.of() : List.copyOf(callers);
    implementers = implementers == null ? List.of() : List.copyOf(implementers);
    tests = tests == null ? List.of() : List.copyOf(tests);
    callees = callees == null ? List.of() : List.copyOf(callees);
    uses = uses == null ? List.of() : List.copyOf(uses);
  }

  /** Facts without callees or uses. */
  public IndexFacts(List<SymbolRef> callers, List<SymbolRef> implementers, List<TestRef> tests) {
    this(callers, implementers, tests, List.of(), List.of());
  }
}
