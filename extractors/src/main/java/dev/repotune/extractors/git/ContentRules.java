package dev.repotune.extractors.git;

import java.util.Set;
import java.util.regex.Pattern;

/** The skip decisions that need the blob's bytes: binary content and generated-code markers. */
final class ContentRules {
  /** git looks this far for a NUL (xdiff's FIRST_FEW_BYTES). */
  static final int BINARY_PROBE_BYTES = 8000;

  static final int HEADER_LINES = 20;

  private static final Pattern MARKER =
      Pattern.compile(
          "DO NOT EDIT|@generated\\b"
              + "|(?i:this file (?:was|is|has been) (?:automatically |auto-|auto)?generated"
              + "|\\bauto-?generated\\b)");

  /**
   * A {@code @Generated} (any package) that starts a line: at column 0 in Java that is a top-level
   * declaration, while nested types are indented. A regex instead of a parse keeps this cheap and
   * leaves JavaParser to the chunkers.
   */
  private static final Pattern GENERATED_ANNOTATION =
      Pattern.compile("^@(?:[\\w$]+\\.)*Generated\\b", Pattern.MULTILINE);

  private static final Set<String> ANNOTATED_LANGUAGES = Set.of("java", "kotlin", "groovy", "scala");

  private ContentRules() {}

  /** git's own heuristic, deliberately not JGit's {@code RawText.isBinary}, which also flags a lone CR. */
  static boolean isBinary(byte[] bytes) {
    int n = Math.min(bytes.length, BINARY_PROBE_BYTES);
    for (int i = 0; i < n; i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }

  /** A pointer is a few lines; git-lfs itself never reads more than 1024 bytes of a candidate. */
  static final int LFS_POINTER_MAX_BYTES = 1024;

  private static final byte[] LFS_VERSION =
      "version https://git-lfs.github.com/spec/v1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private static final Pattern LFS_POINTER =
      Pattern.compile("version https://git-lfs\\.github\\.com/spec/v1\n(?:[a-z0-9.-]+ [^\n]*\n)*(?:[a-z0-9.-]+ [^\n]*)?");

  private static final Pattern LFS_OID = Pattern.compile("(?m)^oid sha256:[0-9a-f]{64}$");

  private static final Pattern LFS_SIZE = Pattern.compile("(?m)^size [0-9]+$");

  /**
   * A Git LFS pointer file (git-lfs's spec: a {@code version} line first, then sorted {@code key value}
   * lines among which {@code oid sha256:<64 hex>} and {@code size <n>}), whose real content is elsewhere.
   */
  static boolean isLfsPointer(byte[] bytes) {
    if (bytes.length > LFS_POINTER_MAX_BYTES
        || !java.util.Arrays.equals(bytes, 0, Math.min(bytes.length, LFS_VERSION.length), LFS_VERSION, 0, LFS_VERSION.length)) {
      return false;
    }
    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    return LFS_POINTER.matcher(text).matches()
        && LFS_OID.matcher(text).find()
        && LFS_SIZE.matcher(text).find();
  }

  static boolean isGenerated(String language, String text) {
    int start = 0;
    for (int line = 0; line < HEADER_LINES && start < text.length(); line++) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      String trimmed = text.substring(start, end).strip();
      // Only comments count: prose such as "ids are auto-generated" in a README is not a marker.
      if (isComment(trimmed) && MARKER.matcher(trimmed).find()) {
        return true;
      }
      start = end + 1;
    }
    return ANNOTATED_LANGUAGES.contains(language) && GENERATED_ANNOTATION.matcher(text).find();
  }

  private static boolean isComment(String line) {
    return line.startsWith("//")
        || line.startsWith("/*")
        || line.startsWith("*")
        || line.startsWith("#")
        || line.startsWith("<!--")
        || line.startsWith("--")
        || line.startsWith(";")
        || line.startsWith("%")
        || line.startsWith("\"\"\"")
        || line.startsWith("'''");
  }
}
