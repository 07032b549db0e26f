package dev.repotune.extractors.git;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;

/** The skip decisions that need only a path, a file mode and a size: no blob is read. */
final class PathRules {
  private static final Set<String> VENDOR_DIRS =
      Set.of(
          "vendor", "third_party", "third-party", "thirdparty", "node_modules", "bower_components",
          ".git");
  private static final Set<String> LOCKFILES =
      Set.of(
          "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb",
          "cargo.lock", "poetry.lock", "pipfile.lock", "gemfile.lock", "composer.lock", "go.sum",
          "gradle-wrapper.jar", "maven-wrapper.jar");
  private static final Set<String> BINARY_EXTENSIONS =
      Set.of(
          "png", "jpg", "jpeg", "gif", "ico", "bmp", "webp", "tif", "tiff", "psd", "icns", "jar",
          "war", "ear", "aar", "class", "zip", "gz", "tgz", "bz2", "xz", "7z", "rar", "tar", "pdf",
          "so", "dll", "dylib", "exe", "o", "a", "lib", "obj", "pyc", "wasm", "woff", "woff2", "ttf",
          "otf", "eot", "bin", "dat", "mp3", "mp4", "wav",
          "ogg", "avi", "mov", "db", "sqlite");

  /** Files whose whole purpose is to hold a secret: skipped unread, whatever the redactor could do. */
  private static final Set<String> CREDENTIAL_EXTENSIONS =
      Set.of(
          "keystore", "jks", "jceks", "bks", "p12", "pfx", "pem", "key", "der", "ppk", "kdbx", "gpg",
          "tfstate");
  private static final Set<String> CREDENTIAL_NAMES =
      Set.of(
          "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".netrc", "_netrc", ".pgpass", ".git-credentials",
          ".npmrc", ".pypirc", ".htpasswd", "credentials", "credentials.json", "credentials.xml",
          "client_secret.json", "service-account.json", "secrets.yml", "secrets.yaml");
  /** Committed templates of a .env: they document names, and the redactor handles any value. */
  private static final Set<String> ENV_TEMPLATES = Set.of("example", "sample", "template", "dist", "defaults");

  /**
   * Folders only a generator writes, whatever their depth: JMH's annotation processor writes {@code
   * jmh_generated} as a package below the source root, and no Java package can hold a '-'.
   */
  private static final Set<String> GENERATED_DIRS =
      Set.of("jmh_generated", "generated-sources", "generated-test-sources");

  private static final Set<String> SOURCE_ROOTS = Set.of("java", "kotlin", "scala", "groovy");

  private final List<PathMatcher> include;
  private final List<PathMatcher> exclude;
  private final long maxFileBytes;

  PathRules(List<String> include, List<String> exclude, long maxFileBytes) {
    this.include = matchers(include);
    this.exclude = matchers(exclude);
    this.maxFileBytes = maxFileBytes;
  }

  /** Compiles the globs now, so a bad one fails when configured rather than mid-walk. */
  static List<PathMatcher> matchers(List<String> globs) {
    List<PathMatcher> out = new ArrayList<>();
    for (String glob : globs) {
      try {
        out.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
        // "**/x" should also match x at the top level, as it does in .gitignore; the JDK's glob
        // needs at least one slash there.
        if (glob.startsWith("**/")) {
          out.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)));
        }
      } catch (IllegalArgumentException e) { // includes PatternSyntaxException
        throw new IllegalArgumentException("bad glob '" + glob + "': " + e.getMessage(), e);
      }
    }
    return List.copyOf(out);
  }

  /** The first reason that applies, or null to keep; mode-based reasons first since they are certain. */
  String skipReason(String path, FileMode mode, long size) {
    if (mode == FileMode.GITLINK) {
      return SkipReason.SUBMODULE;
    }
    if (mode == FileMode.SYMLINK) {
      return SkipReason.SYMLINK;
    }
    if (excluded(path)) {
      return SkipReason.EXCLUDED;
    }
    String name = Languages.fileName(path).toLowerCase(Locale.ROOT);
    if (vendored(path, name)) {
      return SkipReason.VENDORED;
    }
    if (generatedPath(path)) {
      return SkipReason.GENERATED_PATH;
    }
    if (isEnvFile(name)) {
      return SkipReason.ENV_FILE;
    }
    if (isCredentialFile(name)) {
      return SkipReason.CREDENTIALS;
    }
    if (LOCKFILES.contains(name)) {
      return SkipReason.LOCKFILE;
    }
    int dot = name.lastIndexOf('.');
    if (dot > 0 && BINARY_EXTENSIONS.contains(name.substring(dot + 1))) {
      return SkipReason.BINARY_EXTENSION;
    }
    if (size > maxFileBytes) {
      return SkipReason.TOO_LARGE;
    }
    return null;
  }

  /** {@code .env}, {@code .env.local}, {@code prod.env}; not {@code .env.example}. */
  static boolean isEnvFile(String lowerName) {
    if (lowerName.endsWith(".env")) {
      return true;
    }
    if (lowerName.startsWith(".env.")) {
      return !ENV_TEMPLATES.contains(lowerName.substring(lowerName.lastIndexOf('.') + 1));
    }
    return false;
  }

  static boolean isCredentialFile(String lowerName) {
    if (CREDENTIAL_NAMES.contains(lowerName)) {
      return true;
    }
    int dot = lowerName.lastIndexOf('.');
    return dot > 0 && CREDENTIAL_EXTENSIONS.contains(lowerName.substring(dot + 1));
  }

  private boolean excluded(String path) {
    Path p = Path.of(path);
    if (!include.isEmpty() && include.stream().noneMatch(m -> m.matches(p))) {
      return true;
    }
    return exclude.stream().anyMatch(m -> m.matches(p));
  }

  private static boolean vendored(String path, String lowerName) {
    if (lowerName.endsWith(".min.js") || lowerName.endsWith(".min.css")) {
      return true;
    }
    String[] segments = path.split("/");
    // Only directories count (a file called "vendor" is not a vendor tree), and only above a source
    // root: below src/main/java/ they are package names, as in Guava's own com.google.thirdparty.
    for (int i = 0; i < segments.length - 1 && !isSourceRoot(segments, i); i++) {
      String segment = segments[i].toLowerCase(Locale.ROOT);
      if (VENDOR_DIRS.contains(segment) || (i == 0 && segment.equals("dist"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Below a generator's folder ({@link #GENERATED_DIRS} anywhere), or a build output folder above the
   * source root: {@code target/}, {@code build/generated/}. Below {@code src/main/java} a {@code target}
   * or {@code build} folder is a package name.
   */
  static boolean generatedPath(String path) {
    String[] segments = path.split("/");
    boolean aboveSourceRoot = true;
    for (int i = 0; i < segments.length - 1; i++) {
      aboveSourceRoot &= !isSourceRoot(segments, i);
      String segment = segments[i];
      if (GENERATED_DIRS.contains(segment)) {
        return true;
      }
      if (aboveSourceRoot
          && (segment.equals("target")
              || segment.equals("build") && i + 2 < segments.length && segments[i + 1].equals("generated"))) {
        return true;
      }
    }
    return false;
  }

  /** True at the "java" of src/main/java (also kotlin, scala, groovy; any source set name). */
  private static boolean isSourceRoot(String[] segments, int i) {
    return i >= 2 && segments[i - 2].equals("src") && SOURCE_ROOTS.contains(segments[i]);
  }
}
