package dev.repotune.extractors.history;

import java.io.Serializable;

/**
 * One commit of the first-parent line, as the history stages need it. Who wrote it is never kept: only
 * whether the author or committer is a bot ({@code botAuthor}, decided when the commit is read, so no
 * name or email travels further). {@code parent} is the first parent's id, null for a root commit;
 * {@code parents} how many it has (2 or more: a merge). {@code epochSecond} is the commit time.
 */
public record CommitInfo(String id, String parent, long epochSecond, String message, int parents, boolean botAuthor)
    implements Serializable {}
