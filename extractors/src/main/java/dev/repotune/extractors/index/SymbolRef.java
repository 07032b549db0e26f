package dev.repotune.extractors.index;

import java.io.Serializable;

/** Where a symbol is declared: {@code Gson.toJson(Object)} at {@code src/main/java/.../Gson.java:812}. */
public record SymbolRef(String symbol, String path, int line) implements Serializable {}
