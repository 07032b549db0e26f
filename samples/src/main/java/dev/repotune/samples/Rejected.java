package dev.repotune.samples;

import java.io.Serializable;

/**
 * Something a stage chose not to keep, and why: {@code stage} is the stage class name
 * ({@code ReadRepository}, {@code AskTeacher}, ...), {@code reason} a short snake_case code
 * ({@code binary}, {@code no_applicable_task}), {@code detail} a human sentence, {@code record} the JSON of
 * what was dropped (or its id and path when it is a whole file).
 */
public record Rejected(String stage, String reason, String detail, String record)
    implements Serializable {}
