package dev.repotune.extractors.index;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.CodeFacts;
import dev.repotune.extractors.CodeFacts.CallSite;
import dev.repotune.extractors.index.Edge.Role;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The repository index as three pure steps around one group-by-key: {@link #of} states each chunk's
 * edges, {@link #resolve} joins the edges of one key into links, {@link #collect} folds one chunk's
 * links into {@link IndexFacts}. Joins are by simple name and arity only, so a call is linked only when
 * its target is unambiguous enough: wrong links would teach wrong facts, missing ones only fewer.
 */
public final class IndexEdges {
  public static final int MAX_CALLERS = 10;
  public static final int MAX_IMPLEMENTERS = 20;
  public static final int MAX_TESTS = 5;

  private static final Comparator<Edge> EDGE_ORDER =
      Comparator.comparing(Edge::path)
          .thenComparingInt(Edge::line)
          .thenComparing(Edge::symbol)
          .thenComparing(Edge::chunkId)
          .thenComparing(Edge::role)
          .thenComparing(Edge::scopeType);
  private static final Comparator<SymbolRef> REF_ORDER =
      Comparator.comparing(SymbolRef::path)
          .thenComparingInt(SymbolRef::line)
          .thenComparing(SymbolRef::symbol);
  private static final Comparator<TestRef> TEST_ORDER =
      Comparator.comparingInt((TestRef t) -> t.text().length())
          .thenComparing(TestRef::path)
          .thenComparingInt(TestRef::line)
          .thenComparing(TestRef::symbol)
          .thenComparing(TestRef::text);

  private IndexEdges() {}

  /** What one chunk declares and calls. */
  public static List<Edge> of(Chunk c) {
    CodeFacts f = c.facts();
    List<Edge> out = new ArrayList<>();
    if (f.isEmpty()) {
      return out;
    }
    if (c.kind() == ChunkKind.METHOD) {
      String owner = lastSegment(f.enclosingType());
      if (f.declarationKind().equals("method")) {
        out.add(edge(methodKey(f.name(), f.params().size()), Role.DECLARES_METHOD, c, owner, "", ""));
      }
      String text = f.isTest() ? c.text() : "";
      for (CallSite call : f.calls()) {
        out.add(edge(methodKey(call.name(), call.arity()), Role.CALLS, c, owner, call.scopeType(), text));
      }
    } else if (c.kind() == ChunkKind.TYPE) {
      out.add(edge("t:" + f.name(), Role.DECLARES_TYPE, c, f.name(), "", ""));
      for (String s : new LinkedHashSet<>(f.supertypes())) {
        out.add(edge("t:" + lastSegment(s), Role.EXTENDS, c, f.name(), qualify(s, c.context(), f.packageName()), ""));
      }
    }
    return out;
  }

  /** Joins every edge of one key into links to the chunks they are about; input order does not matter. */
  public static List<Link> resolve(String key, Iterable<Edge> edges) {
    List<Edge> all = new ArrayList<>();
    edges.forEach(all::add);
    all.sort(EDGE_ORDER);
    Set<Link> out = new LinkedHashSet<>();
    if (key.startsWith("m:")) {
      List<Edge> decls = all.stream().filter(e -> e.role() == Role.DECLARES_METHOD).toList();
      Set<String> owners = new TreeSet<>();
      decls.forEach(d -> owners.add(d.ownerType()));
      for (Edge call : all) {
        if (call.role() != Role.CALLS) {
          continue;
        }
        String scope = call.scopeType();
        for (Edge d : decls) {
          boolean match =
              switch (scope) {
                case "" -> d.ownerType().equals(call.ownerType());
                case "?" -> owners.size() == 1;
                default -> d.ownerType().equals(scope);
              };
          if (!match || d.chunkId().equals(call.chunkId())) {
            continue;
          }
          out.add(
              new Link(d.chunkId(), Link.Kind.CALLER, new SymbolRef(call.symbol(), call.path(), call.line()), null));
          if (call.isTest()) {
            out.add(
                new Link(d.chunkId(), Link.Kind.TEST, null,
                    new TestRef(call.symbol(), call.path(), call.line(), call.text())));
          }
        }
      }
    } else if (key.startsWith("t:")) {
      List<Edge> decls = all.stream().filter(e -> e.role() == Role.DECLARES_TYPE).toList();
      for (Edge sub : all) {
        if (sub.role() != Role.EXTENDS) {
          continue;
        }
        Edge d = supertypeOf(sub, decls);
        if (d != null && !d.chunkId().equals(sub.chunkId())) {
          out.add(
              new Link(d.chunkId(), Link.Kind.IMPLEMENTER, new SymbolRef(sub.symbol(), sub.path(), sub.line()), null));
        }
      }
    }
    return List.copyOf(out);
  }

  /** One chunk's links as sorted, de-duplicated, capped facts. */
  public static IndexFacts collect(Iterable<Link> links) {
    Set<SymbolRef> callers = new TreeSet<>(REF_ORDER);
    Set<SymbolRef> implementers = new TreeSet<>(REF_ORDER);
    Set<TestRef> tests = new TreeSet<>(TEST_ORDER);
    for (Link l : links) {
      switch (l.kind()) {
        case CALLER -> callers.add(l.ref());
        case IMPLEMENTER -> implementers.add(l.ref());
        case TEST -> tests.add(l.test());
      }
    }
    // Shortest tests first: the one a "write a test" answer quotes should be readable.
    return new IndexFacts(
        callers.stream().limit(MAX_CALLERS).toList(),
        implementers.stream().limit(MAX_IMPLEMENTERS).toList(),
        tests.stream().limit(MAX_TESTS).toList());
  }

  /**
   * The declaration an {@code extends}/{@code implements} clause names, or null when that is not clear.
   * Simple names collide across a large repository (the JDK declares dozens of types called {@code
   * Field}; gson three called {@code Adapter}), so a clause is linked as Java would resolve it: through a
   * single-type import, else to a member of an enclosing type or of the subtype's own package, else to
   * the only declaration of that name there is.
   */
  static Edge supertypeOf(Edge sub, List<Edge> decls) {
    String target = sub.scopeType();
    if (!target.startsWith("?")) {
      for (Edge d : decls) {
        if (d.symbol().equals(target)) {
          return d;
        }
      }
      return null; // imported from outside the repository
    }
    int colon = target.indexOf(':');
    String pkg = target.substring(1, colon);
    String written = target.substring(colon + 1);
    for (String scope = sub.symbol(); scope.length() > pkg.length(); ) {
      int dot = scope.lastIndexOf('.');
      scope = dot < 0 ? "" : scope.substring(0, dot);
      String candidate = scope.isEmpty() ? written : scope + "." + written;
      for (Edge d : decls) {
        if (d.symbol().equals(candidate)) {
          return d;
        }
      }
    }
    Edge only = null;
    for (Edge d : decls) {
      if (d.symbol().equals(written) || d.symbol().endsWith("." + written)) {
        if (only != null) {
          return null;
        }
        only = d;
      }
    }
    return only;
  }

  /**
   * A supertype as written, qualified through the chunk context's single-type imports when one names it
   * ({@code Field} with {@code import a.b.Field;} is {@code a.b.Field}); otherwise {@code "?pkg:"} + the
   * name as written, for {@link #supertypeOf} to look up in the enclosing types and the package.
   */
  static String qualify(String written, String context, String pkg) {
    int dot = written.indexOf('.');
    String head = dot < 0 ? written : written.substring(0, dot);
    String rest = dot < 0 ? "" : written.substring(dot);
    for (String line : context.split("\n")) {
      if (line.startsWith("import ") && !line.startsWith("import static ") && line.endsWith("." + head + ";")) {
        return line.substring("import ".length(), line.length() - 1) + rest;
      }
    }
    if (dot > 0 && Character.isLowerCase(written.charAt(0))) {
      return written; // already fully qualified
    }
    return "?" + pkg + ":" + written;
  }

  public static String methodKey(String name, int arity) {
    return "m:" + name + "/" + arity;
  }

  private static Edge edge(String key, Role role, Chunk c, String owner, String scope, String text) {
    return new Edge(
        key, role, c.id(), owner, scope, c.symbol(), c.path(), c.startLine(), c.facts().isTest(), text);
  }

  private static String lastSegment(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }
}
