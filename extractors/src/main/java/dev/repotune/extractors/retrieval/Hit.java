package dev.repotune.extractors.retrieval;

/** One ranked answer of {@link Bm25Index#search}: the document's id, its BM25 score and its 1-based rank. */
public record Hit(String id, double score, int rank) {}
