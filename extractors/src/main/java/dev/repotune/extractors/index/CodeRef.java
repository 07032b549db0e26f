package dev.repotune.extractors.index;

import java.io.Serializable;

/**
 * A line of code another declaration holds, with where it is: the declaration of a method a body calls
 * ({@code symbol} the callee, {@code text} its signature as written), or the line of a caller that calls
 * it ({@code symbol} the caller, {@code text} that line).
 */
public record CodeRef(String symbol, String path, String text) implements Serializable {}
