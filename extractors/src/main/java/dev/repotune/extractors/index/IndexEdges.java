package dev.repotune.extractors.index;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.CodeFacts;
import dev.repotune.extractors.CodeFacts.CallSite;
import dev.repotune.extractors.index.Edge.Role;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository index as three pure steps around one group-by-key: {@link #of} states each chunk's
 * edges, {@link #resolve} joins the edges of one key into links, {@link #collect} folds one chunk's
 * links into {@link IndexFacts}. Keys are simple names (and arity); within a key, types are told apart
 * by qualified name, and a call is linked only when the type it is made on is clear: wrong links would
 * teach wrong facts, missing ones only fewer.
 */
public final class IndexEdges {
  public static final int MAX_CALLERS = 10;
  public static final int MAX_IMPLEMENTERS = 20;
  public static final int MAX_TESTS = 5;
  /** A call's scope that is another call's result, as {@code CallScopes} writes it: {@code "?(name/arity)" + scope}. */
  static final String RESULT = "?(";
  /** Callees listed for an undocumented method: the first by path and symbol. */
  public static final int MAX_CALLEES = 12;
  public static final int MAX_USES = 3;

  private static final Comparator<CodeRef> CODE_REF_ORDER =
      Comparator.comparing(CodeRef::path).thenComparing(CodeRef::symbol).thenComparing(CodeRef::text);

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
  private static final Comparator<Link> TEST_ORDER =
      Comparator.comparingInt(Link::rank)
          .thenComparing(l -> l.test().path())
          .thenComparingInt(l -> l.test().line())
          .thenComparing(l -> l.test().symbol())
          .thenComparing(l -> l.test().text());
  private static final Pattern ASSERTION = Pattern.compile("(?<![A-Za-z0-9_$])assert[A-Za-z0-9_$]*\\s*[(\\s]");

  private IndexEdges() {}

  /** What one chunk declares and calls. */
  public static List<Edge> of(Chunk c) {
    CodeFacts f = c.facts();
    List<Edge> out = new ArrayList<>();
    if (f.isEmpty()) {
      return out;
    }
    String pkg = f.packageName();
    if (c.kind() == ChunkKind.METHOD) {
      String owner = qualified(pkg, f.enclosingType());
      if (f.declarationKind().equals("method")) {
        String returns = erasure(f.returnType());
        out.add(
            edge(methodKey(f.name(), f.params().size()), Role.DECLARES_METHOD, c, owner,
                returns.isEmpty() ? "" : qualify(returns, c.context(), pkg), f.signature(), ""));
      }
      boolean wantsCallees = !f.isTest() && f.javadoc().isBlank() && f.bodyLines() > 0;
      for (CallSite call : f.calls()) {
        String target = qualifyScope(call.scopeType(), c.context(), pkg);
        String text = f.isTestMethod() ? c.text() : f.isTest() ? "" : useLine(c, call.name());
        out.add(
            new Edge(methodKey(call.name(), call.arity()), Role.CALLS, c.id(), owner, target, c.symbol(), c.path(),
                c.declarationLine(), f.isTestMethod(), text, String.join(",", call.argTypes()), wantsCallees));
      }
    } else if (c.kind() == ChunkKind.TYPE) {
      String self = qualified(pkg, qualified(f.enclosingType(), f.name()));
      out.add(edge("t:" + f.name(), Role.DECLARES_TYPE, c, self, "", "", ""));
      for (String s : new LinkedHashSet<>(f.supertypes())) {
        out.add(edge("t:" + lastSegment(s), Role.EXTENDS, c, self, qualify(s, c.context(), pkg), "", ""));
      }
    }
    return out;
  }

  /** {@link #resolve(String, Iterable, TypeHierarchy)} with only the types these edges declare. */
  public static List<Link> resolve(String key, Iterable<Edge> edges) {
    return resolve(key, edges, TypeHierarchy.of(edges));
  }

  /**
   * Joins every edge of one key into links to the chunks they are about; input order does not matter. A
   * call is linked to the declarations in the one type it names, resolved as Java would ({@link
   * #typeNamed}), or in the nearest supertype the repository declares when that type inherits the method
   * ({@code hierarchy}, the whole repository's); an unscoped or {@code this.} call likewise from its own
   * type, then an enclosing one. A call on a receiver whose type is unknown ({@code a.b().c()}) or not
   * declared in the repository is linked to nothing: simple names alone would join every {@code
   * Builder.build()} of guava to every call on any builder, and gson's generated protobuf {@code
   * newBuilder().setValue(100)} to its {@code LinkedTreeMap.Node.setValue}.
   */
  public static List<Link> resolve(String key, Iterable<Edge> edges, TypeHierarchy hierarchy) {
    List<Edge> all = new ArrayList<>();
    edges.forEach(all::add);
    all.sort(EDGE_ORDER);
    Set<Link> out = new LinkedHashSet<>();
    if (key.startsWith("m:")) {
      String name = key.substring(2, key.lastIndexOf('/'));
      Map<String, List<Edge>> declsByOwner = new TreeMap<>();
      for (Edge e : all) {
        if (e.role() == Role.DECLARES_METHOD) {
          declsByOwner.computeIfAbsent(e.ownerType(), k -> new ArrayList<>()).add(e);
        }
      }
      for (Edge call : all) {
        if (call.role() != Role.CALLS) {
          continue;
        }
        for (Edge d : declarationsCalled(call, declsByOwner, hierarchy)) {
          if (d.chunkId().equals(call.chunkId())) {
            continue;
          }
          out.add(
              new Link(d.chunkId(), Link.Kind.CALLER, new SymbolRef(call.symbol(), call.path(), call.line()), null));
          if (call.wantsCallees() && !d.text().isEmpty()) {
            out.add(Link.code(call.chunkId(), Link.Kind.CALLEE, new CodeRef(d.symbol(), d.path(), d.text())));
          }
          if (!call.isTest() && !call.text().isEmpty()) {
            out.add(Link.code(d.chunkId(), Link.Kind.USE, new CodeRef(call.symbol(), call.path(), call.text())));
          }
          if (call.isTest()) {
            out.add(
                new Link(d.chunkId(), Link.Kind.TEST, null,
                    new TestRef(call.symbol(), call.path(), call.line(), call.text()), testRank(name, call)));
          }
        }
      }
    } else if (key.startsWith("t:")) {
      Map<String, Edge> declsByName = new TreeMap<>();
      for (Edge e : all) {
        if (e.role() == Role.DECLARES_TYPE) {
          declsByName.putIfAbsent(e.ownerType(), e);
        }
      }
      for (Edge sub : all) {
        if (sub.role() != Role.EXTENDS) {
          continue;
        }
        String type = typeNamed(sub.scopeType(), sub.ownerType(), declsByName.keySet());
        Edge d = type == null ? null : declsByName.get(type);
        if (d != null && !d.chunkId().equals(sub.chunkId())) {
          out.add(
              new Link(d.chunkId(), Link.Kind.IMPLEMENTER, new SymbolRef(sub.symbol(), sub.path(), sub.line()), null));
        }
      }
    }
    return List.copyOf(out);
  }

  private static List<Edge> declarationsCalled(
      Edge call, Map<String, List<Edge>> declsByOwner, TypeHierarchy hierarchy) {
    String scope = call.scopeType();
    String from;
    if (scope.isEmpty()) {
      from = hierarchy.innermost(call.ownerType(), declsByOwner.keySet());
    } else {
      String type = hierarchy.typeOf(scope, call.ownerType());
      from = type == null ? null : hierarchy.declaring(type, declsByOwner.keySet());
    }
    return from == null ? List.of() : overloadCalled(call, declsByOwner.get(from));
  }

  /**
   * How well a test tests the method {@code name} it calls, lower first: named for it (its name holds
   * the method's from a word start, case aside: {@code testClosedWriterThrows} for {@code close}) and
   * asserting on it (an {@code assert*} statement that calls it) 0, named only 1, asserting only 2,
   * merely calling it (a strictness test that closes its writer) 3.
   */
  static int testRank(String name, Edge test) {
    String symbol = test.symbol();
    int paren = symbol.indexOf('(');
    String own = symbol.substring(symbol.lastIndexOf('.', paren < 0 ? symbol.length() : paren) + 1,
        paren < 0 ? symbol.length() : paren);
    return (namesMethod(own, name) ? 0 : 2) + (assertsOn(test.text(), name) ? 0 : 1);
  }

  private static boolean namesMethod(String test, String method) {
    String lower = test.toLowerCase(Locale.ROOT);
    String wanted = method.toLowerCase(Locale.ROOT);
    for (int i = lower.indexOf(wanted); i >= 0; i = lower.indexOf(wanted, i + 1)) {
      if (i == 0 || Character.isUpperCase(test.charAt(i)) || !Character.isLetter(test.charAt(i - 1))) {
        return true;
      }
    }
    return false;
  }

  /** Whether an assertion statement ({@code assertEquals(..)}, {@code assertThrows(.., () -> w.close())}) calls it. */
  private static boolean assertsOn(String text, String method) {
    Pattern call = Pattern.compile("(?<![A-Za-z0-9_$])" + Pattern.quote(method) + "\\s*\\(");
    Matcher m = ASSERTION.matcher(text);
    while (m.find()) {
      int end = text.indexOf(';', m.end());
      if (call.matcher(text.substring(m.start(), end < 0 ? text.length() : end)).find()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Which of {@code decls} (one type's declarations of a name and arity) the call is to. With one
   * declaration per file, that one (the same type in two files, a platform's variants, is one in each).
   * With overloads, the one whose parameter types the call's known argument types match exactly, when
   * exactly one does (Java would pick it too: no other overload is more specific and still applicable);
   * otherwise none. A symbol solver would tell every call apart; guessing would make the JDK's {@code
   * Arrays.sort(fields)} on an {@code Object[]} a caller of all eight one-argument {@code sort}s.
   */
  private static List<Edge> overloadCalled(Edge call, List<Edge> decls) {
    Set<String> paths = new HashSet<>();
    boolean overloaded = false;
    for (Edge d : decls) {
      overloaded |= !paths.add(d.path());
    }
    if (!overloaded) {
      return decls;
    }
    String[] args = call.argTypes().isEmpty() ? new String[0] : call.argTypes().split(",", -1);
    Set<String> fitting = new TreeSet<>();
    for (Edge d : decls) {
      if (fits(args, parameterTypes(d.symbol()))) {
        fitting.add(d.symbol());
      }
    }
    if (fitting.size() != 1) {
      return List.of();
    }
    String chosen = fitting.iterator().next();
    return decls.stream().filter(d -> d.symbol().equals(chosen)).toList();
  }

  /** Every known argument type names its parameter's type (by simple name; a varargs parameter never). */
  private static boolean fits(String[] args, List<String> params) {
    if (args.length != params.size()) {
      return false;
    }
    for (int i = 0; i < args.length; i++) {
      if (!args[i].equals("?") && !lastSegment(args[i]).equals(lastSegment(params.get(i)))) {
        return false;
      }
    }
    return true;
  }

  /** A method symbol's parameter types: {@code A.sort(int[], int)} has {@code int[]} and {@code int}. */
  private static List<String> parameterTypes(String symbol) {
    String inside = symbol.substring(symbol.lastIndexOf('(') + 1, symbol.length() - 1);
    return inside.isEmpty() ? List.of() : List.of(inside.split(", "));
  }

  /**
   * One chunk's links as ordered, de-duplicated, capped facts with their counts: callers and implementers
   * by path and line, tests best first ({@link #testRank}, then path and line), so the few a cut keeps
   * are the tests of the method rather than the first that happen to call it.
   */
  public static IndexFacts collect(Iterable<Link> links) {
    Set<SymbolRef> callers = new TreeSet<>(REF_ORDER);
    Set<SymbolRef> implementers = new TreeSet<>(REF_ORDER);
    Set<Link> tests = new TreeSet<>(TEST_ORDER);
    Set<CodeRef> callees = new TreeSet<>(CODE_REF_ORDER);
    Set<CodeRef> uses = new TreeSet<>(CODE_REF_ORDER);
    for (Link l : links) {
      switch (l.kind()) {
        case CALLER -> callers.add(l.ref());
        case IMPLEMENTER -> implementers.add(l.ref());
        case TEST -> tests.add(l);
        case CALLEE -> callees.add(l.code());
        case USE -> uses.add(l.code());
      }
    }
    return new IndexFacts(
        callers.stream().limit(MAX_CALLERS).toList(),
        implementers.stream().limit(MAX_IMPLEMENTERS).toList(),
        tests.stream().limit(MAX_TESTS).map(Link::test).toList(),
        callees.stream().limit(MAX_CALLEES).toList(),
        uses.stream().limit(MAX_USES).toList(),
        callers.size(),
        implementers.size(),
        tests.size());
  }

  /**
   * The declared type (one of {@code declared}, qualified names) that {@code target} names when written
   * in type {@code from}, or null when that is not clear. Simple names collide across a large repository
   * (the JDK declares dozens of types called {@code Field}, guava dozens called {@code Builder}), so a
   * name is resolved as Java would: a qualified name (through a single-type import) is itself; a name as
   * written ({@code "?pkg:Name"}) is a member of {@code from} or of a type enclosing it, else of the
   * package, else the only declared type of that name there is.
   */
  static String typeNamed(String target, String from, Set<String> declared) {
    if (!target.startsWith("?")) {
      return declared.contains(target) ? target : null; // else imported from outside the repository
    }
    String found = enclosingOrPackage(target, from, declared);
    if (found != null) {
      return found;
    }
    String written = target.substring(target.indexOf(':') + 1);
    String only = null;
    for (String d : declared) {
      if (d.equals(written) || d.endsWith("." + written)) {
        if (only != null) {
          return null;
        }
        only = d;
      }
    }
    return only;
  }

  /** {@link #typeNamed}'s first steps: a name as written as a member of {@code from}, an enclosing type or the package. */
  static String enclosingOrPackage(String target, String from, Set<String> declared) {
    int colon = target.indexOf(':');
    String pkg = target.substring(1, colon);
    String written = target.substring(colon + 1);
    for (String scope = from; ; ) {
      String candidate = scope.isEmpty() ? written : scope + "." + written;
      if (declared.contains(candidate)) {
        return candidate;
      }
      if (scope.length() <= pkg.length()) {
        return null;
      }
      int dot = scope.lastIndexOf('.');
      scope = dot < 0 ? "" : scope.substring(0, dot);
    }
  }

  /**
   * A supertype as written, qualified through the chunk context's single-type imports when one names it
   * ({@code Field} with {@code import a.b.Field;} is {@code a.b.Field}); otherwise {@code "?pkg:"} + the
   * name as written, for {@link #typeNamed} to look up in the enclosing types and the package.
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

  /** A call's scope with every type in it qualified ({@link #qualify}), a call's result ({@code "?(m/0)Foo"}) too. */
  static String qualifyScope(String scope, String context, String pkg) {
    if (scope.startsWith(RESULT)) {
      int close = scope.indexOf(')');
      return scope.substring(0, close + 1) + qualifyScope(scope.substring(close + 1), context, pkg);
    }
    return scope.isEmpty() || scope.equals("?") ? scope : qualify(scope, context, pkg);
  }

  /**
   * A return type as a call's result can be looked up: annotations and type arguments dropped ({@code
   * @Nullable Element} is {@code Element}); "" for void, primitives and arrays, which have no methods of
   * the repository's.
   */
  static String erasure(String written) {
    String t = written.replaceAll("@[\\w.]+(\\([^)]*\\))?\\s*", "");
    int lt = t.indexOf('<');
    if (lt >= 0) {
      int gt = t.lastIndexOf('>');
      t = t.substring(0, lt) + (gt > lt ? t.substring(gt + 1) : "");
    }
    t = t.strip();
    if (t.isEmpty() || t.contains("[") || t.contains(" ") || Character.isLowerCase(t.charAt(0)) && t.indexOf('.') < 0) {
      return "";
    }
    return t;
  }

  /**
   * The first line of the body of {@code c} that calls {@code name}, stripped: {@code String json =
   * gson.toJson(src);}. Comment lines do not count, nor the declaration before its body's brace (an
   * overload that delegates names itself there); "" when no line shows it (a call split over lines).
   */
  static String useLine(Chunk c, String name) {
    Pattern call = Pattern.compile("(?<![\\w$])" + Pattern.quote(name) + "\\s*\\(");
    String[] lines = c.text().split("\\R", -1);
    int from = Math.max(0, c.declarationLine() - c.startLine());
    boolean inBody = false;
    for (int i = from; i < lines.length; i++) {
      String line = lines[i];
      if (!inBody) {
        int brace = line.indexOf('{');
        if (brace < 0) {
          continue;
        }
        inBody = true;
        line = line.substring(brace + 1);
      }
      String t = line.strip();
      if (t.startsWith("//") || t.startsWith("*") || t.startsWith("/*")) {
        continue;
      }
      if (call.matcher(t).find()) {
        return t.length() > 200 ? "" : t;
      }
    }
    return "";
  }

  public static String methodKey(String name, int arity) {
    return "m:" + name + "/" + arity;
  }

  private static Edge edge(
      String key, Role role, Chunk c, String owner, String scope, String text, String argTypes) {
    return new Edge(key, role, c.id(), owner, scope, c.symbol(), c.path(), c.declarationLine(),
        c.facts().isTestMethod(), text, argTypes);
  }

  private static String qualified(String outer, String name) {
    return outer.isEmpty() ? name : outer + "." + name;
  }

  private static String lastSegment(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }
}
