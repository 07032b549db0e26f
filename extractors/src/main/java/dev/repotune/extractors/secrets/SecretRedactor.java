package dev.repotune.extractors.secrets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces credentials in source text with {@code <REDACTED:kind>} before any of it can reach a prompt,
 * a shard or a cache entry, and counts what it replaced by kind.
 *
 * <p>The rules are written here rather than taken from a library: Maven Central has no maintained Java
 * secret-scanning rule set (the maintained ones, gitleaks, trufflehog, Secretlint and detect-secrets,
 * are Go, JavaScript and Python tools), and {@code bench/secretlint-compare.sh} measures these rules
 * against Secretlint's recommended preset on planted secrets. Rules run in order over the text as
 * redacted so far; a replacement keeps the newlines it replaced, so line numbers still point at the
 * commit. Every quantifier is bounded, so a 50 MB single-line file costs linear time.
 */
public final class SecretRedactor {
  /** Kinds, as they appear in {@code <REDACTED:kind>} and in the manifest's counts. */
  public static final String PRIVATE_KEY = "private_key";
  public static final String GCP_SERVICE_ACCOUNT = "gcp_service_account";
  public static final String AWS_ACCESS_KEY_ID = "aws_access_key_id";
  public static final String AWS_SECRET_ACCESS_KEY = "aws_secret_access_key";
  public static final String AZURE_CONNECTION_STRING = "azure_connection_string";
  public static final String GITHUB_TOKEN = "github_token";
  public static final String GITLAB_TOKEN = "gitlab_token";
  public static final String SLACK_TOKEN = "slack_token";
  public static final String STRIPE_KEY = "stripe_key";
  public static final String OPENAI_KEY = "openai_key";
  public static final String JWT = "jwt";
  public static final String URL_PASSWORD = "url_password";
  public static final String PASSWORD_ASSIGNMENT = "password_assignment";
  public static final String HIGH_ENTROPY = "high_entropy";
  public static final String SPLIT_TOKEN = "split_token";
  public static final String CONNECTION_STRING_PASSWORD = "connection_string_password";
  public static final String CLI_PASSWORD = "cli_password";
  public static final String BASIC_AUTH = "basic_auth";
  public static final String BEARER_TOKEN = "bearer_token";
  public static final String PASSWORD_ARGUMENT = "password_argument";

  private static final String REDACTED_PREFIX = "<REDACTED:";

  /**
   * A name that holds a password outright: any non-placeholder value is a secret. A bare {@code pass}
   * counts only as its own word at the end of a name (DB_PASS, smtp.pass), not in bypass.
   */
  private static final String PASSWORD_NAME =
      "[A-Za-z0-9_.-]{0,40}?(?:(?i:password|passwd|passphrase|pwd|secret)[A-Za-z0-9_.-]{0,40}|[_.-](?i:pass)(?![A-Za-z0-9]))";

  /** A call that sets a password: setPassword(, withClientSecret(, password(. */
  private static final String PASSWORD_CALL =
      "(?:(?:set|with|use|add|put)[A-Za-z0-9_]{0,30}?(?:Password|Passwd|Passphrase|Secret)|password|passphrase|secret)";

  /** A call that sets a key or token: setApiKey(, withToken(, bearerAuth(. */
  private static final String KEYISH_CALL =
      "(?:(?:set|with|use|add|put)[A-Za-z0-9_]{0,30}?(?:Key|Token|Secret|Credential|Credentials|Auth|Signature)|bearerAuth|token|apiKey)";

  /** A name that may hold a key or token: only a high-entropy value is taken for a secret. */
  /**
   * How far before its secret-like word a name may start: the {0,40} both names begin with, whose
   * character class {@link Rule#startsWithin} rules must begin with, after a lookbehind for none of it.
   */
  private static final int NAME_LEAD = 40;

  private static final String KEYISH_NAME =
      "[A-Za-z0-9_.-]{0,40}?(?i:key|token|secret|credential|auth|signature|salt|cookie)[A-Za-z0-9_.-]{0,40}";

  private static final Trigger PASSWORD_TRIGGER = anyCase("passwd", "password", "passphrase", "pwd", "secret", "_pass", ".pass", "-pass");
  private static final Trigger KEYISH_TRIGGER =
      anyCase("key", "token", "secret", "credential", "auth", "signature", "salt", "cookie");

  /**
   * The rules in the order they run: first the provider formats ({@link ProviderFormats}), whose
   * prefixes make them certain, then the two general detectors that gitleaks' generic-api-key and
   * detect-secrets' keyword and entropy plugins rely on, so a format no rule names is still caught:
   * credentials inside URLs and connection strings of any scheme, and a value assigned to, passed as or
   * written next to a secret-like name (a password-like name takes any value that is not a placeholder;
   * a key- or token-like name only a random-looking one, see {@link #looksRandom}).
   */
  private static final List<Rule> RULES = rules();

