package dev.repotune.prompts;

import dev.repotune.extractors.history.FileChange;
import dev.repotune.extractors.history.MemberChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * "Why was {@code Type.method} changed in ...?" for up to {@value #MAX_MEMBERS} changed methods of main
 * code, answered with the commit's message as the reason and what the change touched. Asked only when the
 * message says something beyond the member's name: a body of its own (more than issue references), or a subject of at least {@value
 * #MIN_SUBJECT_WORDS} words other than the member's and its type's names ("Update Element.wrap" says
 * nothing a diff does not). With such a body the question names the change by its subject and the answer
 * gives the body; without one, the question names the commit by its short id, so the subject is news.
 */
final class WhyDrafter implements CommitDrafter {
  static final int MAX_MEMBERS = 3;
  static final int MIN_SUBJECT_WORDS = 5;
  /** Declarations and files listed in an answer; the rest are counted. */
  static final int MAX_TOUCHED = 12;

  @Override
  public List<CommitDraft> draft(TaskKind kind, CommitView c) {
    if (c.task.subject().isEmpty()) {
      return List.of();
    }
    List<CommitDraft> out = new ArrayList<>();
    for (MemberChange m : c.mainMethods) {
      if (out.size() == MAX_MEMBERS) {
        break;
      }
      if (m.before() == null || m.after() == null || !saysMore(c.task.subject(), c.task.body(), m.symbol())) {
        continue;
      }
      Map<String, String> vars = new TreeMap<>();
      vars.put("symbol", m.symbol());
      vars.put("change", !substantive(c.task.body())
          ? "commit " + c.task.shortId()
          : "the commit \"" + lowerFirst(c.task.subject()) + "\"");
      out.add(new CommitDraft(m.symbol(), new Draft(c.phrasings.group("why.q"), "", null, answer(c), vars), false));
    }
    return out;
  }

  /** Whether the message gives a reason beyond naming the member: a body, or enough other words. */
  static boolean saysMore(String subject, String body, String symbol) {
    if (substantive(body)) {
      return true;
    }
    String head = symbol.contains("(") ? symbol.substring(0, symbol.indexOf('(')) : symbol;
    Set<String> names = new java.util.HashSet<>();
    for (String part : head.split("\\.")) {
      if (!part.isEmpty()) {
        names.add(part.toLowerCase(Locale.ROOT));
      }
    }
    int words = 0;
    for (String w : subject.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_$]+")) {
      if (!w.isEmpty() && !names.contains(w)) {
        words++;
      }
    }
    return words >= MIN_SUBJECT_WORDS;
  }

  /**
   * Whether a body says something of its own: at least three words once issue references ("Fixes #1003",
   * "#2106") and links are taken out. jsoup's "Fixes #1003" alone made a question that named the change by
   * its subject and an answer that only repeated it.
   */
  static boolean substantive(String body) {
    String rest = body.replaceAll("(?i)\\b(fix(e[sd])?|close[sd]?|resolve[sd]?|see|refs?)\\b:?\\s*#\\d+", " ")
        .replaceAll("#\\d+", " ").replaceAll("\\bhttps?://\\S+", " ");
    int words = 0;
    for (String w : rest.split("[^\\p{L}\\p{N}_$]+")) {
      if (!w.isEmpty()) {
        words++;
      }
    }
    return words >= 3;
  }

  /** The message quoted as the reason, then the declarations and files the change touched. */
  static String answer(CommitView c) {
    StringBuilder b = new StringBuilder();
    for (String line : c.task.message().split("\n", -1)) {
      b.append(line.isBlank() ? ">" : "> " + line).append("\n");
    }
    List<String> touched = new ArrayList<>();
    Set<String> withMembers = new java.util.HashSet<>();
    for (MemberChange m : c.task.members()) {
      withMembers.add(m.path());
      touched.add("- " + Subject.code(m.symbol()) + (CommitView.isTest(m) ? " (a test)" : "") + " in "
          + CommitView.path(m.path()));
    }
    for (FileChange f : c.task.files()) {
      if (!withMembers.contains(f.path())) {
        touched.add("- " + CommitView.path(f.path()));
      }
    }
    b.append("\nThe change touched:\n");
    touched.subList(0, Math.min(MAX_TOUCHED, touched.size())).forEach(t -> b.append(t).append("\n"));
    if (touched.size() > MAX_TOUCHED) {
      b.append("- … and ").append(touched.size() - MAX_TOUCHED).append(" more\n");
    }
    return b.toString().stripTrailing();
  }

  /** "Fix wrap" reads "fix wrap" inside a sentence; "NPE in wrap" keeps its acronym. */
  static String lowerFirst(String s) {
    if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s.charAt(1))) {
      return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
    return s;
  }
}
