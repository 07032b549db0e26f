package dev.repotune.prompts;

import dev.repotune.extractors.PathText;
import dev.repotune.extractors.index.IndexedChunk;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The offline teacher of what running the repository's tests showed: a main-code method with a bug a
 * test catches ({@link FixBugTask}). It states only what the run gave (the failing test, its message, the
 * broken method) and answers with the method as the repository has it, so the answer is true by
 * construction. Like {@link CommitTeacher} it shares {@value Phrasings#RESOURCE}; each question's
 * wording is chosen by a generator seeded from (seed, task, the question's stable id), so a run is
 * reproducible and independent of the order the tasks arrive in. No text says how the bug was made.
 *
 * <p>It also gives the offline implement question and answer of a chunk, with the real body or a broken
 * copy of it as the code, for preference pairs (chosen: the real body, rejected: the broken one) and
 * prompt-only tasks; they are {@link OfflineTeacher}'s own (same seed, first variant), not a copy.
 */
public final class ExecTeacher implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Characters of a failure message shown: an assertion on a whole document can print pages, which would
   * bury the method; the cut is marked.
   */
  static final int MAX_FAILURE_CHARS = 1500;

  /** A stack frame line ("\tat org.junit..."): where the message ends, if the runner appended the trace. */
  private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w$.<>]+\\(.*$");

  private final long seed;
  private final Phrasings phrasings;
  private final OfflineTeacher implement;

  private ExecTeacher(long seed, Phrasings phrasings, OfflineTeacher implement) {
    this.seed = seed;
    this.phrasings = phrasings;
    this.implement = implement;
  }

  /** @param seed chooses the phrasings, as the offline teacher's {@code --seed}: the same seed gives the same rows */
  public static ExecTeacher create(long seed) {
    return new ExecTeacher(seed, Phrasings.load(), OfflineTeacher.create(EnumSet.of(TaskKind.IMPLEMENT), 1, seed));
  }

  /** The teacher's name in {@code QaPair.teacher}: the offline one, whose phrasing file this shares. */
  public String name() {
    return OfflineTeacher.NAME;
  }

  /** First 12 hex digits of the SHA-256 of the phrasing resource, as {@link OfflineTeacher#promptVersion}. */
  public String promptVersion() {
    return phrasings.version();
  }

  public long seed() {
    return seed;
  }

  /**
   * The fix-bug question of one broken method: which test fails and how, the test's code when known and
   * the method as it is now; the answer is a lead-in and the method as written. Chunk id: {@link
   * FixBugTask#sourceId()}.
   */
  public QaPair fixBug(FixBugTask t) {
    Objects.requireNonNull(t, "t");
    TaskKind task = TaskKind.FIX_BUG;
    Map<String, String> vars = new TreeMap<>();
    vars.put("symbol", t.symbol());
    vars.put("name", methodName(t.symbol()));
    vars.put("type", t.enclosingType().isEmpty() ? Subject.ownerOf(t.symbol()) : t.enclosingType());
    vars.put("path", PathText.escape(t.path()));
    vars.put("repo", Subject.repoName(t.repo()));
    vars.put("test", t.failingTest());
    SplitMix rng = SplitMix.of(Long.toString(seed), task.name(), t.sourceId());
    List<String> questions = phrasings.group(task.wireName() + ".q");
    List<String> leads = phrasings.group(Subject.leads(task, ""));
    String question = Templates.render(questions.get(pick(rng, questions.size())), vars) + requestTail(t);
    String lead = Templates.render(leads.get(pick(rng, leads.size())), vars);
    String answer = OfflineTeacher.answer(lead, Sources.fence(Sources.dedent(t.originalMethod())), "");
    return new QaPair(t.sourceId(), task, question, answer, name(), promptVersion());
  }

  /** The failure, the test's code when given, then the method as it is now. */
  private static String requestTail(FixBugTask t) {
    StringBuilder b = new StringBuilder();
    String message = failure(t.failureMessage());
    if (message.isEmpty()) {
      b.append("\n\nThe test fails without a message.");
    } else {
      b.append("\n\nThe test fails with:\n").append(CommitView.fence("", message));
    }
    if (!t.testText().isBlank()) {
      b.append("\n\nThe test:\n").append(Sources.fence(Sources.dedent(t.testText())));
    }
    b.append("\n\n").append(Subject.code(t.symbol())).append(" as it is now:\n")
        .append(Sources.fence(Sources.dedent(t.mutatedMethod())));
    return b.toString();
  }

  /** The message without a stack trace after it, cut at {@value #MAX_FAILURE_CHARS} characters on a line end. */
  static String failure(String message) {
    String m = message.replace("\r\n", "\n");
    var frame = STACK_FRAME.matcher(m);
    if (frame.find()) {
      m = m.substring(0, frame.start());
    }
    m = Sources.dedent(m);
    if (m.length() <= MAX_FAILURE_CHARS) {
      return m;
    }
    int cut = m.lastIndexOf('\n', MAX_FAILURE_CHARS);
    return m.substring(0, cut > MAX_FAILURE_CHARS / 2 ? cut : MAX_FAILURE_CHARS).stripTrailing() + "\n…";
  }

  /**
   * The offline teacher's implement question and answer about {@code ic} as its first variant words them
   * (the row {@code --variants 1} writes); null when it asks none (no method of main code, a trivial or
   * one-line body).
   */
  public QaPair implementPair(IndexedChunk ic) {
    List<QaPair> rows = implement.generate(ic);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /**
   * The implement question as an offline SFT row sends it: the system turn that row carries, then the
   * question; empty when {@link #implementPair} is null.
   */
  public List<ChatMessage> implementPrompt(IndexedChunk ic) {
    QaPair p = implementPair(ic);
    if (p == null) {
      return List.of();
    }
    return List.of(
        new ChatMessage("system", SystemPrompt.forRepo(ic.chunk().repo())), new ChatMessage("user", p.question()));
  }

  /**
   * {@link #implementPair}'s answer with {@code methodText} (the method with or without its Javadoc, as
   * indented in the file or not) shown as its code, in the same words: with the chunk's own text it is that
   * answer, with a broken copy it differs only in the code. Null when {@link #implementPair} is.
   */
  public String implementAnswer(IndexedChunk ic, String methodText) {
    Objects.requireNonNull(methodText, "methodText");
    List<QaPair> rows =
        implement.generate(ic, (s, d) -> d.withAnswer(Sources.fence(ImplementDrafter.code(s, methodText))));
    return rows.isEmpty() ? null : rows.get(0).answer();
  }

  private static int pick(SplitMix rng, int n) {
    return (int) Long.remainderUnsigned(rng.next(), n);
  }

  /** {@code process} of {@code HtmlTreeBuilder.process(Token)}; a constructor's type name. */
  static String methodName(String symbol) {
    int paren = symbol.indexOf('(');
    String head = paren < 0 ? symbol : symbol.substring(0, paren);
    return head.substring(head.lastIndexOf('.') + 1);
  }
}