  /**
   * The provider rules' exact trigger literals by their first two characters (ASCII; a one-character
   * literal by its only one): one pass over a file, one table look-up per position, tells which of those
   * rules can match at all, instead of each rule's own indexOf scans (70 rules, 5 s on the JDK). Keyed
   * by one character, the common letters' lists cost a startsWith per literal at most positions.
   */
  private static final int PROVIDER_RULES = ProviderFormats.rules().size();

  private static final String[][] LITERALS_BY_PAIR = new String[128 * 128][];
  private static final int[][] RULES_BY_PAIR = new int[128 * 128][];
  private static final String[][] LITERALS_BY_FIRST = new String[128][];
  private static final int[][] RULES_BY_FIRST = new int[128][];

  static {
    Map<Integer, List<String>> pairLits = new TreeMap<>();
    Map<Integer, List<Integer>> pairRules = new TreeMap<>();
    Map<Integer, List<String>> oneLits = new TreeMap<>();
    Map<Integer, List<Integer>> oneRules = new TreeMap<>();
    for (int i = 0; i < PROVIDER_RULES; i++) {
      Trigger t = RULES.get(i).trigger();
      if (t == null || t.anyCase()) {
        continue;
      }
      for (String lit : t.literals()) {
        boolean pair = lit.length() >= 2 && lit.charAt(1) < 128;
        int key = pair ? lit.charAt(0) << 7 | lit.charAt(1) : lit.charAt(0);
        (pair ? pairLits : oneLits).computeIfAbsent(key, k -> new ArrayList<>()).add(lit);
        (pair ? pairRules : oneRules).computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      }
    }
    pairLits.forEach((k, v) -> LITERALS_BY_PAIR[k] = v.toArray(String[]::new));
    pairRules.forEach((k, v) -> RULES_BY_PAIR[k] = v.stream().mapToInt(Integer::intValue).toArray());
    oneLits.forEach((k, v) -> LITERALS_BY_FIRST[k] = v.toArray(String[]::new));
    oneRules.forEach((k, v) -> RULES_BY_FIRST[k] = v.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Which provider rules have a trigger literal in {@code text}; rules without one are all true. */
  private static boolean[] providerRulesPresent(String text) {
    boolean[] present = new boolean[RULES.size()];
    for (int i = 0; i < RULES.size(); i++) {
      Trigger t = RULES.get(i).trigger();
      present[i] = i >= PROVIDER_RULES || t == null || t.anyCase();
    }
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c >= 128) {
        continue;
      }
      if (LITERALS_BY_FIRST[c] != null) {
        mark(text, i, LITERALS_BY_FIRST[c], RULES_BY_FIRST[c], present);
      }
      char d = i + 1 < n ? text.charAt(i + 1) : 0;
      if (d < 128 && LITERALS_BY_PAIR[c << 7 | d] != null) {
        mark(text, i, LITERALS_BY_PAIR[c << 7 | d], RULES_BY_PAIR[c << 7 | d], present);
      }
    }
    return present;
  }

  private static void mark(String text, int at, String[] lits, int[] rules, boolean[] present) {
    for (int k = 0; k < lits.length; k++) {
      if (!present[rules[k]] && text.startsWith(lits[k], at)) {
        present[rules[k]] = true;
      }
    }
  }

