package dev.repotune.prompts;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The smallest template renderer that will do: {@code {name}} placeholders, nothing else. An unknown
 * placeholder throws rather than leaking "{name}" or "null" into a training row.
 */
public final class Templates {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

  private Templates() {}

  /** Replaces every {@code {name}} in {@code template} by {@code vars.get(name)}. */
  public static String render(String template, Map<String, String> vars) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 64);
    while (m.find()) {
      String value = vars.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "unknown placeholder {" + m.group(1) + "} in template: " + template);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * An LLM template file read: its {@code ### system} and {@code ### user} sections, the JSON schema of
   * its reply, and its version, the content hash of template and schema together (12 hex), so a changed
   * word in either is a new version (and new cache keys).
   */
  record Prompt(String system, String user, String schema, String version) {}

  /** Reads template {@code name} and {@code schemaName} through {@code files} (file name to bytes). */
  static Prompt read(String name, String schemaName, java.util.function.Function<String, byte[]> files) {
    byte[] template = files.apply(name);
    byte[] schema = files.apply(schemaName);
    byte[] both = new byte[template.length + schema.length];
    System.arraycopy(template, 0, both, 0, template.length);
    System.arraycopy(schema, 0, both, template.length, schema.length);
    String text = new String(template, java.nio.charset.StandardCharsets.UTF_8).replace("\r\n", "\n");
    int s = text.indexOf("### system\n");
    int u = text.indexOf("### user\n");
    if (s < 0 || u < s) {
      throw new IllegalStateException(name + " needs a '### system' then a '### user' section");
    }
    return new Prompt(
        text.substring(s + "### system\n".length(), u).strip(),
        text.substring(u + "### user\n".length()).strip(),
        new String(schema, java.nio.charset.StandardCharsets.UTF_8),
        dev.repotune.extractors.StableIds.sha256Hex(both).substring(0, 12));
  }

  /** A resource of this package, whole. */
  static byte[] resource(String name) {
    try (java.io.InputStream in = Templates.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
