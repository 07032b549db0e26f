package dev.repotune.extractors;

/** What span of a file a {@link Chunk} covers. */
public enum ChunkKind {
  /** A class, interface, enum, record or annotation declaration (member bodies elided). */
  TYPE,
  /** A method or constructor, with its Javadoc and annotations. */
  METHOD,
  /** A run of field declarations of one type. */
  FIELD_GROUP,
  /** A Markdown section: one heading and the text up to the next heading of the same or higher level. */
  DOC_SECTION,
  /** A token-bounded window of any other text, broken at blank lines. */
  WINDOW
}
