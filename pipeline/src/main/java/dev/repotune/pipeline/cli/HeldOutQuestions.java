package dev.repotune.pipeline.cli;

import dev.repotune.prompts.ChatMessage;
import dev.repotune.samples.FimRecord;
import dev.repotune.samples.HistoryRecord;
import dev.repotune.samples.Message;
import dev.repotune.samples.OutputKind;
import dev.repotune.samples.RlTask;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.Split;
import dev.repotune.samples.eval.Metric;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The questions {@code repotune eval} asks: the test split of a dataset, nothing of its training rows.
 * SFT and history rows are asked with their own system and user messages (what a model tuned on the
 * dataset was trained to answer), their last assistant message is the reference; a FIM example becomes
 * a chat question ({@link #FIM_INSTRUCTION}, the prefix and the suffix) whose reference is the middle, so
 * a chat model and a tuned one are compared on the same text.
 */
final class HeldOutQuestions {
  /**
   * A question: what is sent ({@code prompt}), what eval.json shows of it ({@code question}), the reference;
   * {@code truth}, an rl/ task's scoring spec, is null for every other question.
   */
  record Question(String id, String task, List<ChatMessage> prompt, String question, String reference,
      RlTask.GroundTruth truth) {
    Question(String id, String task, List<ChatMessage> prompt, String question, String reference) {
      this(id, task, prompt, question, reference, null);
    }
  }

  static final String FIM_SYSTEM = "You are an expert programmer. You complete source files exactly.";

  /** Fixed, and part of the cache key: a changed wording is a new prompt, never a cached reply of the old one. */
  static final String FIM_INSTRUCTION =
      "Write the code that goes between the prefix and the suffix of %s. Reply with that code only: no explanation,"
          + " and nothing of the prefix or the suffix.";

  private HeldOutQuestions() {}

  /**
   * Every held-out question, in id order within each task; tasks in name order. {@code withTests}: the
   * rl/ tasks too, which only a built repository scores ({@link HeldOutTests}).
   */
  static List<Question> read(DatasetFiles data, boolean withTests) throws IOException {
    Map<String, List<Question>> byTask = new TreeMap<>();
    // sft/, and exec/ and raft/ rows of the same shape when the dataset has them (fix-bug, RAFT)
    for (OutputKind<SftRecord> kind : List.of(OutputKind.SFT, OutputKind.EXEC, OutputKind.RAFT)) {
      for (String f : testShards(data, kind.folder())) {
        for (String line : data.lines(f)) {
          SftRecord r = kind.codec().read(line);
          add(byTask, chat(r.id(), r.meta().task(), r.messages()));
        }
      }
    }
    for (String f : testShards(data, OutputKind.HISTORY.folder())) {
      for (String line : data.lines(f)) {
        HistoryRecord r = OutputKind.HISTORY.codec().read(line);
        add(byTask, chat(r.id(), r.meta().task(), r.messages()));
      }
    }
    if (withTests) {
      for (String f : testShards(data, OutputKind.RL.folder())) {
        for (String line : data.lines(f)) {
          add(byTask, rl(OutputKind.RL.codec().read(line)));
        }
      }
    }
    for (String f : testShards(data, OutputKind.FIM.folder())) {
      for (String line : data.lines(f)) {
        add(byTask, fim(OutputKind.FIM.codec().read(line)));
      }
    }
    List<Question> out = new ArrayList<>();
    byTask.values().forEach(qs -> {
      qs.sort(Comparator.comparing(Question::id));
      out.addAll(qs);
    });
    return out;
  }

  /**
   * At most {@code max} questions (0: all), taken a task at a time in turn so a small sample still has
   * every kind, in {@link #read}'s order within each.
   */
  static List<Question> sample(List<Question> all, int max) {
    if (max <= 0 || max >= all.size()) {
      return all;
    }
    Map<String, Deque<Question>> byTask = new TreeMap<>();
    all.forEach(q -> byTask.computeIfAbsent(q.task(), k -> new ArrayDeque<>()).add(q));
    List<Question> out = new ArrayList<>();
    while (out.size() < max) {
      for (Deque<Question> qs : byTask.values()) {
        if (!qs.isEmpty() && out.size() < max) {
          out.add(qs.poll());
        }
      }
    }
    return out;
  }

  private static List<String> testShards(DatasetFiles data, String folder) throws IOException {
    return data.list(folder, ".jsonl").stream().filter(f -> DatasetFiles.group(f).equals(Split.TEST)).toList();
  }

  private static void add(Map<String, List<Question>> byTask, Question q) {
    if (q != null) {
      byTask.computeIfAbsent(q.task(), k -> new ArrayList<>()).add(q);
    }
  }

  /** Every message before the last assistant one is the prompt; a row without an answer is no question. */
  private static Question chat(String id, String task, List<Message> messages) {
    int last = messages.size() - 1;
    while (last >= 0 && !messages.get(last).role().equals("assistant")) {
      last--;
    }
    if (last <= 0) {
      return null;
    }
    List<ChatMessage> prompt = new ArrayList<>();
    String question = "";
    for (Message m : messages.subList(0, last)) {
      prompt.add(new ChatMessage(m.role(), m.content()));
      if (m.role().equals("user")) {
        question = m.content();
      }
    }
    return new Question(id, task, prompt, question, messages.get(last).content());
  }

  /** An rl/ task: its own prompt (the implement question), the method as written as the reference. */
  static Question rl(RlTask t) {
    String question = "";
    List<ChatMessage> prompt = new ArrayList<>();
    for (Message m : t.prompt()) {
      prompt.add(new ChatMessage(m.role(), m.content()));
      if (m.role().equals("user")) {
        question = m.content();
      }
    }
    return new Question(t.id(), Metric.RL_TASK, prompt, question, t.extraInfo().reference(),
        RlTask.GroundTruth.parse(t.groundTruth()));
  }

  static Question fim(FimRecord r) {
    String user = String.format(FIM_INSTRUCTION, r.path()) + "\n\n<prefix>\n" + r.prefix() + "</prefix>\n\n<suffix>\n"
        + r.suffix() + "</suffix>";
    return new Question(r.id(), Metric.FIM_TASK,
        List.of(new ChatMessage("system", FIM_SYSTEM), new ChatMessage("user", user)), user, r.middle());
  }
}
