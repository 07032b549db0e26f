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
}
