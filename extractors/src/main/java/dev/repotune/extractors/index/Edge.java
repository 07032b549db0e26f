package dev.repotune.extractors.index;

import java.io.Serializable;

/**
 * One fact a single chunk states about the repository, keyed so that a group-by-key brings together
 * everything said about one name. Keys: {@code m:name/arity} for methods (declared or called),
 * {@code t:SimpleName} for types (declared or extended/implemented).
 *
 * @param key the join key
 * @param role what the chunk says about the key
 * @param chunkId the chunk that states it
 * @param ownerType the qualified name of the type the chunk belongs to (a method's declaring type; a
 *     type itself): {@code com.google.common.collect.ImmutableList.Builder}
 * @param scopeType for {@link Role#CALLS}: the type the call is made on, "" (unscoped) or "?" (unknown)
 *     as in {@code CodeFacts.CallSite}; for {@link Role#CALLS} on a named type and for {@link
 *     Role#EXTENDS}: that type's qualified name, or "?package:" + the name as written when no import says
 *     ({@link IndexEdges#qualify})
 * @param symbol the stating chunk's symbol
 * @param path the stating chunk's path
 * @param line the line that declares the stating chunk's method or type
 * @param isTest whether the stating chunk is a test method ({@code CodeFacts.isTestMethod}): its calls
 *     make it a test of what it calls. A helper in a test class is test code, but no test.
 * @param text for {@link Role#CALLS} from a test method: its text; from other code that is not test code:
 *     the line that makes the call (a use to show); for {@link Role#DECLARES_METHOD}: the signature as
 *     written; otherwise ""
 * @param argTypes for {@link Role#CALLS}: the arguments' types as in {@code CodeFacts.CallSite}, joined by
 *     ","; otherwise ""
 * @param wantsCallees for {@link Role#CALLS}: the calling chunk is an undocumented method of main code,
 *     whose implement question lists the declarations it calls; only such chunks are given callees, so
 *     the facts of a large repository stay small
 */
public record Edge(
    String key,
    Role role,
    String chunkId,
    String ownerType,
    String scopeType,
    String symbol,
    String path,
    int line,
    boolean isTest,
    String text,
    String argTypes,
    boolean wantsCallees)
    implements Serializable {

  /** An edge whose chunk wants no callees. */
  public Edge(
      String key, Role role, String chunkId, String ownerType, String scopeType, String symbol, String path,
      int line, boolean isTest, String text, String argTypes) {
    this(key, role, chunkId, ownerType, scopeType, symbol, path, line, isTest, text, argTypes, false);
  }

  public enum Role {
    DECLARES_METHOD,
    CALLS,
    DECLARES_TYPE,
    EXTENDS
  }
}
