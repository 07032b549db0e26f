package dev.repotune.samples;

import dev.repotune.extractors.completion.FileDependencies;
import dev.repotune.extractors.completion.FimSpan;
import java.io.Serializable;
import java.util.List;

/**
 * One training file as the repository-level documents need it: its body (the CPT body: licence comment
 * out), what it declares and uses, where it may be cut so that each piece fits a document ({@code cuts}:
 * the offsets where pieces 2.. start; empty when the file fits whole) with each piece's tokens, and the
 * FIM middles chosen for it, from which a document's FIM example is taken. {@code length} is the body's
 * length, kept when the body is left out ({@link #withoutBody}).
 */
public record RepoEntry(
    String repo,
    String commit,
    String path,
    String language,
    String body,
    int length,
    FileDependencies dependencies,
    List<Integer> cuts,
    List<Integer> pieceTokens,
    List<FimSpan> spans)
    implements Serializable {
  public RepoEntry {
    cuts = List.copyOf(cuts);
    pieceTokens = List.copyOf(pieceTokens);
    spans = List.copyOf(spans);
  }

  /** The entry with its body, of {@code body.length()} characters. */
  public static RepoEntry of(
      String repo, String commit, String path, String language, String body, FileDependencies dependencies,
      List<Integer> cuts, List<Integer> pieceTokens, List<FimSpan> spans) {
    return new RepoEntry(repo, commit, path, language, body, body.length(), dependencies, cuts, pieceTokens, spans);
  }

  /** The entry without its body ({@code length} kept): what planning a document needs, small to group. */
  public RepoEntry withoutBody() {
    return new RepoEntry(repo, commit, path, language, "", length, dependencies, cuts, pieceTokens, spans);
  }
}
