package dev.repotune.pipeline.cli;

import dev.repotune.pipeline.RepotuneOptions;
import picocli.CommandLine.Option;

/**
 * {@code --retrieval}: data for the retriever that will feed the tuned model, and for a model that reads
 * what it retrieves: sentence-transformers triplets, a BEIR folder, the BM25 baseline a retriever must
 * beat (in the manifest), and RAFT rows, whose context size and oracle share are set here so a team can
 * tune the model to the retriever it will run with.
 */
final class RetrievalMixin {
  @Recorded
  @Option(
      names = "--retrieval",
      description = "Write retrieval data: triplets/ (sentence-transformers), beir/ (corpus, queries, qrels), the BM25 baseline in the manifest, and raft/ rows (questions with retrieved chunks).")
  boolean retrieval;

  @Recorded
  @Option(
      names = "--raft-k",
      description = "With --retrieval: chunks shown in a RAFT row's context (default: ${DEFAULT-VALUE}).",
      defaultValue = "4")
  int raftK;

  @Recorded
  @Option(
      names = "--raft-oracle",
      description = "With --retrieval: share of RAFT rows whose context holds the chunk that answers (default: ${DEFAULT-VALUE}).",
      defaultValue = "0.8")
  double raftOracle;

  void validate() {
    Usage.check(raftK >= 1 && raftK <= 32, "--raft-k must be between 1 and 32, got " + raftK);
    Usage.check(raftOracle >= 0 && raftOracle <= 1, "--raft-oracle must be between 0 and 1, got " + raftOracle);
  }

  void applyTo(RepotuneOptions o) {
    o.setRetrieval(retrieval);
    o.setRaftK(raftK);
    o.setRaftOracle(raftOracle);
  }
}
