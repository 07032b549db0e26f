package dev.repotune.extractors;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A hash of every class and resource under some package folders, wherever each module's classes are (a
 * jar, or a folder of classes in a build): a cache keyed by it is invalidated by any change to that code,
 * and a helper class added later is covered without anyone keeping a list of classes.
 */
public final class CodeFingerprint {
  private final String value;

  /**
   * @param prefixes package folders, e.g. {@code dev/repotune/extractors/}
   * @param anchors one class of each module the prefixes live in, to find where its classes are
   */
  public CodeFingerprint(List<String> prefixes, List<Class<?>> anchors) {
    // one jar holds every anchor in a packaged build; each module is its own folder in a dev build
    Set<Path> locations = new TreeSet<>();
    try {
      for (Class<?> anchor : anchors) {
        locations.add(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()));
      }
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot find repotune's own code: " + e.getMessage(), e);
    }
    this.value = hash(prefixes, locations);
  }

  /** The hash of the files under {@code prefixes} in each location (a folder of classes or a jar). */
  static String hash(List<String> prefixes, Set<Path> locations) {
    TreeMap<String, byte[]> files = new TreeMap<>();
    try {
      for (Path location : locations) {
        if (Files.isDirectory(location)) {
          try (Stream<Path> walk = Files.walk(location)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
              String name = location.relativize(p).toString().replace('\\', '/');
              if (prefixes.stream().anyMatch(name::startsWith)) {
                files.put(name, Files.readAllBytes(p));
              }
            }
          }
        } else {
          try (ZipFile jar = new ZipFile(location.toFile())) {
            for (ZipEntry e : Collections.list(jar.entries())) {
              if (!e.isDirectory() && prefixes.stream().anyMatch(e.getName()::startsWith)) {
                try (InputStream in = jar.getInputStream(e)) {
                  files.put(e.getName(), in.readAllBytes());
                }
              }
            }
          }
        }
      }
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      files.forEach(
          (name, bytes) -> {
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update(bytes);
          });
      return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot fingerprint repotune's own code: " + e.getMessage(), e);
    }
  }

  /** 32 hex digits. */
  public String value() {
    return value;
  }
}
