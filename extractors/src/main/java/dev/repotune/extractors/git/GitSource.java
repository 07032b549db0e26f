package dev.repotune.extractors.git;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.NetRCCredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * What the user typed, split into what JGit may see and what anyone may see. Credentials from the
 * URL's user-info go into a {@link CredentialsProvider} and never into the URL handed to JGit, so they
 * cannot reach the clone's config, a JGit error message or a log line.
 */
final class GitSource {
  private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
  /** {@code git@github.com:owner/repo.git}: user, host, colon, path (scp-like syntax). */
  private static final Pattern SCP = Pattern.compile("^([^/@\\s]+)@([^/:\\s]+):(.*)$");

  final String raw;
  final boolean remote;

  GitSource(String raw) {
    this.raw = raw;
    this.remote = URL.matcher(raw).matches() || SCP.matcher(raw).matches();
  }

  /**
   * The URL without credentials. The whole user-info goes, except that an ssh login name (the
   * {@code git} of {@code git@github.com:..}) stays: it is not a secret, and without it the URL would
   * not clone the same repository. A password is removed in every case.
   */
  static String redact(String url) {
    if (url == null) {
      return null;
    }
    if (URL.matcher(url).matches()) {
      int authStart = url.indexOf("://") + 3;
      int authEnd = authStart;
      while (authEnd < url.length() && "/?#".indexOf(url.charAt(authEnd)) < 0) {
        authEnd++;
      }
      int at = url.lastIndexOf('@', authEnd - 1);
      if (at < authStart) {
        return url;
      }
      String scheme = url.substring(0, authStart - 3).toLowerCase(Locale.ROOT);
      String keep = isSsh(scheme) ? userOnly(url.substring(authStart, at)) + "@" : "";
      return url.substring(0, authStart) + keep + url.substring(at + 1);
    }
    var scp = SCP.matcher(url);
    if (scp.matches()) {
      return userOnly(scp.group(1)) + "@" + scp.group(2) + ":" + scp.group(3);
    }
    return url;
  }

  /**
   * The folder on this machine that the source names (a path, or a {@code file:} URL), or null for a
   * remote one or a path that is not valid here.
   */
  java.nio.file.Path localPath() {
    try {
      if (raw.regionMatches(true, 0, "file:", 0, 5)) {
        return java.nio.file.Path.of(java.net.URI.create(raw)).toAbsolutePath().normalize();
      }
      return remote ? null : java.nio.file.Path.of(raw).toAbsolutePath().normalize();
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return null;
    }
  }

  /** The redacted URL, or for a local path its absolute form: what messages and manifests show. */
  String display() {
    if (remote) {
      return redact(raw);
    }
    try {
      return java.nio.file.Path.of(raw).toAbsolutePath().normalize().toString();
    } catch (java.nio.file.InvalidPathException e) {
      return raw;
    }
  }

  /** The URL JGit clones from: redacted, so credentials travel only through {@link #credentials()}. */
  String transportUrl() {
    return redact(raw);
  }

  /**
   * Credentials from the URL's user-info; otherwise ~/.netrc, the one credential store JGit reads
   * (it does not run git credential helpers).
   */
  CredentialsProvider credentials() {
    String userInfo = userInfo();
    if (userInfo == null) {
      return new NetRCCredentialsProvider();
    }
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    String pass = colon < 0 ? "" : userInfo.substring(colon + 1);
    return new UsernamePasswordCredentialsProvider(decode(user), decode(pass));
  }

  /** The raw user-info (possibly a secret), or null; used only to build credentials and scrub text. */
  String userInfo() {
    if (URL.matcher(raw).matches()) {
      int authStart = raw.indexOf("://") + 3;
      int authEnd = authStart;
      while (authEnd < raw.length() && "/?#".indexOf(raw.charAt(authEnd)) < 0) {
        authEnd++;
      }
      int at = raw.lastIndexOf('@', authEnd - 1);
      return at < authStart ? null : raw.substring(authStart, at);
    }
    var scp = SCP.matcher(raw);
    return scp.matches() && scp.group(1).contains(":") ? scp.group(1) : null;
  }

  /** Removes any trace of the user-info from text that came back from JGit or the OS. */
  String scrub(String text) {
    String userInfo = userInfo();
    if (text == null || userInfo == null || userInfo.isEmpty()) {
      return text;
    }
    String out = text.replace(userInfo, "***");
    int colon = userInfo.indexOf(':');
    if (colon >= 0 && colon + 1 < userInfo.length()) {
      String pass = userInfo.substring(colon + 1);
      out = out.replace(pass, "***").replace(decode(pass), "***");
    }
    return out;
  }

  /**
   * Last path segment without ".git", as git clone would name the folder: the cache's folder name. The
   * repository's name, which rows carry, is {@link RepositoryName}'s.
   */
  static String nameOf(String urlOrPath) {
    String path = urlOrPath;
    if (URL.matcher(path).matches()) {
      int authStart = path.indexOf("://") + 3;
      int slash = path.indexOf('/', authStart);
      path = slash < 0 ? "" : path.substring(slash);
      int cut = indexOfAny(path, "?#");
      path = cut < 0 ? path : path.substring(0, cut);
    } else {
      var scp = SCP.matcher(path);
      if (scp.matches()) {
        path = scp.group(3);
      }
    }
    path = path.replace('\\', '/');
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.endsWith("/.git")) {
      path = path.substring(0, path.length() - 5);
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (name.endsWith(".git")) {
      name = name.substring(0, name.length() - 4);
    }
    return name.isEmpty() ? "repo" : name;
  }

  private static boolean isSsh(String scheme) {
    return scheme.equals("ssh") || scheme.equals("git+ssh") || scheme.equals("ssh+git");
  }

  private static String userOnly(String userInfo) {
    int colon = userInfo.indexOf(':');
    return colon < 0 ? userInfo : userInfo.substring(0, colon);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // not valid percent-encoding: take it literally
    }
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
