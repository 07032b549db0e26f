package dev.repotune.prompts;

import dev.repotune.extractors.PathText;
import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.history.FileChange;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The LLM prompt that rewrites a commit as the issue a user would have filed ({@value #TEMPLATE}): the
 * issue becomes the request of a change row whose answer is the commit's own diff, so the model learns
 * from user words rather than from the developer's message. Loaded, rendered and versioned as {@link
 * QaPrompt} is (a {@code ### system} and a {@code ### user} section; the version is the first 12 hex of
 * the SHA-256 of the template and the reply schema, which it shares). No author goes in ({@link
 * CommitTask} has none); the diff is cut to {@value #MAX_DIFF_LINES} lines, saying how many were left out,
 * since an issue needs the gist of a change and not its every line.
 */
public final class IssuePrompt implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String TEMPLATE = "llm-issue.prompt";
  static final int MAX_DIFF_LINES = 300;
  /** Files listed by path; a commit over this many is named by its count. */
  static final int MAX_FILES = 30;

  private final String system;
  private final String user;
  private final String schema;
  private final String version;

  private IssuePrompt(String system, String user, String schema, String version) {
    this.system = system;
    this.user = user;
    this.schema = schema;
    this.version = version;
  }

  public static IssuePrompt load() {
    return load(Templates::resource);
  }

  /** Loads from {@code files} (file name to bytes), so a test can edit the template. */
  static IssuePrompt load(Function<String, byte[]> files) {
    Templates.Prompt p = Templates.read(TEMPLATE, QaPrompt.SCHEMA, files);
    return new IssuePrompt(p.system(), p.user(), p.schema(), p.version());
  }

  /** Content hash of the template and the schema (12 hex). */
  public String version() {
    return version;
  }

  public String jsonSchema() {
    return schema;
  }

  /** The id the request and its cached reply are kept under: the commit's, for this prompt. */
  public static String requestId(CommitTask t) {
    return StableIds.of("issue", t.repo(), t.commit().id());
  }

  /** The request for one commit (task {@link TaskKind#CHANGE}: the issue is a change row's request). */
  public TeacherRequest render(CommitTask t, SamplingParams params) {
    Map<String, String> vars = new TreeMap<>();
    vars.put("repo", SystemPrompt.shortName(t.repo()));
    vars.put("message", t.message());
    vars.put("files", files(t.files()));
    vars.put("diff", cappedDiff(t.files()));
    List<ChatMessage> messages =
        List.of(
            new ChatMessage("system", Templates.render(system, vars)),
            new ChatMessage("user", Templates.render(user, vars)));
    return new TeacherRequest(requestId(t), TaskKind.CHANGE, version, messages, params);
  }

  /**
   * What the model wrote for one commit: the issue ({@code "question"}: a title, a blank line, its
   * description) and the expected behaviour ({@code "answer"}), or, with both empty, why the reply gives
   * no issue row ({@code truncated}, {@code refused}, {@code unparseable}: the reasons {@link ReplyRules}
   * gives a chunk's reply; there is no grounding, since the issue row's answer is the commit's own).
   */
  public record Issue(String text, String expected, ReplyRules.Problem problem) {}

  /** Reads a reply to {@link #render}: its first pair, or the problem. */
  public static Issue read(TeacherResponse reply) {
    if ("length".equals(reply.finishReason())) {
      return problem("truncated",
          "the reply was cut off at " + reply.usage().completionTokens() + " tokens (finish_reason: length)");
    }
    if (TeacherResponse.REFUSAL.equals(reply.finishReason()) || "content_filter".equals(reply.finishReason())) {
      return problem("refused", "the model declined: " + OpenAiTeacher.snippet(reply.text()));
    }
    ReplyParser.Parsed parsed = ReplyParser.parse(reply.text());
    if (parsed.kind() == ReplyParser.Kind.REFUSED) {
      return problem("refused", "the model declined: " + parsed.detail());
    }
    if (parsed.kind() == ReplyParser.Kind.UNPARSEABLE) {
      return problem("unparseable", "no question/answer JSON in the reply: " + parsed.detail());
    }
    ReplyParser.Pair first = parsed.pairs().get(0);
    return new Issue(first.question(), first.answer(), null);
  }

  private static Issue problem(String reason, String detail) {
    return new Issue("", "", new ReplyRules.Problem(reason, detail));
  }

  static String files(List<FileChange> files) {
    if (files.size() > MAX_FILES) {
      return "(" + files.size() + " files)";
    }
    List<String> lines = new ArrayList<>();
    for (FileChange f : files) {
      String rename = f.oldPath() != null && f.newPath() != null && !f.oldPath().equals(f.newPath())
          ? " (from " + PathText.escape(f.oldPath()) + ")" : "";
      lines.add("- " + PathText.escape(f.path()) + " (" + f.type() + ")" + rename);
    }
    return lines.isEmpty() ? "(none)" : String.join("\n", lines);
  }

  /** The text files' diffs, cut after {@value #MAX_DIFF_LINES} lines with a line saying how many more. */
  static String cappedDiff(List<FileChange> files) {
    List<FileChange> text = files.stream().filter(f -> !f.binary() && f.diff() != null && !f.diff().isEmpty()).toList();
    String[] lines = CommitView.diff(text).split("\n", -1);
    if (lines.length <= MAX_DIFF_LINES) {
      return String.join("\n", lines);
    }
    return String.join("\n", List.of(lines).subList(0, MAX_DIFF_LINES))
        + "\n... (" + (lines.length - MAX_DIFF_LINES) + " more lines of the diff left out)";
  }
}
