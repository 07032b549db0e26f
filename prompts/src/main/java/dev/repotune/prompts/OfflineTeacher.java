package dev.repotune.prompts;

import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.CodeFacts;
import dev.repotune.extractors.index.IndexFacts;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.extractors.index.SymbolRef;
import dev.repotune.extractors.index.TestRef;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The teacher that needs no model: it states only what JavaParser read off the code ({@link CodeFacts})
 * and what the repository index joined to it ({@link IndexFacts}), so every answer is true of the code
 * by construction. Each (chunk, task) is asked in several wordings, because a model learns a fact from
 * paraphrases rather than from one sentence; the wordings come from {@value Phrasings#RESOURCE} and are
 * chosen by a generator seeded from (seed, the declaration, task), so a run is reproducible and
 * independent of the order in which chunks arrive. The declaration is its repository, path, kind and
 * symbol, not the chunk id (which holds the commit): a method is asked in the same words on every commit,
 * so datasets of two commits differ only where the code did (and the row cache can replay the rest).
 *
 * <p>Only METHOD chunks (methods, constructors) and TYPE chunks get questions; test code only gets
 * LOCATE, since tests are answers, not subjects. A task whose answer would be empty or say nothing the
 * question does not (no Javadoc, a one-line getter, no callers) is not asked.
 */
public final class OfflineTeacher implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String NAME = "offline";

  /** Javadoc description kept in an EXPLAIN answer, in characters (whole paragraphs, the first always). */
  private static final int MAX_DESCRIPTION_CHARS = 1200;

  private final EnumSet<TaskKind> tasks;
  private final int variants;
  private final long seed;
  private final Phrasings phrasings;

  private OfflineTeacher(EnumSet<TaskKind> tasks, int variants, long seed, Phrasings phrasings) {
    this.tasks = tasks;
    this.variants = variants;
    this.seed = seed;
    this.phrasings = phrasings;
  }

  /**
   * @param tasks the task kinds to ask (the {@code --tasks} list); not empty
   * @param variants differently worded questions per (chunk, task), at least 1; capped by the number of
   *     phrasings of the task
   * @param seed chooses the phrasings; the same seed gives the same rows
   */
  public static OfflineTeacher create(Set<TaskKind> tasks, int variants, long seed) {
    Objects.requireNonNull(tasks, "tasks");
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("tasks must name at least one task kind");
    }
    if (variants < 1) {
      throw new IllegalArgumentException("variants must be at least 1, got " + variants);
    }
    return new OfflineTeacher(EnumSet.copyOf(tasks), variants, seed, Phrasings.load());
  }

  /** The teacher's name in {@code QaPair.teacher} and {@code meta.teacher}. */
  public String name() {
    return NAME;
  }

  /** First 12 hex digits of the SHA-256 of the phrasing resource: changes whenever a phrasing does. */
  public String promptVersion() {
    return phrasings.version();
  }

  public Set<TaskKind> tasks() {
    return Collections.unmodifiableSet(tasks);
  }

  public int variants() {
    return variants;
  }

  public long seed() {
    return seed;
  }

  /**
   * The question-answer pairs for one chunk, in task order then variant order; empty when no task
   * applies (Markdown, windows, fields, chunks without facts).
   */
  public List<QaPair> generate(IndexedChunk indexed) {
    Subject s = subject(indexed);
    if (s == null) {
      return List.of();
    }
    List<QaPair> out = new ArrayList<>();
    for (TaskKind task : tasks) {
      if (s.facts.isTest() && task != TaskKind.LOCATE) {
        continue;
      }
      Draft d = draft(task, s);
      if (d != null) {
        out.addAll(render(task, s, d));
      }
    }
    return List.copyOf(out);
  }

  private static final Set<String> TYPE_KINDS = Set.of("class", "interface", "enum", "record", "annotation");

  /** The subject of the questions, or null when the offline teacher has nothing to say about it. */
  private Subject subject(IndexedChunk indexed) {
    if (indexed == null) {
      return null;
    }
    Chunk c = indexed.chunk();
    CodeFacts f = c.facts();
    if (f.isEmpty()) {
      return null;
    }
    String k = f.declarationKind();
    if (c.kind() == ChunkKind.METHOD && (k.equals("method") || k.equals("constructor"))) {
      return new Subject(indexed, false);
    }
    if (c.kind() == ChunkKind.TYPE && TYPE_KINDS.contains(k)) {
      return new Subject(indexed, true);
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // What each task asks and answers.

  private Draft draft(TaskKind task, Subject s) {
    switch (task) {
      case EXPLAIN:
        return explain(s);
      case SIGNATURE:
        return s.isType ? typeSignature(s) : signature(s);
      case LOCATE:
        return locate(s);
      case IMPLEMENT:
        return s.isType ? null : implement(s);
      case DOCUMENT:
        return s.isType ? null : document(s);
      case CALLERS:
        return s.isType ? null : callers(s);
      case IMPLEMENTERS:
        return s.isType ? implementers(s) : null;
      case TESTS:
        return tests(s);
      case WRITE_TEST:
        return writeTest(s);
      default:
        throw new IllegalStateException("unhandled task " + task);
    }
  }

  private Draft explain(Subject s) {
    String description = Javadocs.description(s.facts.javadocSummary(), MAX_DESCRIPTION_CHARS);
    if (description.isEmpty() || Javadocs.isTrivial(description, s.facts.name())) {
      return null;
    }
    String where =
        s.isType
            ? "It is declared in " + code(s.path()) + " at line " + s.line + packageClause(s) + "."
            : "It is declared in " + code(s.owner) + " (" + code(s.path()) + ", line " + s.line + ").";
    return Draft.fixed(s.questions("explain"), description + "\n\n" + where);
  }

  private Draft signature(Subject s) {
    CodeFacts f = s.facts;
    boolean returns = !f.returnType().isEmpty() && !f.returnType().equals("void");
    if (f.params().isEmpty() && !returns && f.thrown().isEmpty()) {
      return null;
    }
    // Without a documented parameter, return value or exception the answer only restates the
    // declaration, which teaches nothing the question's symbol does not already say.
    boolean documented =
        f.params().stream().anyMatch(p -> !Javadocs.tagText(p.doc()).isEmpty())
            || !Javadocs.tagText(f.returnDoc()).isEmpty()
            || !f.thrown().isEmpty();
    if (!documented) {
      return null;
    }
    List<String> bullets = new ArrayList<>();
    for (CodeFacts.Param p : f.params()) {
      String decl = (orEmpty(p.type()) + " " + orEmpty(p.name())).strip();
      if (decl.isEmpty()) {
        continue;
      }
      String doc = Javadocs.tagText(p.doc());
      bullets.add("- " + code(decl) + (doc.isEmpty() ? "" : ": " + doc));
    }
    if (returns) {
      String doc = Javadocs.tagText(f.returnDoc());
      bullets.add("- Returns " + code(f.returnType()) + (doc.isEmpty() ? "." : ": " + doc));
    }
    for (CodeFacts.Thrown t : f.thrown()) {
      if (orEmpty(t.type()).isBlank()) {
        continue;
      }
      String doc = Javadocs.tagText(t.doc());
      String join = doc.matches("(?i)(if|when|whenever|unless|in case|on)\\b.*") ? " " : ": ";
      bullets.add("- Throws " + code(t.type()) + (doc.isEmpty() ? "." : join + doc));
    }
    String body = "\n\n" + Sources.fence(s.facts.signature());
    if (!bullets.isEmpty()) {
      body += "\n\n" + String.join("\n", bullets);
    }
    return Draft.led(s.questions("signature"), "signature.a", body);
  }

  private Draft typeSignature(Subject s) {
    List<String> supers = new ArrayList<>();
    for (String t : s.facts.supertypes()) {
      if (t != null && !t.isBlank()) {
        supers.add(code(t));
      }
    }
    if (supers.isEmpty() || s.facts.signature().isBlank()) {
      return null;
    }
    String body =
        "\n\n" + Sources.fence(s.facts.signature())
            + "\n\nDirect supertypes: " + String.join(", ", supers) + ".";
    return Draft.led(s.questions("signature"), "signature.type.a", body);
  }

  private Draft locate(Subject s) {
    String head = code(s.symbol) + " is declared in " + code(s.path()) + " at line " + s.line;
    String answer;
    if (s.isType) {
      String decl = s.facts.signature().isBlank() ? "" : " as " + code(s.facts.signature());
      String nested = s.facts.enclosingType().isEmpty() ? "" : ", nested in " + code(s.facts.enclosingType());
      answer = head + decl + nested + packageClause(s) + ".";
    } else {
      String pkg = s.facts.packageName().isEmpty() ? "" : " of package " + code(s.facts.packageName());
      answer = head + ", in " + code(s.declaration) + pkg + ".";
    }
    return Draft.fixed(s.questions("locate"), answer);
  }

  private Draft implement(Subject s) {
    if (s.facts.javadoc().isBlank() || s.facts.bodyLines() < 2 || s.facts.signature().isBlank()) {
      return null;
    }
    String code = Sources.dedent(Sources.stripLeadingJavadoc(s.chunk.text()));
    if (Sources.innerBodyLines(code) < 2) {
      return null;
    }
    String tail = "\n\n" + Sources.fence(javadocComment(s) + "\n" + s.facts.signature());
    return Draft.fixed(s.questions("implement"), tail, Sources.fence(code));
  }

  private Draft document(Subject s) {
    if (s.facts.javadoc().isBlank()) {
      return null;
    }
    String code = Sources.dedent(Sources.stripLeadingJavadoc(s.chunk.text()));
    // A second doc comment in the code would leak the answer into the question.
    if (code.isBlank() || code.contains("/**")) {
      return null;
    }
    String comment = javadocComment(s);
    boolean hasTags = s.facts.javadoc().matches("(?s).*(^|\n)\\s*@\\w+.*");
    String summary = Javadocs.description(s.facts.javadocSummary(), MAX_DESCRIPTION_CHARS);
    if (comment.equals("/**\n */") || (!hasTags && Javadocs.isTrivial(summary, s.facts.name()))) {
      return null;
    }
    return Draft.fixed(s.questions("document"), "\n\n" + Sources.fence(code), Sources.fence(comment));
  }

  /**
   * The Javadoc as written in the chunk (so {@code {@link}}s and the repository's own style survive),
   * else rebuilt from the facts, whose text the extractor has already rendered to prose.
   */
  private static String javadocComment(Subject s) {
    String written = Sources.leadingJavadoc(s.chunk.text());
    return written != null ? written : Javadocs.asComment(s.facts.javadoc());
  }

  private Draft callers(Subject s) {
    List<String> bullets = new ArrayList<>();
    for (SymbolRef r : s.index.callers()) {
      addBullet(bullets, r == null ? null : r.symbol(), r == null ? null : r.path(), r == null ? 0 : r.line());
    }
    return bullets.isEmpty()
        ? null
        : Draft.led(s.questions("callers"), "callers.a", "\n" + String.join("\n", bullets));
  }

  private Draft implementers(Subject s) {
    List<String> bullets = new ArrayList<>();
    for (SymbolRef r : s.index.implementers()) {
      addBullet(bullets, r == null ? null : r.symbol(), r == null ? null : r.path(), r == null ? 0 : r.line());
    }
    if (bullets.isEmpty()) {
      return null;
    }
    String group = "interface".equals(s.facts.declarationKind()) ? "implementers.interface" : "implementers.class";
    return Draft.led(phrasings.group(group + ".q"), group + ".a", "\n" + String.join("\n", bullets));
  }

  private Draft tests(Subject s) {
    List<String> bullets = new ArrayList<>();
    // The index keeps the shortest tests (for write-test); a list reads best in file order.
    List<TestRef> inFileOrder = new ArrayList<>();
    s.index.tests().stream().filter(t -> t != null).forEach(inFileOrder::add);
    inFileOrder.sort(
        java.util.Comparator.comparing(TestRef::path, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
            .thenComparingInt(TestRef::line));
    for (TestRef t : inFileOrder) {
      addBullet(bullets, t == null ? null : t.symbol(), t == null ? null : t.path(), t == null ? 0 : t.line());
    }
    return bullets.isEmpty()
        ? null
        : Draft.led(s.questions("tests"), "tests.a", "\n" + String.join("\n", bullets));
  }

  private Draft writeTest(Subject s) {
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
    vars.put("testPath", dev.repotune.extractors.PathText.escape(best.path().strip()));
    vars.put("testLine", Integer.toString(best.line()));
    String body = "\n\n" + Sources.fence(Sources.dedent(best.text()));
    return new Draft(s.questions("write-test"), "", "write-test.a", body, vars);
  }

  private static void addBullet(List<String> bullets, String symbol, String path, int line) {
    if (isBlank(symbol) || isBlank(path)) {
      return;
    }
    String where = code(path.strip()) + (line > 0 ? ":" + line : "");
    bullets.add("- " + code(Sources.shortRef(symbol.strip())) + " (" + where + ")");
  }

  private static String packageClause(Subject s) {
    return s.facts.packageName().isEmpty() ? "" : ", in package " + code(s.facts.packageName());
  }

  // ---------------------------------------------------------------------------------------------
  // Variants.

  private List<QaPair> render(TaskKind task, Subject s, Draft d) {
    Map<String, String> vars = new TreeMap<>(s.vars);
    vars.putAll(d.extraVars);
    Rng rng = new Rng(mix(seed, declaration(s.chunk), task));
    int[] qOrder = rng.permutation(d.questions.size());
    List<String> leads = d.leadGroup == null ? List.of() : phrasings.group(d.leadGroup);
    int[] leadOrder = rng.permutation(leads.size());
    Set<String> seen = new LinkedHashSet<>();
    List<QaPair> out = new ArrayList<>();
    for (int i = 0; i < qOrder.length && out.size() < variants; i++) {
      String question = Templates.render(d.questions.get(qOrder[i]), vars) + d.questionTail;
      if (!seen.add(question)) {
        continue;
      }
      String answer =
          leads.isEmpty()
              ? d.answer
              : Templates.render(leads.get(leadOrder[out.size() % leads.size()]), vars) + d.answer;
      out.add(new QaPair(s.chunk.id(), task, question, answer, NAME, phrasings.version()));
    }
    return out;
  }

  /** What a chunk declares, the same on every commit. */
  private static String declaration(Chunk c) {
    return c.repo() + "\u0000" + c.path() + "\u0000" + c.kind() + "\u0000" + c.symbol();
  }

  /** A 64-bit seed from (seed, declaration, task) that does not depend on anything else in the run. */
  private static long mix(long seed, String declaration, TaskKind task) {
    byte[] digest =
        StableIds.sha256((seed + "\u0000" + declaration + "\u0000" + task.name()).getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(digest, 0, 8).getLong();
  }

  /** SplitMix64: fixed here so the choice of phrasings never changes with the JDK. */
  private static final class Rng {
    private long state;

    Rng(long seed) {
      this.state = seed;
    }

    long next() {
      long z = (state += 0x9E3779B97F4A7C15L);
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }

    int[] permutation(int n) {
      int[] p = new int[n];
      for (int i = 0; i < n; i++) {
        p[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = (int) Long.remainderUnsigned(next(), i + 1);
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      return p;
    }
  }

  /**
   * One task's question templates and its answer: {@code answer} is either the whole answer or, when
   * {@code leadGroup} is set, what follows a lead-in sentence chosen per variant.
   */
  private record Draft(
      List<String> questions, String questionTail, String leadGroup, String answer, Map<String, String> extraVars) {
    static Draft fixed(List<String> questions, String answer) {
      return new Draft(questions, "", null, answer, Map.of());
    }

    static Draft fixed(List<String> questions, String questionTail, String answer) {
      return new Draft(questions, questionTail, null, answer, Map.of());
    }

    static Draft led(List<String> questions, String leadGroup, String answerAfterLead) {
      return new Draft(questions, "", leadGroup, answerAfterLead, Map.of());
    }
  }

  /** A METHOD or TYPE chunk with what every phrasing may name. */
  private final class Subject {
    final Chunk chunk;
    final CodeFacts facts;
    final IndexFacts index;
    final boolean isType;
    final String symbol;
    /** Simple name(s) of the declaring type, e.g. {@code Gson.Builder}; a type's own name for types. */
    final String owner;
    /** The enclosing type's declaration for a member; the type's own for a type. */
    final String declaration;
    final int line;
    final Map<String, String> vars = new TreeMap<>();

    private Subject(IndexedChunk ic, boolean isType) {
      this.chunk = ic.chunk();
      this.facts = chunk.facts();
      this.index = ic.index();
      this.isType = isType;
      String enclosing = facts.enclosingType();
      if (isType) {
        symbol = enclosing.isEmpty() ? facts.name() : enclosing + "." + facts.name();
        owner = symbol;
        declaration = facts.signature().isBlank() ? symbol : facts.signature();
      } else {
        symbol = chunk.symbol();
        owner = enclosing.isEmpty() ? symbol.replaceFirst("\\.[^.(]*\\(.*$", "") : enclosing;
        String simple = owner.substring(owner.lastIndexOf('.') + 1);
        String found = Sources.typeDeclaration(chunk.context(), simple);
        declaration = found == null ? owner : found;
      }
      line = chunk.declarationLine();
      vars.put("symbol", symbol);
      vars.put("name", facts.name());
      vars.put("type", owner);
      vars.put("kind", facts.declarationKind());
      vars.put("path", dev.repotune.extractors.PathText.escape(chunk.path()));
      vars.put("line", Integer.toString(line));
      vars.put("repo", repoName(chunk.repo()));
      vars.put("declaration", declaration);
    }

    String path() {
      return chunk.path();
    }

    /** The question group of a task: the type-specific one for types where the file has one. */
    List<String> questions(String task) {
      if (isType && phrasings.groupNames().contains(task + ".type.q")) {
        return phrasings.group(task + ".type.q");
      }
      return phrasings.group(task + ".q");
    }
  }

  private static String repoName(String repo) {
    try {
      return SystemPrompt.shortName(repo);
    } catch (IllegalArgumentException e) {
      return "this repository";
    }
  }

  private static String code(String s) {
    return Sources.code(s);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