  private static List<Rule> rules() {
    List<Rule> rules = new ArrayList<>(ProviderFormats.rules());
    rules.addAll(List.of(
          // The secret that travels with a key id, given positionally: new Credentials("AKIA..", "..").
          Rule.group(
              AWS_SECRET_ACCESS_KEY,
              "<REDACTED:aws_access_key_id>[^\\n]{0,200}?(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])").near(exact("<REDACTED:aws_access_key_id>")),
          // --- (b) credentials inside URLs and connection strings, any scheme ---
          // scheme://user:password@host; a ${VAR} or {{placeholder}} is not a password.
          Rule.group(URL_PASSWORD, "\\b[A-Za-z][A-Za-z0-9+.-]{0,20}://[^\\s/:@\"'<>]{1,100}:([^\\s/@\"'<>]{1,200})@").near(exact("://")),
          // jdbc:oracle:thin:user/password@host
          Rule.group(URL_PASSWORD, "(?i:jdbc:oracle:[a-z]{1,10}):[^\\s/@:\"'<>]{1,100}/([^\\s@\"'<>]{1,200})@").near(anyCase("jdbc:oracle")),
          // ?password=, &amp;pwd=, ;Password=..; (JDBC URLs, ADO.NET and ODBC connection strings)
          Rule.group(
              CONNECTION_STRING_PASSWORD,
              "(?:(?<![&|])[?&;](?![&|])|&amp;)[ \\t]{0,2}(?i:password|passwd|pwd|pass|secret|client_secret)[ \\t]{0,3}=(?!=)[ \\t]{0,3}([^&;\"'\\s<>]{1,200})").near(anyCase("pass", "pwd", "secret"), 260),
          // ?access_token=, &api_key=, ;AccountKey-like tokens in a URL or connection string: when random
          Rule.entropy(
              CONNECTION_STRING_PASSWORD,
              "(?:(?<![&|])[?&;](?![&|])|&amp;)(?i:access_token|auth_token|token|api_key|apikey|key|sig|signature|auth)=(?!=)([^&;\"'\\s<>]{16,500})").near(anyCase("token=", "key=", "sig=", "signature=", "auth="), 520),
          // curl -u user:password, wget --password=, mysql -pPASSWORD, sshpass -p ...
          Rule.group(
              CLI_PASSWORD,
              "\\bcurl\\b[^\\n]{0,300}?[ \\t](?:-u|--user)(?:[ \\t]{1,3}|=)[\"']?[^\\s:\"'$]{1,100}:([^\\s\"']{1,200})").near(anyCase("curl"), 520),
          Rule.group(
              CLI_PASSWORD,
              "\\b(?:mysql|mysqldump|mysqladmin|sshpass)\\b[^\\n]{0,300}?[ \\t]-p(?:[ \\t]{1,3}[\"']([^\\s\"']{1,200})[\"']|([^\\s\"'-][^\\s\"']{0,200}))", -1).near(anyCase("mysql", "sshpass")),
          Rule.group(
              CLI_PASSWORD,
              "(?<![\\w-])--(?:password|passwd|http-password|db-password|secret|client-secret)(?:=|[ \\t]{1,3})[\"']?([^\\s\"'\\\\]{1,200})").near(anyCase("--pass", "--http-pass", "--db-pass", "--secret", "--client-secret"), 240),
          // --- (a) Authorization headers ---
          // Basic <base64 of user:password>, also as "Basic " + "...": the value must decode to user:password.
          Rule.group(
              BASIC_AUTH,
              "(?i:basic)[ \\t]{1,3}(?:[\"'][ \\t]{0,5}\\+[ \\t]{0,5}[\"'])?([A-Za-z0-9+/]{8,1000}={0,2})(?![A-Za-z0-9+/=])").near(anyCase("basic")).accept(SecretRedactor::isBasicCredentials),
          Rule.entropy(
              BEARER_TOKEN,
              "(?i:bearer|token)[ \\t]{1,3}(?:[\"'][ \\t]{0,5}\\+[ \\t]{0,5}[\"'])?([A-Za-z0-9._~+/-]{16,4000}=*)").near(anyCase("bearer", "authorization: token")),
          // --- (a) a value next to a secret-like name ---
          // name = "value", name: 'value', "name": "value"
          Rule.group(
              PASSWORD_ASSIGNMENT,
              "(?<![A-Za-z0-9_.-])" + PASSWORD_NAME + "[\"']?\\s{0,5}(?:=|:|=>|:=)\\s{0,5}[\"']([^\"'\\s]{1,500})[\"']").near(PASSWORD_TRIGGER).startsWithin(NAME_LEAD),
          // name=value / name: value / export NAME=value alone on a line (properties, YAML, .env, ini,
          // a comment's "// password: ..."), and "- NAME=value" in a YAML list (docker-compose)
          Rule.group(
              PASSWORD_ASSIGNMENT,
              "(?m)^[ \\t]{0,40}(?:(?://|#|\\*|--|-)[ \\t]{0,5})?(?:export[ \\t]{1,5})?" + PASSWORD_NAME + "[ \\t]{0,5}[=:][ \\t]{0,5}([^\\s\"'#;,(){}\\[\\]]{1,500})[ \\t]{0,40}(?:#.{0,200})?$").near(PASSWORD_TRIGGER),
          Rule.group(
              PASSWORD_ASSIGNMENT,
              "<(" + "[A-Za-z0-9_.:-]{0,40}?(?i:password|passwd|secret)[A-Za-z0-9_.:-]{0,40}" + ")>([^<\\s]{1,500})</\\1>",
              2).near(PASSWORD_TRIGGER),
          // <property name="connection.password">value</property>, or value="..." in the same tag
          Rule.group(
              PASSWORD_ASSIGNMENT,
              "\\bname\\s{0,3}=\\s{0,3}[\"'][^\"'<>]{0,80}?(?i:password|passwd|secret)[^\"'<>]{0,80}[\"'](?:\\s{1,5}value\\s{0,3}=\\s{0,3}[\"']([^\"'\\s]{1,500})[\"']|[^<>]{0,100}>([^<\\s]{1,500})<)",
              -1).near(PASSWORD_TRIGGER),
          // passed as: setPassword("..."), withSecret("..."): a password-like call name takes the literal
          Rule.group(
              PASSWORD_ARGUMENT,
              "(?<![A-Za-z0-9_])" + PASSWORD_CALL + "[ \\t]{0,3}\\([ \\t]{0,3}\"([^\"\\s]{1,500})\"[ \\t]{0,3}(?:\\.toCharArray\\(\\)[ \\t]{0,3})?\\)").near(anyCase("password(\"", "passwd(\"", "passphrase(\"", "secret(\""), 520).inCode(),
          // passed as the last argument of a call that takes a user and a password:
          // DriverManager.getConnection(url, "admin", "..."), login("bot", "..."), new PasswordAuthentication(..)
          Rule.group(
              PASSWORD_ARGUMENT,
              "\\b(?:getConnection|login|logon|logIn|signIn|authenticate|basicAuth|basic|setCredentials|withCredentials|UsernamePasswordCredentials|PasswordAuthentication|BasicCredentials|UsernamePasswordAuthenticationToken)[ \\t]{0,3}\\((?:[^;(){}]{0,300}?|[^;(){}]{0,200}?\\([^;(){}]{0,100}\\)[^;(){}]{0,100}?),[ \\t\\n]{0,20}\"([^\"\\s]{1,500})\"[ \\t]{0,3}(?:\\.toCharArray\\(\\)[ \\t]{0,3})?\\)").near(anyCase("getconnection", "login", "logon", "signin", "authenticate", "basic", "credentials", "passwordauthentication", "authenticationtoken")).inCode(),
          // A token prefix as its own literal, the rest concatenated on: "ghp_" + "abc.." + "def..".
          Rule.whole(
              SPLIT_TOKEN,
              "\"(?:gh[pousr]_|github_pat_|glpat-|xox[abposr]-|sk_live_|sk-proj-|AKIA|ASIA|SG\\.|hvs\\.|npm_)\"(?:\\s{0,20}\\+\\s{0,20}\"[A-Za-z0-9_+/=.-]{1,200}\"){1,20}").near(exact("\"gh", "\"github_pat_", "\"glpat-", "\"xox", "\"sk_live_", "\"sk-proj-", "\"AKIA", "\"ASIA", "\"SG.", "\"hvs.", "\"npm_")),
          Rule.entropy(
              HIGH_ENTROPY,
              "(?<![A-Za-z0-9_.-])" + KEYISH_NAME + "[\"']?\\s{0,5}(?:=|:|=>|:=)\\s{0,5}[\"']([A-Za-z0-9+/=_.~-]{16,1000})[\"']").near(KEYISH_TRIGGER).startsWithin(NAME_LEAD),
          // a header or map entry: ("X-Api-Key", "<random>"), put("auth_token", "<random>"); the name ends
          // in the word, so ("Signature", "SHA256withRSA") and ("SecretKeyFactory", "DES") are not taken
          Rule.entropy(
              HIGH_ENTROPY,
              "[\"'][A-Za-z0-9_.-]{0,40}?(?i:key|token|secret|auth|authorization|credentials?|password)[\"'][ \\t]{0,5},[ \\t]{0,5}\"([A-Za-z0-9+/=_.~-]{16,1000})\"").near(anyCase("key\"", "token\"", "secret\"", "auth\"", "authorization\"", "credential\"", "credentials\"", "password\"", "key'", "token'", "secret'", "auth'"), 1030),
          Rule.entropy(
              HIGH_ENTROPY,
              "(?m)^[ \\t]{0,40}(?:-[ \\t]{0,5})?(?:export[ \\t]{1,5})?" + KEYISH_NAME + "[ \\t]{0,5}[=:][ \\t]{0,5}([A-Za-z0-9+/=_.~-]{16,1000})[ \\t]{0,40}$").near(KEYISH_TRIGGER),
          // passed as: new ApiClient(..., "<random>"), setApiKey("<random>"), header("X-Auth", "<random>")
          Rule.entropy(
              HIGH_ENTROPY,
              "(?<![A-Za-z0-9_])" + KEYISH_CALL + "[ \\t]{0,3}\\([ \\t]{0,3}\"([A-Za-z0-9+/=_.~-]{16,300})\"").near(anyCase("key(\"", "token(\"", "secret(\"", "credential(\"", "credentials(\"", "auth(\"", "signature(\""), 320).inCode()));
    return List.copyOf(rules);
  }

