package dev.repotune.samples;

import java.io.Serializable;

/**
 * One fill-in-the-middle example: {@code text} in the profile's format (what a trainer reads), and the
 * raw parts beside it so any trainer can format its own. {@code prefix + middle + suffix} is the file
 * exactly. {@code mode} is psm or spm; {@code kind} the middle's {@code MiddleKind} wire name.
 */
public record FimRecord(
    String id, String text, String prefix, String middle, String suffix, String path, String mode, String kind, Meta meta)
    implements Serializable {

  /** {@code split}: train, or test for a file held out of every training output. */
  public record Meta(String repo, String commit, String language, String profile, int tokens, String split)
      implements Serializable {}
}
