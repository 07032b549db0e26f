package dev.repotune.prompts;

import dev.repotune.extractors.CodeFacts;
import dev.repotune.extractors.index.IndexedChunk;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The task catalogue: every kind of question repotune asks, with everything the rest of the job needs to
 * know about it. As in Beam's {@code Compression}, each constant carries its data and its behaviour, and
 * the parser of {@code --tasks}, the CLI help, the teachers, the filters, dedup, the manifest and
 * {@code inspect} loop over {@link #values()}; no other file names a task. To add a kind, add a
 * constant here, its drafter (one small file) and its phrasings in {@code offline-phrasings.properties}
 * (and {@code llm-<name>.prompt} if an LLM should be asked too). See docs/architecture.md.
 *
 * <p>{@link #wireName()} is what lands in {@code meta.task} and on the command line.
 */
public enum TaskKind {
  /** "What does {@code Type.method(params)} do?", answered from its Javadoc. */
  EXPLAIN(new ExplainDrafter(), Subjects.MEMBERS_AND_TYPES, Dedup.FACTS, false, "", ic -> true),
  /** Parameters, return type and declared exceptions, with the Javadoc's tag text. */
  SIGNATURE(new SignatureDrafter(), Subjects.MEMBERS_AND_TYPES, Dedup.EXACT_ONLY, false, null, null),
  /** "Where is {@code X} defined?": path, enclosing type, package (main code: test helpers are noise). */
  LOCATE(new LocateDrafter(), Subjects.MEMBERS_AND_TYPES, Dedup.EXACT_ONLY, false, null, null),
  /**
   * Javadoc + signature + enclosing type as the question (without Javadoc: the fields it uses, the
   * repository methods it calls and a caller's line instead); the real body as the answer.
   */
  IMPLEMENT(
      new ImplementDrafter(), Subjects.MEMBERS, Dedup.CODE, false, "a method of main code with a body",
      ic -> isMember(ic.chunk().facts()) && !ic.chunk().facts().isTest() && ic.chunk().facts().bodyLines() > 0),
  /** The method's code as the question; its real Javadoc as the answer. */
  DOCUMENT(
      new DocumentDrafter(), Subjects.MEMBERS, Dedup.CODE, false, "a declaration of main code",
      ic -> {
        CodeFacts f = ic.chunk().facts();
        return !f.isEmpty() && !f.isTest() && !f.declarationKind().equals("fields");
      }),
  /** "Which methods call {@code X}?", from the repository index. */
  CALLERS(
      new CallersDrafter(), Subjects.MEMBERS, Dedup.PROSE, true, "callers or subtypes in the index",
      ic -> !ic.index().callers().isEmpty() || !ic.index().implementers().isEmpty()),
  /** "Which classes implement/extend {@code I}?", from the repository index. */
  IMPLEMENTERS(new ImplementersDrafter(), Subjects.TYPES, Dedup.PROSE, false, null, null),
  /** "Which tests exercise {@code X}?", from the repository index. */
  TESTS(
      new TestsDrafter(), Subjects.MEMBERS_AND_TYPES, Dedup.PROSE, true, "tests that call it",
      ic -> !ic.index().tests().isEmpty()),
  /** "Write a test for {@code X}", answered with a real test method that calls it. */
  WRITE_TEST(
      new WriteTestDrafter(), Subjects.MEMBERS_AND_TYPES, Dedup.CODE, false, "a method of main code with tests",
      ic -> isMember(ic.chunk().facts()) && !ic.chunk().facts().isTest() && !ic.index().tests().isEmpty()),
  /**
   * "What does the gson user guide say about Primitives Examples?", asked from a Markdown section's heading
   * path; the answer is the section as written.
   */
  DOC_SECTION(new DocSectionDrafter(), Subjects.SECTIONS, Dedup.PROSE, false, null, null),
  /**
   * A commit's message as a developer's request, with the changed methods as they were; the answer is the
   * commit's diff of main code and the methods as they became ({@link CommitTeacher}).
   */
  CHANGE(new ChangeDrafter(), Dedup.CODE),
  /** A commit's diff as the question; its own message (subject and body) as the answer. */
  COMMIT_MESSAGE(new CommitMessageDrafter(), Dedup.PROSE),
  /**
   * "Why was {@code Type.method} changed in ...?", one per changed main member, answered with the commit's
   * message and what the change touched; asked only when the message says more than the member's name.
   */
  WHY(new WhyDrafter(), Dedup.PROSE),
  /**
   * A commit that changes tests and main code: the message and the new or changed tests as the request
   * ("make this test pass"), the main-code diff and the changed methods as the answer; a candidate for
   * checking by running the tests.
   */
  FIX_WITH_TEST(new FixWithTestDrafter(), Dedup.CODE),
  /**
   * A main-code method with one behaviour-breaking edit, and a test of the repository that passes on the
   * method as written and fails on the edited copy: the failing test, its failure message (and its code
   * when known) and the broken method as the request; the method as written as the answer ({@link
   * ExecTeacher#fixBug}). The answer is checked by running that test.
   */
  FIX_BUG(Subjects.MUTANTS, Dedup.CODE);

  /** Which declarations the offline teacher asks a kind about. */
  public enum Subjects {
    /** Methods and constructors of main code. */
    MEMBERS,
    /** Classes, interfaces, enums, records and annotations of main code. */
    TYPES,
    MEMBERS_AND_TYPES,
    /** Sections of Markdown documents (README, guides, changelogs), not Java declarations. */
    SECTIONS,
    /**
     * Commits of the repository's history, never a declaration of a snapshot: the offline teacher of
     * chunks does not ask these kinds ({@link #includes} is false), {@link CommitTeacher} does.
     */
    COMMITS,
    /**
     * Broken copies of a main-code method that a test of the repository catches, made by running the
     * tests: no chunk holds them, so the offline teacher of chunks does not ask these kinds ({@link
     * #includes} is false), {@link ExecTeacher} does.
     */
    MUTANTS;

    /** Test code is never a subject: tests are answers (the tests and write-test kinds cite them). */
    boolean includes(boolean isType, boolean isTest) {
      if (isTest) {
        return false;
      }
      return switch (this) {
        case MEMBERS -> !isType;
        case TYPES -> isType;
        case MEMBERS_AND_TYPES -> true;
        case SECTIONS, COMMITS, MUTANTS -> false;
      };
    }
  }

  /** How near-duplicate detection compares a kind's rows. */
  public enum Dedup {
    /** Word shingles of question and answer. */
    PROSE,
    /**
     * Rows that are mostly the code or its Javadoc: a renamed copy is still a copy, so the row's own names
     * are masked before comparing.
     */
    CODE,
    /**
     * Short templated rows where the symbol is the whole fact: {@code ImmutableSortedSet.of(E, E, E, E, E)}
     * and its six-argument overload differ in a few words, yet are different answers. Only exact copies
     * are dropped.
     */
    EXACT_ONLY,
    /**
     * Rows whose answer is a fact stated in a template's words, compared as {@link TaskKind#dedupText}: the
     * question without its subject, the answer reduced to its facts. A Javadoc copied onto a family of
     * members (commons-lang3's 32 {@code SystemProperties} getters: "Gets the current value from the system
     * properties map.") is one fact: two of its rows asked the same way are the same text, so the family
     * collapses, where question and answer as written (the name, the variant's lead-in) kept all 32. Only
     * exact copies of that text: without the wording, two short Javadocs a word apart are near duplicates
     * that say different things ({@code DocumentType.publicId()}, {@code systemId()}: "Get this doctype's
     * Public/System ID"), and no name is masked, since a member's name is often the word its Javadoc turns
     * on ({@code Elements.before}, {@code after}: "Insert the supplied HTML before/after ...").
     */
    FACTS
  }

  private static final Map<String, TaskKind> BY_WIRE_NAME = new LinkedHashMap<>();

  static {
    for (TaskKind k : values()) {
      BY_WIRE_NAME.put(k.wireName(), k);
    }
  }

  private final Drafter drafter;
  private final CommitDrafter commitDrafter;
  private final Subjects subjects;
  private final Dedup dedup;
  private final boolean graphFact;
  private final String llmNeeds;
  private final Predicate<IndexedChunk> llmApplies;

  TaskKind(
      Drafter drafter,
      Subjects subjects,
      Dedup dedup,
      boolean graphFact,
      String llmNeeds,
      Predicate<IndexedChunk> llmApplies) {
    this.drafter = drafter;
    this.commitDrafter = null;
    this.subjects = subjects;
    this.dedup = dedup;
    this.graphFact = graphFact;
    this.llmNeeds = llmNeeds;
    this.llmApplies = llmApplies;
  }

  /**
   * A kind of the history: asked about a commit, not a chunk, so it has no chunk drafter, is no graph
   * fact and has no chunk template for an LLM (the pipeline asks a model for those through {@link
   * IssuePrompt}).
   */
  TaskKind(CommitDrafter commitDrafter, Dedup dedup) {
    this.drafter = null;
    this.commitDrafter = commitDrafter;
    this.subjects = Subjects.COMMITS;
    this.dedup = dedup;
    this.graphFact = false;
    this.llmNeeds = null;
    this.llmApplies = null;
  }

  /**
   * A kind of the execution stage: asked about what running the repository's tests showed ({@code
   * subjects} {@link Subjects#MUTANTS}), by {@link ExecTeacher}; like a history kind it has no drafter, is
   * no graph fact and has no LLM template.
   */
  TaskKind(Subjects subjects, Dedup dedup) {
    if (subjects != Subjects.MUTANTS) {
      throw new IllegalArgumentException("a kind without a drafter is asked by its own teacher: " + subjects);
    }
    this.drafter = null;
    this.commitDrafter = null;
    this.subjects = subjects;
    this.dedup = dedup;
    this.graphFact = false;
    this.llmNeeds = null;
    this.llmApplies = null;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** How the offline teacher states this kind's fact; null for a kind of the history or of execution. */
  Drafter drafter() {
    return drafter;
  }

  /** How {@link CommitTeacher} states this kind's facts about a commit; null for any other kind. */
  CommitDrafter commitDrafter() {
    return commitDrafter;
  }

  /**
   * Whether the kind is asked about the repository's history (its commits) rather than about the code of
   * one snapshot. {@link #parseList} with no list still means every kind, these included: the pipeline
   * decides whether the history is read at all.
   */
  public boolean isHistory() {
    return subjects == Subjects.COMMITS;
  }

  /**
   * Whether the kind is asked about what running the repository's tests showed (a broken method a test
   * catches) rather than about one snapshot's code or its history. As for {@link #isHistory}, {@link
   * #parseList} with no list includes these: the pipeline decides whether tests are run at all.
   */
  public boolean isExec() {
    return subjects == Subjects.MUTANTS;
  }

  public Subjects subjects() {
    return subjects;
  }

  public Dedup dedup() {
    return dedup;
  }

  /**
   * An offline answer of this kind without the wording its variant drew (lead-in, closing sentence): what
   * {@link Dedup#FACTS} compares. Code blocks and any line no phrasing wrote are kept as they are.
   */
  public String factsOf(String answer) {
    return AnswerProse.facts(this, answer);
  }

  /**
   * What {@link Dedup#FACTS} compares of a row: its question with the subject's symbol taken out, then
   * {@link #factsOf} its answer. The question keeps the variants of one row apart (they share their facts
   * and must not be exact copies of each other), while two declarations asked in the same words meet.
   */
  public String dedupText(String question, String answer, String symbol) {
    String q = symbol == null || symbol.isEmpty() ? question : question.replace(symbol, "");
    return q + "\n" + factsOf(answer);
  }

  /**
   * A fact of the repository graph (who calls it, which tests run it) rather than of the declaration's own
   * text: still worth asking about a getter, so the trivial-code filter keeps these rows.
   */
  public boolean isGraphFact() {
    return graphFact;
  }

  /**
   * Whether the answer explains the declaration in its Javadoc's words: for a documented getter that is
   * a contract its one-line body does not show, so the trivial-code filter keeps these rows.
   */
  public boolean explainsDocumentation() {
    return this == EXPLAIN;
  }

  /**
   * Whether an LLM is worth asking this kind (it has a template {@code llm-<name>.prompt}). Lookups the
   * offline teacher answers exactly (signature, locate, implementers) have none: paying a model for them
   * adds nothing.
   */
  public boolean hasLlmTemplate() {
    return llmApplies != null;
  }

  /**
   * Whether the chunk holds what an LLM question of this kind needs, so no call is paid for a question the
   * inputs cannot support: usage questions need callers or subtypes in the index, test questions need
   * tests that call the chunk, a test to write needs a non-test method and the repository's tests of it
   * (its style and a check for the answer), implementing and documenting need a Java declaration that is
   * not test code.
   */
  public boolean llmApplies(IndexedChunk ic) {
    return llmApplies != null && llmApplies.test(ic);
  }

  /**
   * What the chunks the given kinds do not apply to lack, for the rejected row that says so: "callers
   * needs callers or subtypes in the index, tests needs tests that call it".
   */
  public static String llmNeeds(Set<TaskKind> kinds) {
    return String.join(
        ", ",
        new TreeSet<>(kinds).stream()
            .filter(k -> k.llmNeeds != null && !k.llmNeeds.isEmpty())
            .map(k -> k.wireName() + " needs " + k.llmNeeds)
            .toList());
  }

  /** The kind of a {@code meta.task} value, or null for a name this catalogue does not know. */
  public static TaskKind byWireName(String wireName) {
    return wireName == null ? null : BY_WIRE_NAME.get(wireName);
  }

  /** Parses a wire name ({@code write-test}) or an enum name ({@code WRITE_TEST}), case-insensitively. */
  public static TaskKind parse(String s) {
    TaskKind k = find(s);
    if (k == null) {
      throw new IllegalArgumentException("unknown task kind " + s + " (known: " + String.join(", ", wireNames()) + ")");
    }
    return k;
  }

  /** The kind a wire or enum name means, in any case and with '-' or '_'; null when none. */
  private static TaskKind find(String s) {
    return byWireName(s.trim().toLowerCase(Locale.ROOT).replace('_', '-'));
  }

  /** Every kind's wire name, in catalogue order: the CLI's help and its error messages list these. */
  public static List<String> wireNames() {
    return List.copyOf(BY_WIRE_NAME.keySet());
  }

  /** The kinds an LLM has a template for, in catalogue order. */
  public static Set<TaskKind> withLlmTemplate() {
    EnumSet<TaskKind> out = EnumSet.noneOf(TaskKind.class);
    Arrays.stream(values()).filter(TaskKind::hasLlmTemplate).forEach(out::add);
    return Collections.unmodifiableSet(out);
  }

  /**
   * The kinds {@code --tasks} names, in catalogue order; all of them when it names none. An unknown name
   * is an {@link IllegalArgumentException} whose message lists the known ones.
   */
  public static Set<TaskKind> parseList(String csv) {
    Set<TaskKind> out = new TreeSet<>();
    if (csv == null || csv.isBlank()) {
      out.addAll(List.of(values()));
      return out;
    }
    for (String s : csv.split(",")) {
      if (!s.isBlank()) {
        TaskKind k = find(s);
        if (k == null) {
          throw new IllegalArgumentException(
              "unknown task in --tasks " + csv + " (known: " + String.join(", ", wireNames()) + ")");
        }
        out.add(k);
      }
    }
    return out;
  }

  /**
   * The kinds the LLM teacher asks, in catalogue order. Default {@link #EXPLAIN} alone: one call per
   * chunk, whose prompt already carries the callers and tests, so a run's cost does not multiply unless
   * asked to. A kind without an LLM template is an error, not silently skipped.
   */
  public static Set<TaskKind> parseLlmList(String csv) {
    if (csv == null || csv.isBlank()) {
      return new TreeSet<>(Set.of(EXPLAIN));
    }
    Set<TaskKind> out = parseList(csv);
    List<String> without = out.stream().filter(k -> !k.hasLlmTemplate()).map(TaskKind::wireName).toList();
    if (!without.isEmpty()) {
      throw new IllegalArgumentException(
          "--teacher openai has no template for " + String.join(", ", without)
              + " (the offline teacher states those facts); its tasks are "
              + String.join(", ", withLlmTemplate().stream().map(TaskKind::wireName).toList()));
    }
    return out;
  }

  /** The wire names, for picocli's {@code completionCandidates} (so {@code --help} lists the catalogue). */
  public static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return wireNames().iterator();
    }
  }

  private static boolean isMember(CodeFacts f) {
    return f.declarationKind().equals("method") || f.declarationKind().equals("constructor");
  }
}