  /** What {@link #redact} did: the text to use instead, and how many of each kind it replaced. */
  public record Result(String text, Map<String, Integer> counts) {
    public Result {
      counts = Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    public int total() {
      return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  public SecretRedactor() {}

  /** The text with every secret the rules know replaced; the input when there is none. */
  public Result redact(String text) {
    Map<String, Integer> counts = new TreeMap<>();
    Map<String, String> found = new java.util.LinkedHashMap<>();
    String current = text;
    String lower = null; // the ASCII-lowered text, made once and again only after a replacement
    boolean[] present = providerRulesPresent(text);
    for (int i = 0; i < RULES.size(); i++) {
      Rule rule = RULES.get(i);
      if (!present[i]) {
        continue;
      }
      if (lower == null && rule.trigger() != null && rule.trigger().anyCase()) {
        lower = Trigger.asciiLowerCase(current);
      }
      String next = rule.apply(current, lower, counts, found);
      if (next != current) {
        current = next;
        lower = null;
      }
    }
    return new Result(echoes(current, found, counts), counts);
  }

  /**
   * A secret found once is a secret wherever else the file has it: the Javadoc that repeats the
   * constant's password, the comment that says "same as in the wiki: ...". Each value a rule redacted
   * (8 to 200 characters, not one plain word) is replaced again as a whole token everywhere.
   */
  private static String echoes(String text, Map<String, String> found, Map<String, Integer> counts) {
    String current = text;
    for (Map.Entry<String, String> e : found.entrySet()) {
      String value = e.getKey();
      if (value.length() < 8 || value.length() > 200 || value.indexOf('\n') >= 0 || value.matches("[A-Za-z]+")) {
        continue;
      }
      int i = current.indexOf(value);
      if (i < 0) {
        continue;
      }
      StringBuilder out = new StringBuilder(current.length());
      int last = 0;
      int n = 0;
      for (; i >= 0; i = current.indexOf(value, i + 1)) {
        int end = i + value.length();
        if (i < last || (i > 0 && isTokenChar(current.charAt(i - 1)))
            || (end < current.length() && isTokenChar(current.charAt(end)))) {
          continue;
        }
        out.append(current, last, i).append(REDACTED_PREFIX).append(e.getValue()).append('>');
        last = end;
        n++;
      }
      if (n > 0) {
        out.append(current, last, current.length());
        current = out.toString();
        counts.merge(e.getValue(), n, Integer::sum);
      }
    }
    return current;
  }

  private static boolean isTokenChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '+' || c == '/';
  }

  /**
   * {@code Basic} credentials: base64 that decodes to {@code user:password} in printable ASCII, so
   * "Basic authentication" or a base64 test vector after the word Basic is left alone.
   */
  static boolean isBasicCredentials(String value) {
    byte[] b;
    try {
      b = java.util.Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = -1;
    for (int i = 0; i < b.length; i++) {
      if (b[i] < 0x20 || b[i] > 0x7e) {
        return false;
      }
      if (b[i] == ':' && colon < 0) {
        colon = i;
      }
    }
    return colon >= 0 && colon < b.length - 1 && !isPlaceholder(new String(b, colon + 1, b.length - colon - 1, java.nio.charset.StandardCharsets.US_ASCII));
  }

  /**
   * Documented examples and fill-ins of a provider format: AWS's AKIAIOSFODNN7EXAMPLE, ghp_xxxx...,
   * sk_test_0000...; a real key has neither the word nor a run of one character.
   */
  static boolean isDocumentedExample(String value) {
    if (value.contains("EXAMPLE") || value.contains("example") || value.contains("Example")) {
      return true;
    }
    return entropy(value) < 2.5;
  }

  /** The kinds of secret found in {@code text}, each with its count; nothing is replaced. */
  public Map<String, Integer> scan(String text) {
    return redact(text).counts();
  }

  /** Placeholders and references stand for a secret kept elsewhere: nothing to hide. */
  static boolean isPlaceholder(String value) {
    String v = value.strip();
    if (v.isEmpty() || v.startsWith(REDACTED_PREFIX)) {
      return true;
    }
    if (v.startsWith("${") || v.startsWith("{{") || v.startsWith("#{") || v.startsWith("%(")
        || v.startsWith("$(") || v.startsWith("<") || v.startsWith("%") || v.startsWith("@")
        || (v.startsWith("$") && v.length() > 1 && Character.isLetter(v.charAt(1)))) {
      return true;
    }
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.matches("(?:x+|\\*+|\\.+|-+|_+|null|none|nil|true|false|undefined|empty|changeit|"
        + "password|passwd|passphrase|secret|pwd|token|your[_-]?\\w*|example\\w*|dummy\\w*|"
        + "redacted|placeholder|todo|tbd|fixme)")) {
      return true;
    }
    // A property key or class name (java.net.socks.password, sun.misc.SharedSecrets) or a camelCase
    // field name (secretField) names where a secret lives, not the secret: seen as false positives on
    // commons-lang3 and guava.
    if (v.matches("[A-Za-z_$][A-Za-z0-9_$]*(?:\\.[A-Za-z_$][A-Za-z0-9_$-]*)+")
        || v.matches("[a-z]+(?:[A-Z][a-z]+)+")) {
      return true;
    }
    // An identifier that itself names a secret (SunTlsRsaPremasterSecret, keystorePassword) is a name.
    if (v.matches("[A-Za-z][A-Za-z0-9_]*") && lower.matches(".*(?:password|passwd|secret|token|key|pwd).*")
        && v.matches(".*[a-z].*")) {
      return true;
    }
    if (v.contains("EXAMPLE") || lower.startsWith("example") || lower.contains("-example") || lower.contains("_example")) {
      return true;
    }
    // An environment variable's name (DB_PASSWORD) says where the secret is, not what it is.
    return v.matches("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+");
  }

  /** Shannon entropy in bits per character. */
  static double entropy(String s) {
    int[] freq = new int[128];
    int other = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 128) {
        freq[c]++;
      } else {
        other++;
      }
    }
    double h = 0;
    int n = s.length();
    for (int f : freq) {
      if (f > 0) {
        double p = (double) f / n;
        h -= p * (Math.log(p) / Math.log(2));
      }
    }
    if (other > 0) {
      double p = (double) other / n;
      h -= p * (Math.log(p) / Math.log(2));
    }
    return h;
  }

