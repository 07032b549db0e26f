package dev.repotune.prompts;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.index.IndexFacts;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.extractors.index.SymbolRef;
import dev.repotune.extractors.index.TestRef;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One LLM prompt template: {@code llm-<task>.prompt} (a {@code ### system} and a {@code ### user}
 * section with {@code {name}} placeholders) plus the reply's JSON schema, {@value #SCHEMA}, shared by all
 * tasks. There is one template per task kind that {@link TaskKind#hasLlmTemplate() has one}; each one's version is the first 12 hex of
 * the SHA-256 of its own file and the schema, so editing one template re-asks only that task and shows
 * in the manifest. The chunk's context and its index facts (callers, implementers, tests) go in, so
 * answers can say how the code is used, not only what it says.
 */
public final class QaPrompt implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String SCHEMA = "llm-qa.schema.json";
  /** Index facts listed per kind; more adds tokens without adding much. */
  private static final int MAX_FACTS = 8;
  private static final int MAX_TEST_LINES = 30;

  private final TaskKind kind;
  private final String system;
  private final String user;
  private final String schema;
  private final String version;

  private QaPrompt(TaskKind kind, String system, String user, String schema, String version) {
    this.kind = kind;
    this.system = system;
    this.user = user;
    this.schema = schema;
    this.version = version;
  }

  /** The general question/answer template ({@code explain}). */
  public static QaPrompt load() {
    return load(TaskKind.EXPLAIN);
  }

  public static QaPrompt load(TaskKind kind) {
    return load(kind, Templates::resource);
  }

  /** The template file of a task kind, e.g. {@code llm-write-test.prompt}. */
  static String templateName(TaskKind kind) {
    return "llm-" + kind.wireName() + ".prompt";
  }

  /** Loads from {@code files} (file name to bytes), so a test can edit one template. */
  static QaPrompt load(TaskKind kind, Function<String, byte[]> files) {
    if (!kind.hasLlmTemplate()) {
      throw new IllegalArgumentException(
          "no LLM template for task " + kind.wireName() + " (the offline teacher answers it)");
    }
    Templates.Prompt p = Templates.read(templateName(kind), SCHEMA, files);
    return new QaPrompt(kind, p.system(), p.user(), p.schema(), p.version());
  }

  /** Each task's template version, in task order, keyed by wire name: what the manifest records. */
  public static Map<String, String> versions(Set<TaskKind> tasks) {
    Map<String, String> out = new LinkedHashMap<>();
    for (TaskKind k : new TreeSet<>(tasks)) {
      out.put(k.wireName(), load(k).version());
    }
    return out;
  }

  public TaskKind kind() {
    return kind;
  }

  /** Whether the chunk holds what this kind's question needs ({@link TaskKind#llmApplies}). */
  public boolean applies(IndexedChunk ic) {
    return kind.llmApplies(ic);
  }

  /** Content hash of this task's template and the schema (12 hex). */
  public String version() {
    return version;
  }

  public String jsonSchema() {
    return schema;
  }

  /** The request for one chunk, asking for {@code k} pairs. */
  public TeacherRequest render(String repoName, IndexedChunk ic, int k, SamplingParams params) {
    Chunk c = ic.chunk();
    Map<String, String> vars = new TreeMap<>();
    vars.put("repo", SystemPrompt.shortName(repoName));
    vars.put("path", dev.repotune.extractors.PathText.escape(c.path()));
    vars.put("symbol", c.symbol());
    vars.put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
    vars.put("context", c.context().strip());
    vars.put("language", c.language());
    vars.put("code", c.text().stripTrailing());
    vars.put("facts", facts(ic.index()));
    vars.put("k", Integer.toString(k));
    List<ChatMessage> messages =
        List.of(
            new ChatMessage("system", Templates.render(system, vars)),
            new ChatMessage("user", Templates.render(user, vars)));
    return new TeacherRequest(c.id(), kind, version, messages, params);
  }

  static String facts(IndexFacts f) {
    List<String> lines = new ArrayList<>();
    for (SymbolRef r : f.callers().subList(0, Math.min(MAX_FACTS, f.callers().size()))) {
      lines.add("- called by `" + r.symbol() + "` (" + dev.repotune.extractors.PathText.escape(r.path()) + ")");
    }
    for (SymbolRef r : f.implementers().subList(0, Math.min(MAX_FACTS, f.implementers().size()))) {
      lines.add("- implemented or extended by `" + r.symbol() + "` (" + dev.repotune.extractors.PathText.escape(r.path()) + ")");
    }
    for (TestRef t : f.tests().subList(0, Math.min(3, f.tests().size()))) {
      String[] text = t.text().split("\\R");
      String shown = String.join("\n", List.of(text).subList(0, Math.min(MAX_TEST_LINES, text.length)));
      lines.add("- exercised by the test `" + t.symbol() + "` (" + dev.repotune.extractors.PathText.escape(t.path()) + "):\n```\n" + shown + "\n```");
    }
    return lines.isEmpty() ? "(none known)" : String.join("\n", lines);
  }
}
