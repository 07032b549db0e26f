package dev.repotune.samples;

import java.io.Serializable;

/** Something a stage could not do: the error's one-line message, the chunk (or file path) it was for, and how often it was tried. */
public record Failed(String stage, String error, String chunkId, int attempts)
    implements Serializable {}
