package dev.repotune.extractors.git;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The repository's name: what rows, the system prompt, LLaMA-Factory's keys and the default output
 * folder call it. The last path segment alone named a bare mirror at {@code .../gson/repo} "repo", so
 * segments that say how a repository is stored rather than what it is ({@code repo}, {@code src},
 * {@code .git}, ...) are skipped.
 *
 * <p>A URL's path is the server's name for the repository (owner/name), so its nearest meaningful
 * segment names it. A local path's parent folders are the user's own layout ({@code ~/work},
 * {@code /tmp/junit123}), so when a local path's last segment is meaningless the build file at the
 * commit is asked first (Maven's {@code artifactId}, Gradle's {@code rootProject.name}), and its parent
 * folders only after that.
 */
final class RepositoryName {
  /** What a name may be: a folder name and a dataset key without quoting. */
  static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** What {@link #of} returns when nothing names the repository: today's name for it. */
  static final String FALLBACK = "repo";

  private static final Set<String> MEANINGLESS =
      Set.of("", "repo", "repos", "repository", "src", "git", "code", "source", "mirror");

  private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
  private static final Pattern SCP = Pattern.compile("^([^/@\\s]+)@([^/:\\s]+):(.*)$");
  private static final Pattern GRADLE_NAME =
      Pattern.compile("(?m)^\\s*rootProject\\.name\\s*=\\s*['\"]([^'\"\\r\\n]+)['\"]");
  /** Larger build files are not read: a name sits near the top, and a name is not worth a big read. */
  private static final int MAX_BUILD_FILE_BYTES = 1 << 20;

  private RepositoryName() {}

  /**
   * The name for a URL or local path; {@code buildFileName} (may return null) is asked only when the
   * path alone cannot say it.
   */
  static String of(String urlOrPath, Supplier<String> buildFileName) {
    boolean url = URL.matcher(urlOrPath).matches() || SCP.matcher(urlOrPath).matches();
    List<String> segments = segments(urlOrPath);
    if (!segments.isEmpty() && isMeaningful(segments.get(segments.size() - 1))) {
      return segments.get(segments.size() - 1);
    }
    String parent = nearestMeaningful(segments);
    if (url && parent != null) {
      return parent;
    }
    String fromBuild = buildFileName.get();
    if (fromBuild != null) {
      return fromBuild;
    }
    return parent != null ? parent : FALLBACK;
  }

  /**
   * The path's segments, with a work tree's trailing {@code .git} folder dropped and each segment's
   * {@code .git} suffix cut ({@code gson.git} is {@code gson}, as git clone names the folder).
   */
  static List<String> segments(String urlOrPath) {
    String path = urlOrPath;
    if (URL.matcher(path).matches()) {
      int authStart = path.indexOf("://") + 3;
      int slash = path.indexOf('/', authStart);
      path = slash < 0 ? "" : path.substring(slash);
      int cut = path.replace('#', '?').indexOf('?');
      path = cut < 0 ? path : path.substring(0, cut);
    } else {
      var scp = SCP.matcher(path);
      if (scp.matches()) {
        path = scp.group(3);
      }
    }
    List<String> segments = new ArrayList<>();
    for (String s : path.replace('\\', '/').split("/")) {
      if (!s.isEmpty() && !s.equals(".")) {
        segments.add(s.regionMatches(true, Math.max(0, s.length() - 4), ".git", 0, 4)
            ? s.substring(0, s.length() - 4) : s);
      }
    }
    if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
      segments.remove(segments.size() - 1); // "<work tree>/.git": the work tree names it
    }
    return segments;
  }

  static boolean isMeaningful(String segment) {
    return !MEANINGLESS.contains(segment.toLowerCase(Locale.ROOT)) && !segment.equals("..");
  }

  private static String nearestMeaningful(List<String> segments) {
    for (int i = segments.size() - 1; i >= 0; i--) {
      if (isMeaningful(segments.get(i))) {
        return segments.get(i);
      }
    }
    return null;
  }

  /**
   * The project's own name in the build file at the commit: Maven's {@code pom.xml} top-level
   * {@code artifactId} (not the parent's), else Gradle's {@code rootProject.name}; null when there is
   * none, it is a {@code ${property}}, or it is not a {@link #VALID} name.
   */
  static String fromBuildFile(Repository repo, RevCommit commit) {
    try {
      String pom = read(repo, commit, "pom.xml");
      String name = pom == null ? null : mavenArtifactId(pom);
      for (String settings : List.of("settings.gradle.kts", "settings.gradle")) {
        if (name == null) {
          String text = read(repo, commit, settings);
          name = text == null ? null : gradleRootProjectName(text);
        }
      }
      return name;
    } catch (IOException e) {
      return null; // a damaged blob costs the name, not the run; reading the files will say more
    }
  }

  static String mavenArtifactId(String pom) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setExpandEntityReferences(false);
      factory.setXIncludeAware(false);
      Element project =
          factory.newDocumentBuilder().parse(new ByteArrayInputStream(pom.getBytes(StandardCharsets.UTF_8)))
              .getDocumentElement();
      for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && "artifactId".equals(localName(e))) {
          return validOrNull(e.getTextContent());
        }
      }
      return null;
    } catch (ParserConfigurationException | SAXException | IOException e) {
      return null;
    }
  }

  static String gradleRootProjectName(String settings) {
    Matcher m = GRADLE_NAME.matcher(settings);
    return m.find() ? validOrNull(m.group(1)) : null;
  }

  private static String localName(Element e) {
    return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
  }

  private static String validOrNull(String name) {
    String n = name == null ? "" : name.strip();
    return VALID.matcher(n).matches() ? n : null;
  }

  /** A top-level file's text at the commit, or null when it is absent, not a file or too large. */
  private static String read(Repository repo, RevCommit commit, String path) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(repo, path, commit.getTree())) {
      if (walk == null || (walk.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
        return null;
      }
      var loader = repo.open(walk.getObjectId(0), Constants.OBJ_BLOB);
      if (loader.getSize() > MAX_BUILD_FILE_BYTES) {
        return null;
      }
      return new String(loader.getCachedBytes(MAX_BUILD_FILE_BYTES), StandardCharsets.UTF_8);
    }
  }
}
