package dev.repotune.samples;

import java.io.Serializable;

/** One chat turn: {@code role} is "system", "user" or "assistant". */
public record Message(String role, String content) implements Serializable {}
