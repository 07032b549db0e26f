package dev.repotune.extractors.secrets;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces personal data in source text with {@code <REDACTED:email>} and {@code <REDACTED:ip>}, as
 * BigCode's pipeline did for The Stack: e-mail addresses (an {@code @author} line keeps the name and
 * loses the address) and public IPv4 addresses. Runs after {@link SecretRedactor}, on its output.
 *
 * <p>Kept, because they identify no one: addresses at the reserved example domains (RFC 2606/6761:
 * example.com/.org/.net, *.example, *.test, *.invalid, *.localhost), and IPv4 addresses in the
 * documentation ranges (RFC 5737: 192.0.2/24, 198.51.100/24, 203.0.113/24), loopback, private (RFC
 * 1918: 10/8, 172.16/12, 192.168/16), shared (100.64/10), link-local, benchmarking, unspecified,
 * multicast, reserved and broadcast. A private address reaches no one outside its own network, so it
 * is not an identifier of a person; these fill configs and tests (192.168.1.1), and BigCode kept them
 * too. Not e-mails: {@code git@github.com:org/repo} (an SSH login), {@code user@host} without a
 * domain, {@code lodash@4.17.21}, {@code icon@2x.png}, {@code @types/node}, annotations. Not IPs: a
 * dotted run of more than four numbers, one whose first number is 0, 1 or 2 (an OID arc), four numbers
 * all below 32 (a section: JLS 15.12.2.7) unless a URL, port or prefix length follows, or one that "version" or "v" comes just before or the
 * same line names "version" after.
 *
 * <p>Like {@link SecretRedactor}, a replacement keeps line numbers and every quantifier is bounded; the
 * email pattern runs only where an {@code @} is (indexOf), IPs are parsed by hand where a number starts.
 */
public final class PiiRedactor {
  public static final String EMAIL_KIND = "email";
  public static final String IP_KIND = "ip";

  /** A whole address: local part, domain, top-level label (letters only: lodash@4.17.21 is a version). */
  private static final Pattern EMAIL =
      Pattern.compile(
          "([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.){1,8}([A-Za-z]{2,24}))");

  /** The last label of a file name, never of a mail domain (icon@2x.png, logo@3x.webp). */
  private static final Set<String> FILE_EXTENSIONS =
      Set.of(
          "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "js", "mjs", "ts", "css", "html",
          "htm", "json", "xml", "java", "class", "jar", "kt", "py", "rb", "go", "rs", "txt", "md",
          "properties", "yml", "yaml", "zip", "gz", "pdf", "mp3", "mp4", "wav", "so", "dll", "exe", "sh");

  private final boolean emails;
  private final boolean ips;

  /** E-mails and IP addresses both redacted. */
  public PiiRedactor() {
    this(true, true);
  }

  /** {@code emails}: false keeps e-mail addresses ({@code --keep-emails}); IPs as {@code ips} says. */
  public PiiRedactor(boolean emails, boolean ips) {
    this.emails = emails;
    this.ips = ips;
  }

  /** The text with personal data replaced, and the counts by kind; the input itself when there is none. */
  public SecretRedactor.Result redact(String text) {
    Map<String, Integer> counts = new TreeMap<>();
    String out = text;
    if (emails && text.indexOf('@') >= 0) {
      out = redactEmails(out, counts);
    }
    if (ips && out.indexOf('.') >= 0) {
      out = redactIps(out, counts);
    }
    return new SecretRedactor.Result(out, counts);
  }

