package dev.repotune.prompts;

import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.CodeFacts;
import dev.repotune.extractors.index.IndexFacts;
import dev.repotune.extractors.index.IndexedChunk;
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
import java.util.function.BiFunction;

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
 * <p>Only METHOD chunks (methods, constructors), TYPE chunks and Markdown sections get questions, each task of those its
 * {@link TaskKind#subjects()} names (tests are answers, not subjects), in the words of its drafter. A
 * task whose answer would be empty or say nothing the question does not (no Javadoc, a one-line getter,
 * no callers) is not asked.
 */
public final class OfflineTeacher implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String NAME = "offline";

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
    return generate(indexed, (s, d) -> d);
  }

  /**
   * {@link #generate(IndexedChunk)} with each draft passed through {@code redraft} before it is worded:
   * the same questions and lead-ins around another fact ({@link ExecTeacher}'s implement answer with a
   * broken copy of the body). A task that drafts nothing stays out.
   */
  List<QaPair> generate(IndexedChunk indexed, BiFunction<Subject, Draft, Draft> redraft) {
    Subject s = subject(indexed);
    if (s == null) {
      return List.of();
    }
    List<QaPair> out = new ArrayList<>();
    for (TaskKind task : tasks) {
      boolean asked =
          s.isSection ? task.subjects() == TaskKind.Subjects.SECTIONS : task.subjects().includes(s.isType, s.facts.isTest());
      if (!asked) {
        continue;
      }
      Draft d = task.drafter().draft(task, s);
      if (d != null) {
        out.addAll(render(task, s, redraft.apply(s, d)));
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
    if (c.kind() == ChunkKind.DOC_SECTION) {
      return Subject.section(indexed, phrasings);
    }
    if (f.isEmpty()) {
      return null;
    }
    String k = f.declarationKind();
    if (c.kind() == ChunkKind.METHOD && (k.equals("method") || k.equals("constructor"))) {
      return new Subject(indexed, false, phrasings);
    }
    if (c.kind() == ChunkKind.TYPE && TYPE_KINDS.contains(k)) {
      return new Subject(indexed, true, phrasings);
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Variants.

  private List<QaPair> render(TaskKind task, Subject s, Draft d) {
    Map<String, String> vars = new TreeMap<>(s.vars);
    vars.putAll(d.extraVars());
    SplitMix rng = new SplitMix(mix(seed, declaration(s.chunk), task));
    int[] qOrder = rng.permutation(d.questions().size());
    List<String> leads = prose(leadGroup(task, d));
    int[] leadOrder = rng.permutation(leads.size());
    List<String> closes = prose(d.closeGroup());
    int[] closeOrder = rng.permutation(closes.size());
    Set<String> seen = new LinkedHashSet<>();
    List<QaPair> out = new ArrayList<>();
    for (int i = 0; i < qOrder.length && out.size() < variants; i++) {
      String question = Templates.render(d.questions().get(qOrder[i]), vars) + d.questionTail();
      if (!seen.add(question)) {
        continue;
      }
      int v = out.size();
      String lead = leads.isEmpty() ? "" : Templates.render(leads.get(leadOrder[v % leads.size()]), vars);
      String close = closes.isEmpty() ? "" : Templates.render(closes.get(closeOrder[v % closes.size()]), vars);
      out.add(new QaPair(s.chunk.id(), task, question, answer(lead, d.answer(), close), NAME, phrasings.version()));
    }
    return out;
  }

  /**
   * The lead-in group of a draft: its own, else the kind's {@code <task>.a} when the phrasing file has one
   * (so a drafter that states only the fact, such as implement's body, still gets its answers reworded).
   */
  private String leadGroup(TaskKind task, Draft d) {
    if (d.leadGroup() != null || d.closeGroup() != null) {
      return d.leadGroup();
    }
    String group = Subject.leads(task, "");
    return phrasings.groupNames().contains(group) ? group : null;
  }

  private List<String> prose(String group) {
    return group == null ? List.of() : phrasings.group(group);
  }

  /**
   * Lead, fact and closing sentence as paragraphs: a fact that starts on a new line of its own (a list, a
   * code block) follows the lead directly, as it always has.
   */
  static String answer(String lead, String fact, String close) {
    String out = lead.isEmpty() || fact.isEmpty() || fact.startsWith("\n") ? lead + fact : lead + "\n\n" + fact;
    return close.isEmpty() ? out : out + "\n\n" + close;
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
}
