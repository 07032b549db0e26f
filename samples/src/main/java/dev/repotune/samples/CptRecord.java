package dev.repotune.samples;

import java.io.Serializable;

/** One continued-pretraining document, a whole kept file with a short path header: {@code {"text":..., "meta":{...}}}. */
public record CptRecord(String id, String text, Meta meta) implements Serializable {

  public record Meta(String repo, String commit, String path, String language, int tokens)
      implements Serializable {}
}
