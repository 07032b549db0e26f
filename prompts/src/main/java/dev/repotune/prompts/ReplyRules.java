package dev.repotune.prompts;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.index.IndexedChunk;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an LLM teacher's reply to one task's prompt is worth, as rules with no runner in them: a reply
 * cut off ({@code finish_reason: length}) is {@code truncated}; one the model declined (its refusal
 * field, a content filter, or a reply that reads like a refusal) is {@code refused}; one with no
 * question/answer JSON is {@code unparseable}. Of the pairs it holds, a repeated question counts once,
 * and each answer must pass {@link Grounding}: the pairs that name nothing known are reported one by
 * one, and a reply left with no grounded pair is {@code ungrounded}. The pipeline turns a
 * {@link Verdict} into rows.
 */
public final class ReplyRules {
  private final String teacher;
  private final Set<String> repoNames;

  /**
   * Rules for replies of {@code teacher} (the model, as each kept pair names it), grounded against the
   * repository's declared names as well as each chunk's own text and index facts.
   */
  public ReplyRules(String teacher, Set<String> repoNames) {
    this.teacher = Objects.requireNonNull(teacher, "teacher");
    this.repoNames = Objects.requireNonNull(repoNames, "repoNames");
  }

  /** Why a reply gave no pair worth keeping: a reason for counting and a detail for a reader. */
  public record Problem(String reason, String detail) {}

  /** A pair whose answer names nothing known, with the spans that failed (empty: it cites nothing). */
  public record Ungrounded(String question, String answer, List<String> unknownSpans) {
    public Ungrounded {
      unknownSpans = List.copyOf(unknownSpans);
    }

    /** Why it failed, for its row. */
    public String detail() {
      return unknownSpans.isEmpty()
          ? "cites no identifier in backticks and holds no code"
          : "names nothing in the chunk or the repository: `" + String.join("`, `", unknownSpans) + "`";
    }
  }

  /**
   * One reply's outcome: the grounded pairs to keep, in reply order; the ungrounded pairs; and the
   * problem when nothing is kept (null otherwise). Truncated, refused and unparseable replies have no
   * pairs of either kind.
   */
  public record Verdict(List<QaPair> kept, List<Ungrounded> ungrounded, Problem problem) {
    public Verdict {
      kept = List.copyOf(kept);
      ungrounded = List.copyOf(ungrounded);
    }

    static Verdict rejected(String reason, String detail) {
      return new Verdict(List.of(), List.of(), new Problem(reason, detail));
    }
  }

  /** Judges {@code reply}, the answer to {@code request} about {@code ic}. */
  public Verdict judge(IndexedChunk ic, TeacherRequest request, TeacherResponse reply) {
    if ("length".equals(reply.finishReason())) {
      return Verdict.rejected("truncated",
          "the reply was cut off at " + reply.usage().completionTokens() + " tokens (finish_reason: length)");
    }
    if (TeacherResponse.REFUSAL.equals(reply.finishReason()) || "content_filter".equals(reply.finishReason())) {
      return Verdict.rejected("refused", "the model declined: " + OpenAiTeacher.snippet(reply.text()));
    }
    ReplyParser.Parsed parsed = ReplyParser.parse(reply.text());
    if (parsed.kind() == ReplyParser.Kind.REFUSED) {
      return Verdict.rejected("refused", "the model declined: " + parsed.detail());
    }
    if (parsed.kind() == ReplyParser.Kind.UNPARSEABLE) {
      return Verdict.rejected("unparseable", "no question/answer JSON in the reply: " + parsed.detail());
    }
    Chunk chunk = ic.chunk();
    Set<String> questions = new HashSet<>();
    List<QaPair> kept = new ArrayList<>();
    List<Ungrounded> ungrounded = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (ReplyParser.Pair p : parsed.pairs()) {
      if (!questions.add(p.question())) {
        continue;
      }
      Grounding.Result g = Grounding.check(p.answer(), chunk, ic.index(), repoNames);
      if (!g.grounded()) {
        unknown.addAll(g.unknownSpans());
        ungrounded.add(new Ungrounded(p.question(), p.answer(), g.unknownSpans()));
        continue;
      }
      kept.add(new QaPair(chunk.id(), request.taskKind(), p.question(), p.answer(), teacher, request.promptVersion()));
    }
    Problem problem =
        kept.isEmpty()
            ? new Problem("ungrounded",
                "no answer was grounded; unknown: `" + String.join("`, `", new TreeSet<>(unknown)) + "`")
            : null;
    return new Verdict(kept, ungrounded, problem);
  }

  /**
   * A call that ended without a reply, for its Failed row: the error's kind (by its type, as retries
   * are decided) and its one-line message; the key never appears in either.
   */
  public static String describe(TeacherException e) {
    String kind =
        e instanceof TeacherQuotaException ? "rate_limited"
            : e instanceof TeacherTimeoutException ? "timeout"
            : e instanceof TeacherServerException ? "server"
            : e instanceof TeacherAuthException ? "auth"
            : "bad_reply";
    return kind + ": " + e.getMessage().replaceAll("\\s+", " ").strip();
  }
}
