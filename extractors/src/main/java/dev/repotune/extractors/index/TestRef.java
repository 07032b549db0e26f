package dev.repotune.extractors.index;

import java.io.Serializable;

/** A test method that calls a symbol, with its source text so a "write a test" answer can quote it. */
public record TestRef(String symbol, String path, int line, String text) implements Serializable {}
