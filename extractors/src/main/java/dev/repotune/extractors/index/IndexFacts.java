package dev.repotune.extractors.index;

import java.io.Serializable;
import java.util.List;

/**
 * Repository-wide facts about one chunk that the chunk itself cannot hold, found by joining every chunk's
 * {@link Edge}s: the methods that call it, the types that extend or implement it, and the test methods
 * that call it. Each list is sorted (path, line) and capped, so the same repository gives the same facts.
 */
public record IndexFacts(List<SymbolRef> callers, List<SymbolRef> implementers, List<TestRef> tests)
    implements Serializable {
  public static final IndexFacts NONE = new IndexFacts(List.of(), List.of(), List.of());

  public IndexFacts {
    callers = callers == null ? List.of() : List.copyOf(callers);
    implementers = implementers == null ? List.of() : List.copyOf(implementers);
    tests = tests == null ? List.of() : List.copyOf(tests);
  }
}
