package dev.repotune.extractors.index;

import dev.repotune.extractors.index.Edge.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The types one repository declares and what each extends or implements among them, by qualified name:
 * what a call resolves through when the type it is made on inherits the method ({@code tb.currentElement()}
 * on an {@code HtmlTreeBuilder} is a call of {@code TreeBuilder.currentElement()}). Supertypes the
 * repository does not declare are not in it: what is inherited from them is not the repository's to say.
 */
public final class TypeHierarchy {
  /** A hierarchy of no types, for edges of one name alone. */
  public static final TypeHierarchy NONE = new TypeHierarchy(Set.of(), Map.of());

  private final Set<String> declared;
  private final Map<String, Set<String>> supertypes;

  private TypeHierarchy(Set<String> declared, Map<String, Set<String>> supertypes) {
    this.declared = declared;
    this.supertypes = supertypes;
  }

  /** The hierarchy the type edges among {@code edges} state; other edges are ignored, order does not matter. */
  public static TypeHierarchy of(Iterable<Edge> edges) {
    Set<String> declared = new TreeSet<>();
    List<Edge> extending = new ArrayList<>();
    for (Edge e : edges) {
      if (e.role() == Role.DECLARES_TYPE) {
        declared.add(e.ownerType());
      } else if (e.role() == Role.EXTENDS) {
        extending.add(e);
      }
    }
    Map<String, Set<String>> supertypes = new TreeMap<>();
    for (Edge e : extending) {
      String type = IndexEdges.typeNamed(e.scopeType(), e.ownerType(), declared);
      if (type != null && !type.equals(e.ownerType())) {
        supertypes.computeIfAbsent(e.ownerType(), k -> new TreeSet<>()).add(type);
      }
    }
    return new TypeHierarchy(Set.copyOf(declared), supertypes);
  }

  /** Every declared type's qualified name. */
  public Set<String> declared() {
    return declared;
  }

  /**
   * The one type that {@code type} gets a method from, nearest first: {@code type} itself when {@code
   * declares} holds for it, else the declaring supertype found at the smallest depth, where one that
   * another found type extends is overridden by it ({@code C extends AbstractFoo implements Foo}: {@code
   * AbstractFoo}'s); null when none does, or when two unrelated ones do (which Java takes depends on
   * whether each is a class or an interface, which edges do not say: a wrong link teaches a wrong fact).
   */
  String declaring(String type, Set<String> declares) {
    Set<String> seen = new TreeSet<>();
    Set<String> level = new TreeSet<>(Set.of(type));
    while (!level.isEmpty()) {
      Set<String> found = new TreeSet<>();
      Set<String> next = new TreeSet<>();
      for (String t : level) {
        if (!seen.add(t)) {
          continue;
        }
        if (declares.contains(t)) {
          found.add(t);
        }
        next.addAll(supertypes.getOrDefault(t, Set.of()));
      }
      if (!found.isEmpty()) {
        found.removeIf(t -> found.stream().anyMatch(o -> !o.equals(t) && isSubtype(o, t)));
        return found.size() == 1 ? found.iterator().next() : null;
      }
      next.removeAll(seen);
      level = next;
    }
    return null;
  }

  /** Whether {@code sub} extends or implements {@code sup}, directly or not. */
  boolean isSubtype(String sub, String sup) {
    Set<String> seen = new TreeSet<>();
    List<String> todo = new ArrayList<>(supertypes.getOrDefault(sub, Set.of()));
    while (!todo.isEmpty()) {
      String t = todo.remove(todo.size() - 1);
      if (t.equals(sup)) {
        return true;
      }
      if (seen.add(t)) {
        todo.addAll(supertypes.getOrDefault(t, Set.of()));
      }
    }
    return false;
  }
}
