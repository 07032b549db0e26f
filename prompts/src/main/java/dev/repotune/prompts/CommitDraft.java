package dev.repotune.prompts;

/**
 * One question of a history kind about a commit: its wordings and answer ({@link Draft}), the member it
 * is about ({@code symbol}, "" when asked once per commit; it also seeds the choice of wordings) and
 * whether a test of the commit checks its answer.
 */
record CommitDraft(String symbol, Draft draft, boolean execCandidate) {}
