package dev.repotune.prompts;

import dev.repotune.extractors.StableIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline teacher's phrasing set, loaded from {@value #RESOURCE}. Groups are kept sorted (by key,
 * then by template number) because {@link Properties} iterates in hash order and the output must not.
 */
final class Phrasings implements Serializable {
  private static final long serialVersionUID = 1L;

  static final String RESOURCE = "offline-phrasings.properties";
  private static final Pattern NUMBERED = Pattern.compile("(.+)\\.(\\d+)");

  private final TreeMap<String, List<String>> groups;
  private final String version;

  private Phrasings(TreeMap<String, List<String>> groups, String version) {
    this.groups = groups;
    this.version = version;
  }

  static Phrasings load() {
    try (InputStream in = Phrasings.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  static Phrasings parse(byte[] bytes) {
    Properties props = new Properties();
    try {
      props.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TreeMap<String, TreeMap<Integer, String>> numbered = new TreeMap<>();
    for (String key : props.stringPropertyNames()) {
      Matcher m = NUMBERED.matcher(key);
      if (m.matches()) {
        numbered
            .computeIfAbsent(m.group(1), k -> new TreeMap<>())
            .put(Integer.parseInt(m.group(2)), props.getProperty(key).strip());
      }
    }
    TreeMap<String, List<String>> groups = new TreeMap<>();
    for (Map.Entry<String, TreeMap<Integer, String>> e : numbered.entrySet()) {
      groups.put(e.getKey(), List.copyOf(new ArrayList<>(e.getValue().values())));
    }
    return new Phrasings(groups, StableIds.sha256Hex(bytes).substring(0, 12));
  }

  /** The templates of {@code group}, in file order; fails when the group is missing. */
  List<String> group(String group) {
    List<String> g = groups.get(group);
    if (g == null || g.isEmpty()) {
      throw new IllegalStateException("no phrasing group '" + group + "' in " + RESOURCE);
    }
    return g;
  }

  /** Every group name, sorted. */
  List<String> groupNames() {
    return List.copyOf(groups.keySet());
  }

  /** First 12 hex digits of the SHA-256 of the resource's bytes. */
  String version() {
    return version;
  }

}
