package dev.repotune.samples;

import java.io.Serializable;
import java.util.List;

/**
 * One instruction row made of a commit of the repository's history: {@code {"messages":[...],
 * "meta":{...}}}, the shape of {@link SftRecord} so the same trainers read it, with the provenance a
 * change has and a declaration does not: the commit and its first parent, the commit's date (never its
 * author), the files it changed. {@code execCandidate} marks a fix-with-test row whose test a later
 * execution step can run.
 */
public record HistoryRecord(String id, List<Message> messages, Meta meta) implements Serializable {
  public HistoryRecord {
    messages = List.copyOf(messages);
  }

  /** {@code date} is ISO-8601 in UTC ({@code 2024-03-01T12:00:00Z}); {@code split} train or test. */
  public record Meta(
      String repo, String commit, String parent, String date, String task, List<String> paths, String symbol,
      String teacher, String promptVersion, boolean execCandidate, String split)
      implements Serializable {
    public Meta {
      paths = List.copyOf(paths);
    }
  }
}
