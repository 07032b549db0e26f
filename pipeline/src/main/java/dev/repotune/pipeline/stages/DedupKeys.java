package dev.repotune.pipeline.stages;

import dev.repotune.prompts.TaskKind;
import dev.repotune.samples.CptRecord;
import dev.repotune.samples.JsonLines;
import dev.repotune.samples.Message;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.Split;
import dev.repotune.samples.quality.CodeLogic;
import dev.repotune.samples.quality.MinHash;
import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;

/** What {@link Deduplicate} needs to know of a row of one kind: what it compares, and with what. */
interface DedupKeys<T> extends Serializable {
  String id(T row);

  /** Rows of one group are intended paraphrases: never duplicates of each other. */
  String group(T row);

  /** Rows are compared only with rows of the same scope; {@code text} is the row's {@link #text}. */
  String scope(T row, String text);

  /** Preferred rows (train) survive a cluster before others (test). */
  boolean preferred(T row);

  /** The text compared. */
  String text(T row);

  /** False for rows that only exact copies can duplicate. */
  boolean nearDuplicates(T row);

  /** The dropped row as JSON, for {@code rejected/}. */
  String json(T row);

  /** SFT rows: question and answer, compared the way their task kind says ({@link TaskKind#dedup()}). */
  final class Sft implements DedupKeys<SftRecord> {
    @Override
    public String id(SftRecord r) {
      return r.id();
    }

    @Override
    public String group(SftRecord r) {
      return r.meta().chunkId() + "\n" + r.meta().task();
    }

    @Override
    public boolean nearDuplicates(SftRecord r) {
      return dedup(r) != TaskKind.Dedup.EXACT_ONLY && dedup(r) != TaskKind.Dedup.FACTS;
    }

    /**
     * The task kind; for code tasks also the code's operators and opposite words ({@link CodeLogic}):
     * {@code nextClassStart} and {@code nextClassEnd}, one {@code !} apart, are two facts, not copies.
     * The scope starts with the task kind and a newline ({@link #taskOf}).
     */
    @Override
    public String scope(SftRecord r, String text) {
      return dedup(r) == TaskKind.Dedup.CODE
          ? r.meta().task() + "\n" + Long.toHexString(CodeLogic.fingerprint(text))
          : r.meta().task() + "\n";
    }

    /** The task kind of a row by its {@link #scope}. */
    static String taskOf(String scope) {
      int newline = scope.indexOf('\n');
      return newline < 0 ? scope : scope.substring(0, newline);
    }

    @Override
    public boolean preferred(SftRecord r) {
      return !Split.TEST.equals(r.meta().split());
    }

    @Override
    public String text(SftRecord r) {
      TaskKind kind = TaskKind.byWireName(r.meta().task());
      TaskKind.Dedup dedup = kind == null ? TaskKind.Dedup.PROSE : kind.dedup();
      List<Message> ms = r.messages();
      if (dedup == TaskKind.Dedup.FACTS) {
        // The question without its subject, and the answer's facts (TaskKind.dedupText); no names masked.
        return kind.dedupText(ms.get(ms.size() - 2).content(), ms.get(ms.size() - 1).content(), r.meta().symbol());
      }
      // The answer's lead-in and closing sentence are worded per variant (AnswerProse): compared are its facts.
      StringBuilder b = new StringBuilder();
      for (Message m : ms) {
        if (m.role().equals("assistant") && kind != null) {
          b.append(kind.factsOf(m.content())).append('\n');
        } else if (!m.role().equals("system")) {
          b.append(m.content()).append('\n');
        }
      }
      return dedup == TaskKind.Dedup.CODE
          ? MinHash.maskNames(b.toString(), MinHash.ownNames(r.meta().symbol()))
          : b.toString();
    }

    @Override
    public String json(SftRecord r) {
      return JsonLines.sft(r);
    }

    /** How the row's task kind is compared; a kind the catalogue does not know, as prose. */
    private static TaskKind.Dedup dedup(SftRecord r) {
      TaskKind k = TaskKind.byWireName(r.meta().task());
      return k == null ? TaskKind.Dedup.PROSE : k.dedup();
    }
  }

  /** CPT documents: the file without its path header and licence comments, its own name masked. */
  final class Cpt implements DedupKeys<CptRecord> {
    @Override
    public String id(CptRecord r) {
      return r.id();
    }

    @Override
    public String group(CptRecord r) {
      return r.id();
    }

    @Override
    public boolean nearDuplicates(CptRecord r) {
      return true;
    }

    @Override
    public String scope(CptRecord r, String text) {
      return "";
    }

    @Override
    public boolean preferred(CptRecord r) {
      return true;
    }

    /**
     * Comments before the code that are not Javadoc: licence headers. In a repository whose every file
     * opens with the same 25-line licence, a short file is mostly licence, and two unrelated short files
     * (an enum of auth schemes, a service-provider interface) came out 0.80 similar on the JDK.
     */
    private static final Pattern LEADING_COMMENTS =
        Pattern.compile("\\A(?:\\s*(?:/\\*(?!\\*).*?\\*/|//[^\\n]*))+", Pattern.DOTALL);

    @Override
    public String text(CptRecord r) {
      int header = r.text().indexOf('\n');
      String body = header < 0 ? r.text() : r.text().substring(header + 1);
      body = LEADING_COMMENTS.matcher(body).replaceFirst("");
      String file = r.meta().path().substring(r.meta().path().lastIndexOf('/') + 1);
      int dot = file.indexOf('.');
      return MinHash.maskNames(body, List.of(dot > 0 ? file.substring(0, dot) : file));
    }

    @Override
    public String json(CptRecord r) {
      return JsonLines.cpt(r);
    }
  }
}