  /**
   * Random-looking: letters and digits mixed, no long run of a word, and more bits per character than
   * identifiers, dotted names and file paths have. A hex string carries at most 4 bits per character,
   * so it has a lower bar.
   */
  static boolean looksRandom(String v) {
    if (v.length() < 16 || v.contains("..") || v.startsWith("/") || v.startsWith("./")) {
      return false;
    }
    boolean digit = false;
    boolean letter = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      digit |= Character.isDigit(c);
      letter |= Character.isLetter(c);
    }
    if (!digit || !letter) {
      return false;
    }
    // dotted names (com.acme.cache.key) and kebab/snake identifiers are not keys
    if (v.matches("[a-z0-9]+(?:[._-][a-z0-9]+)+") && !v.matches("[0-9a-f-]+")) {
      return false;
    }
    // A UUID identifies; the digests of empty input are test constants; base64 of prose is a test vector.
    if (UUID.matcher(v).matches() || WELL_KNOWN_DIGESTS.contains(v.toLowerCase(Locale.ROOT)) || isBase64OfText(v)) {
      return false;
    }
    double h = entropy(v);
    if (v.matches("[0-9a-fA-F-]+")) {
      return h >= HEX_ENTROPY;
    }
    // Words run together (MD5andSHA1withRSA, SunTls12KeyMaterial) are names, however mixed.
    if (isWordy(v)) {
      return false;
    }
    // Base62/base64 keys mix cases; a one-case value must be long and dense to count (cl100kbasetokenizer).
    boolean mixedCase = !v.equals(v.toLowerCase(Locale.ROOT)) && !v.equals(v.toUpperCase(Locale.ROOT));
    return mixedCase ? h >= BASE64_ENTROPY : v.length() >= 24 && h >= 4.0;
  }

  /**
   * Bits per character a hex value near a secret-like name needs: detect-secrets' HexHighEntropyString
   * default limit (3.0).
   */
  static final double HEX_ENTROPY = 3.0;

  /**
   * Bits per character a base64/base62 value near a secret-like name needs: gitleaks' generic-api-key
   * rule (entropy 3.5). detect-secrets' 4.5 for base64 is for strings with no name next to them, which
   * these rules never take.
   */
  static final double BASE64_ENTROPY = 3.5;

  private static final Pattern UUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** MD5, SHA-1 and SHA-256 of the empty input: in every hashing test, never a key. */
  private static final java.util.Set<String> WELL_KNOWN_DIGESTS =
      java.util.Set.of(
          "d41d8cd98f00b204e9800998ecf8427e",
          "da39a3ee5e6b4b0d3255bfef95601890afd80709",
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  /** Base64 that decodes to printable text with a space in it: a test vector, not a key. */
  static boolean isBase64OfText(String v) {
    if (v.length() % 4 != 0 || !v.matches("[A-Za-z0-9+/]+={0,2}")) {
      return false;
    }
    byte[] b;
    try {
      b = java.util.Base64.getDecoder().decode(v);
    } catch (IllegalArgumentException e) {
      return false;
    }
    boolean space = false;
    for (byte x : b) {
      if (x < 0x20 || x > 0x7e) {
        return false;
      }
      space |= x == ' ';
    }
    return space;
  }

  /**
   * Letters that read as words: every run of lower-case letters is three or more long and follows an
   * upper-case letter, a digit or the start (MD5andSHA1withRSA). Random base62 has lone lower-case
   * letters between capitals and digits almost surely by 16 characters.
   */
  static boolean isWordy(String v) {
    int run = 0;
    boolean words = false;
    for (int i = 0; i <= v.length(); i++) {
      char c = i < v.length() ? v.charAt(i) : ' ';
      if (c >= 'a' && c <= 'z') {
        run++;
        continue;
      }
      if (run > 0 && run < 3) {
        return false;
      }
      words |= run > 0;
      run = 0;
      if (i < v.length() && !((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return words;
  }

  static Trigger exact(String... literals) {
    return new Trigger(List.of(literals), false);
  }

  static Trigger anyCase(String... lowerCaseLiterals) {
    return new Trigger(List.of(lowerCaseLiterals), true);
  }

  /**
   * Words every match of a rule contains, found with {@link String#indexOf} (a vectorised scan) rather
   * than a regex: a case-insensitive alternation tried at every position of every file was most of this
   * stage's time on the JDK. {@code anyCase} literals are lower case and looked for in an ASCII-lowered
   * copy of the text, which keeps every offset.
   */
  record Trigger(List<String> literals, boolean anyCase) {
    /** Every hit as {@code start << 32 | end}, sorted; {@code lower} is {@link #asciiLowerCase} of {@code text}. */
    long[] hits(String text, String lower) {
      String haystack = anyCase ? lower : text;
      long[] out = new long[16];
      int n = 0;
      for (String literal : literals) {
        for (int i = haystack.indexOf(literal); i >= 0; i = haystack.indexOf(literal, i + 1)) {
          if (n == out.length) {
            out = java.util.Arrays.copyOf(out, n * 2);
          }
          out[n++] = (long) i << 32 | (i + literal.length());
        }
      }
      out = java.util.Arrays.copyOf(out, n);
      java.util.Arrays.sort(out);
      return out;
    }

    static String asciiLowerCase(String text) {
      char[] c = text.toCharArray();
      for (int i = 0; i < c.length; i++) {
        if (c[i] >= 'A' && c[i] <= 'Z') {
          c[i] += 'a' - 'A';
        }
      }
      return new String(c);
    }
  }

  /**
   * A pattern, the group that holds the secret (0 = all of it, -1 = whichever alternative matched), and
   * optionally a trigger: words one of which every match contains. A rule with a trigger runs its full
   * pattern only near the trigger's hits; a pattern that starts with a name of up to 40 characters would
   * otherwise be tried 40 ways at every position of the file (22 s on a 37 MB line instead of 1 s).
   */
  record Rule(
      String kind,
      Pattern pattern,
      int group,
      boolean entropyCheck,
      Trigger trigger,
      int afterTrigger,
      java.util.function.Predicate<String> valid,
      boolean codeOnly,
      int lead) {
    private static final int BEFORE_TRIGGER = 128;
    private static final int AFTER_TRIGGER = 1400;
    /** A literal trigger may end a little before the phrase it stands for ({@code "gh} for {@code "ghp_"}). */
    private static final int LITERAL_SLACK = 16;

    static Rule whole(String kind, String regex) {
      return new Rule(kind, Pattern.compile(regex), 0, false, null, 0, v -> true, false, -1);
    }

    static Rule group(String kind, String regex) {
      return new Rule(kind, Pattern.compile(regex), 1, false, null, 0, v -> true, false, -1);
    }

    static Rule group(String kind, String regex, int group) {
      return new Rule(kind, Pattern.compile(regex), group, false, null, 0, v -> true, false, -1);
    }

    static Rule entropy(String kind, String regex) {
      return new Rule(kind, Pattern.compile(regex), 1, true, null, 0, v -> true, false, -1);
    }

    Rule near(Trigger trigger) {
      return near(trigger, AFTER_TRIGGER);
    }

    /**
     * Every match starts at most {@code chars} before a trigger hit (the name it begins with is at most
     * that long), so only those starts are tried, each anchored, rather than every position of the
     * window: for a trigger as common as {@code key} that was a third of the stage's time on the JDK.
     */
    Rule startsWithin(int chars) {
      return new Rule(kind, pattern, group, entropyCheck, trigger, afterTrigger, valid, codeOnly, chars);
    }

    /** {@code after}: how far past the trigger a match can end. */
    Rule near(Trigger trigger, int after) {
      return new Rule(kind, pattern, group, entropyCheck, trigger, after, valid, codeOnly, lead);
    }

    /**
     * Not on a Javadoc or block-comment line: {@code * jrs.setPassword("sancho");} there is an API's
     * usage example. A password a comment repeats is still found, as an echo of the real one.
     */
    Rule inCode() {
      return new Rule(kind, pattern, group, entropyCheck, trigger, afterTrigger, valid, true, lead);
    }

    /** Only values {@code test} accepts are secrets (a fact about the value: it decodes, it checksums). */
    Rule accept(java.util.function.Predicate<String> test) {
      return new Rule(kind, pattern, group, entropyCheck, trigger, afterTrigger, test, codeOnly, lead);
    }

    /** The matches, in order and not overlapping, found only in windows around the trigger's hits. */
    private List<int[]> matches(String text, String lower) {
      List<int[]> out = new ArrayList<>();
      Matcher m = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
      if (trigger == null) {
        while (m.find()) {
          addMatch(m, out);
        }
        return out;
      }
      // Windows around the trigger's hits, merged where they overlap, so each character is searched at
      // most once however dense the hits are.
      long[] hits = trigger.hits(text, lower);
      if (lead >= 0) {
        return anchoredMatches(text, hits, m, out);
      }
      int consumed = 0;
      int from = -1;
      int to = -1;
      for (int h = 0; ; h++) {
        boolean hit = h < hits.length;
        int hitStart = hit ? (int) (hits[h] >>> 32) : 0;
        int hitEnd = hit ? (int) hits[h] : 0;
        int nextFrom = hit ? Math.max(0, hitStart - BEFORE_TRIGGER) : Integer.MAX_VALUE;
        if (from >= 0 && nextFrom > to && Math.max(from, consumed) < to) {
          m.region(Math.max(from, consumed), to);
          while (m.find()) {
            if (m.end() > m.start()) {
              addMatch(m, out);
              consumed = m.end();
            }
          }
        }
        if (from >= 0 && nextFrom > to) {
          from = -1;
        }
        if (!hit) {
          break;
        }
        if (from < 0) {
          from = nextFrom;
        }
        to = Math.max(to, (int) Math.min(text.length(), (long) hitEnd + afterTrigger + LITERAL_SLACK));
      }
      return out;
    }

    /**
     * The matches of a {@link #startsWithin} rule, leftmost first and not overlapping. Such a rule
     * begins with a name no name character precedes, so a hit has one start to try: where the run of
     * name characters that holds it begins (none when that run is longer than {@code lead}).
     */
    private List<int[]> anchoredMatches(String text, long[] hits, Matcher m, List<int[]> out) {
      int consumed = 0;
      int tried = -1;
      for (long hit : hits) {
        int hitStart = (int) (hit >>> 32);
        int st = hitStart;
        while (st > 0 && isNameChar(text.charAt(st - 1)) && hitStart - st < lead) {
          st--;
        }
        if (st < consumed || st == tried || (st > 0 && isNameChar(text.charAt(st - 1)))) {
          continue;
        }
        tried = st;
        m.region(st, (int) Math.min(text.length(), (long) (int) hit + afterTrigger + LITERAL_SLACK));
        if (m.lookingAt() && m.end() > m.start()) {
          addMatch(m, out);
          consumed = m.end();
        }
      }
      return out;
    }

    /** The characters a name is made of in the name-led rules: {@code [A-Za-z0-9_.-]}. */
    private static boolean isNameChar(char c) {
      return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
    }

    private void addMatch(Matcher m, List<int[]> out) {
      int g = group >= 0 ? group : firstMatched(m);
      if (m.start(g) < 0) {
        return;
      }
      out.add(new int[] {m.start(g), m.end(g), g});
    }

    /** The line holding {@code at} starts with {@code *} or {@code /*} (a Javadoc or block comment). */
    private static boolean onCommentLine(String text, int at) {
      int i = text.lastIndexOf('\n', at - 1) + 1;
      while (i < at && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
        i++;
      }
      return i < at && (text.charAt(i) == '*' || text.startsWith("/*", i));
    }

    /** For alternatives that each capture the value: the one that matched. */
    private static int firstMatched(Matcher m) {
      for (int i = 1; i <= m.groupCount(); i++) {
        if (m.start(i) >= 0) {
          return i;
        }
      }
      return 0;
    }

    /** {@code text} with this rule's secrets replaced; {@code text} itself when there are none. */
    String apply(String text, String lower, Map<String, Integer> counts, Map<String, String> values) {
      List<int[]> spans = new ArrayList<>();
      for (int[] found : matches(text, lower)) {
        String value = text.substring(found[0], found[1]);
        if (found[2] > 0 ? isPlaceholder(value) : isDocumentedExample(value)) {
          continue;
        }
        if ((entropyCheck && !looksRandom(value)) || !valid.test(value)
            || (codeOnly && onCommentLine(text, found[0]))) {
          continue;
        }
        spans.add(found);
        values.putIfAbsent(value, kind);
      }
      if (spans.isEmpty()) {
        return text;
      }
      StringBuilder out = new StringBuilder(text.length());
      int last = 0;
      for (int[] span : spans) {
        out.append(text, last, span[0]).append(REDACTED_PREFIX).append(kind).append('>');
        for (int i = span[0]; i < span[1]; i++) {
          if (text.charAt(i) == '\n') {
            out.append('\n'); // keep line numbers true to the commit
          }
        }
        last = span[1];
      }
      if (!spans.isEmpty()) {
        counts.merge(kind, spans.size(), Integer::sum);
      }
      out.append(text, last, text.length());
      return out.toString();
    }
  }
}