  /**
   * Each {@code @} found with indexOf is widened to the address around it (local part back, domain
   * forward), which the pattern then has to match whole: no pattern is tried where there is no @.
   */
  private static String redactEmails(String text, Map<String, Integer> counts) {
    StringBuilder out = null;
    int last = 0;
    int n = 0;
    Matcher m = EMAIL.matcher(text);
    for (int a = text.indexOf('@'); a >= 0; a = text.indexOf('@', a + 1)) {
      int s = a;
      while (s > last && a - s < 64 && isLocalChar(text.charAt(s - 1))) {
        s--;
      }
      while (s < a && text.charAt(s) == '.') {
        s++;
      }
      int e = a + 1;
      while (e < text.length() && e - a < 256 && isDomainChar(text.charAt(e))) {
        e++;
      }
      while (e > a + 1 && (text.charAt(e - 1) == '.' || text.charAt(e - 1) == '-')) {
        e--;
      }
      if (s == a || !m.region(s, e).matches() || !isPersonalEmail(text, m)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      if (s > last && text.charAt(s - 1) == '<' && e < text.length() && text.charAt(e) == '>') {
        s--; // <jane@corp.com> becomes <REDACTED:email>, not <<REDACTED:email>>
        e++;
      }
      out.append(text, last, s).append("<REDACTED:").append(EMAIL_KIND).append('>');
      last = e;
      n++;
      a = e - 1;
    }
    return finish(text, out, last, EMAIL_KIND, n, counts);
  }

  /**
   * Dotted quads found by a scan for a digit that starts a number (no regex is tried at each of a
   * file's positions); {@link #isPublicIp} decides.
   */
  private static String redactIps(String text, Map<String, Integer> counts) {
    StringBuilder out = null;
    int last = 0;
    int n = 0;
    int len = text.length();
    int[] o = new int[4];
    for (int i = 0; i < len; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9' || (i > 0 && isNumberChar(text.charAt(i - 1)))) {
        continue;
      }
      int end = quad(text, i, o);
      if (end < 0) {
        continue;
      }
      if (isPublicIp(text, i, end, o)) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, last, i).append("<REDACTED:").append(IP_KIND).append('>');
        last = end;
        n++;
      }
      i = end - 1;
    }
    return finish(text, out, last, IP_KIND, n, counts);
  }

  private static boolean isNumberChar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.';
  }

  /**
   * The end of the dotted quad at {@code i} (four numbers of 1 to 3 digits, none with a leading zero,
   * none above 255, not followed by a letter or another ".number"), its numbers in {@code o}; else -1.
   */
  private static int quad(String text, int i, int[] o) {
    int len = text.length();
    int j = i;
    for (int k = 0; k < 4; k++) {
      if (k > 0) {
        if (j >= len || text.charAt(j) != '.') {
          return -1;
        }
        j++;
      }
      int s = j;
      int v = 0;
      while (j < len && j - s < 4 && text.charAt(j) >= '0' && text.charAt(j) <= '9') {
        v = v * 10 + (text.charAt(j) - '0');
        j++;
      }
      if (j == s || j - s > 3 || v > 255 || (j - s > 1 && text.charAt(s) == '0')) {
        return -1; // 01.02.2023 is a date, not an address
      }
      o[k] = v;
    }
    if (j < len && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
      return -1;
    }
    if (j + 1 < len && text.charAt(j) == '.' && Character.isDigit(text.charAt(j + 1))) {
      return -1; // a fifth number: an OID or a version
    }
    return j;
  }

  private static String finish(
      String text, StringBuilder out, int last, String kind, int n, Map<String, Integer> counts) {
    if (out == null) {
      return text;
    }
    out.append(text, last, text.length());
    counts.merge(kind, n, Integer::sum);
    return out.toString();
  }

  private static boolean isLocalChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
        || c == '_' || c == '%' || c == '+' || c == '-';
  }

  private static boolean isDomainChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
  }

  static boolean isPersonalEmail(String text, Matcher m) {
    String domain = m.group(2).toLowerCase(Locale.ROOT);
    String tld = m.group(3).toLowerCase(Locale.ROOT);
    if (FILE_EXTENSIONS.contains(tld)) {
      return false;
    }
    // scp-style SSH: git@github.com:org/repo.git
    if (m.end() < text.length() && text.charAt(m.end()) == ':' && m.end() + 1 < text.length()
        && !Character.isWhitespace(text.charAt(m.end() + 1))) {
      return false;
    }
    // the login of ssh://git@host/ or https://user@host/: a URL's user-info, not a mailbox
    if (m.start() >= 3 && text.startsWith("://", m.start() - 3)) {
      return false;
    }
    return !(domain.equals("example.com") || domain.equals("example.org") || domain.equals("example.net")
        || domain.endsWith(".example.com") || domain.endsWith(".example.org") || domain.endsWith(".example.net")
        || tld.equals("example") || tld.equals("test") || tld.equals("invalid") || tld.equals("localhost")
        || domain.equals("localhost"));
  }

  static boolean isPublicIp(String text, int start, int end, int[] o) {
    // a version: "version 1.2.3.4", "v1.2.3.4", Bundle-Version: 3.17.0.1
    String before = text.substring(Math.max(0, start - 24), start).toLowerCase(Locale.ROOT);
    if (before.endsWith("v") || before.matches("(?s).*(?:version|ver|release|build)[^0-9a-z]{0,6}")) {
      return false;
    }
    // ... or a version the same line names after it: assertEquals("3.17.0.1", bundleVersion())
    int lineEnd = text.indexOf('\n', end);
    String after = text.substring(end, Math.min(lineEnd < 0 ? text.length() : lineEnd, end + 40));
    if (after.toLowerCase(Locale.ROOT).contains("version")) {
      return false;
    }
    // OID arcs start at 0, 1 or 2 (2.5.29.15); four small numbers are a section or a revision
    // (JLS 15.12.2.7, RFC 5280 4.2.1.6, $Id: v 1.2.4.1) unless a URL, a port or a prefix length says IP.
    if (o[0] <= 2 || (o[0] < 32 && o[1] < 32 && o[2] < 32 && o[3] < 32 && !looksLikeAddress(text, start, end))) {
      return false;
    }
    return isPublic(o[0], o[1], o[2]);
  }

  private static boolean looksLikeAddress(String text, int start, int end) {
    if ((start >= 2 && text.startsWith("//", start - 2)) || (start >= 1 && text.charAt(start - 1) == '@')) {
      return true; // http://a.b.c.d, user@a.b.c.d
    }
    if (end + 1 >= text.length() || !Character.isDigit(text.charAt(end + 1))) {
      return false;
    }
    if (text.charAt(end) == ':') {
      return true; // a port
    }
    // a prefix length (/24), not the next section number (15.12.2.7/15.12.2.8)
    int j = end + 1;
    while (j < text.length() && j - end <= 3 && Character.isDigit(text.charAt(j))) {
      j++;
    }
    return text.charAt(end) == '/' && j - end <= 3 && (j == text.length() || text.charAt(j) != '.');
  }

  /** Not in a documentation, private, loopback, link-local, shared, reserved or multicast range. */
  static boolean isPublic(int a, int b, int c) {
    if (a == 0 || a == 10 || a == 127 || a >= 224) {
      return false; // this network, private, loopback, multicast, reserved, broadcast
    }
    if ((a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168) || (a == 169 && b == 254)) {
      return false; // private, link-local
    }
    if (a == 100 && b >= 64 && b <= 127) {
      return false; // shared address space (carrier NAT)
    }
    if ((a == 192 && b == 0 && (c == 0 || c == 2)) || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113) || (a == 198 && (b == 18 || b == 19))) {
      return false; // IETF protocol assignments, documentation (RFC 5737), benchmarking
    }
    return true;
  }
}
