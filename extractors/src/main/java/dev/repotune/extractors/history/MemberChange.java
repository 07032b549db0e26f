package dev.repotune.extractors.history;

import java.io.Serializable;

/**
 * One Java declaration a change touches: {@code symbol} as the rest of repotune writes it ({@code
 * Type.method(ParamType, ParamType)}, {@code Type} for a type's own header, {@code Outer.Inner.method()}),
 * {@code kind} method, constructor or type; {@code before} and {@code after} its source text as written
 * (Javadoc and annotations included), null where it does not exist on that side (added or deleted).
 * {@code test} is true for a declaration of test code.
 */
public record MemberChange(String path, String symbol, String kind, String before, String after, boolean test)
    implements Serializable {}
