package dev.repotune.extractors.index;

import dev.repotune.extractors.index.Edge.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The types one repository declares, what each extends or implements among them, and what its methods
 * return, by qualified name: what a call resolves through when the type it is made on inherits the method
 * ({@code tb.currentElement()} on an {@code HtmlTreeBuilder} is a call of {@code
 * TreeBuilder.currentElement()}) or when it is made on another call's result ({@code
 * builder.setLenient().create()}). Types the repository does not declare are not in it: what is inherited
 * from them, or returned by them, is not the repository's to say.
 */
public final class TypeHierarchy {
  private static final String AMBIGUOUS = "?";

  private final Set<String> declared = new TreeSet<>();
  private final Map<String, List<String>> bySimpleName = new TreeMap<>();
  private final Map<String, Set<String>> supertypes = new TreeMap<>();
  /** "name/arity" to declaring type to its return type as {@link IndexEdges#qualify} wrote it. */
  private final Map<String, Map<String, String>> returns = new TreeMap<>();

  private TypeHierarchy() {}

  /**
   * The hierarchy the edges state: every type declared (or declaring a method), its supertypes, its
   * methods' return types; call edges are ignored, order does not matter.
   */
  public static TypeHierarchy of(Iterable<Edge> edges) {
    TypeHierarchy h = new TypeHierarchy();
    List<Edge> extending = new ArrayList<>();
    for (Edge e : edges) {
      switch (e.role()) {
        case DECLARES_TYPE -> h.declared.add(e.ownerType());
        case DECLARES_METHOD -> {
          h.declared.add(e.ownerType());
          h.returns
              .computeIfAbsent(e.key().substring(2), k -> new TreeMap<>())
              .merge(e.ownerType(), e.scopeType(), (a, b) -> a.equals(b) ? a : AMBIGUOUS);
        }
        case EXTENDS -> extending.add(e);
        default -> {}
      }
    }
    for (String t : h.declared) {
      h.bySimpleName.computeIfAbsent(t.substring(t.lastIndexOf('.') + 1), k -> new ArrayList<>()).add(t);
    }
    for (Edge e : extending) {
      String type = h.named(e.scopeType(), e.ownerType());
      if (type != null && !type.equals(e.ownerType())) {
        h.supertypes.computeIfAbsent(e.ownerType(), k -> new TreeSet<>()).add(type);
      }
    }
    return h;
  }

  /** Whether the repository declares this type (qualified name). */
  boolean isDeclared(String type) {
    return declared.contains(type);
  }

  /**
   * The declared type a call's scope ({@link Edge#scopeType}) is, written in type {@code from}; null for
   * an unscoped or unknown scope and whenever the repository does not tell: a type it does not declare,
   * a call's result whose method it does not declare, returns a type of its own or is ambiguous.
   */
  String typeOf(String scope, String from) {
    if (!scope.startsWith(IndexEdges.RESULT)) {
      return scope.isEmpty() || scope.equals("?") ? null : named(scope, from);
    }
    int close = scope.indexOf(')');
    String inner = scope.substring(close + 1);
    Map<String, String> owners = returns.getOrDefault(scope.substring(2, close), Map.of());
    String decl;
    if (inner.isEmpty()) {
      decl = innermost(from, owners.keySet());
    } else {
      String on = typeOf(inner, from);
      decl = on == null ? null : declaring(on, owners.keySet());
    }
    String type = decl == null ? "" : owners.get(decl);
    return type.isEmpty() || type.equals(AMBIGUOUS) ? null : named(type, decl);
  }

  /**
   * For an unscoped call written in {@code from}: the type whose method it is, from {@code from} outwards
   * through its enclosing types, each with what it inherits ({@link #declaring}); null when none has it.
   */
  String innermost(String from, Set<String> declares) {
    for (String owner = from; ; owner = owner.substring(0, owner.lastIndexOf('.'))) {
      if (declared.contains(owner) || declares.contains(owner)) {
        String d = declaring(owner, declares);
        if (d != null) {
          return d;
        }
      }
      if (owner.indexOf('.') < 0) {
        return null;
      }
    }
  }

  /**
   * The one type that {@code type} gets a method from, nearest first: {@code type} itself when {@code
   * declares} holds it, else the declaring supertype found at the smallest depth, where one that another
   * found type extends is overridden by it ({@code C extends AbstractFoo implements Foo}: {@code
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

  /** {@link IndexEdges#typeNamed} over every declared type, its last step through a name index. */
  String named(String target, String from) {
    if (!target.startsWith("?")) {
      return declared.contains(target) ? target : null;
    }
    int colon = target.indexOf(':');
    String written = target.substring(colon + 1);
    String found = IndexEdges.enclosingOrPackage(target, from, declared);
    if (found != null) {
      return found;
    }
    String only = null;
    for (String d : bySimpleName.getOrDefault(written.substring(written.lastIndexOf('.') + 1), List.of())) {
      if (d.equals(written) || d.endsWith("." + written)) {
        if (only != null) {
          return null;
        }
        only = d;
      }
    }
    return only;
  }
}
