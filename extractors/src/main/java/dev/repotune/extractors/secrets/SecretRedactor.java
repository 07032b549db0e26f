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

  private static final String REDACTED_PREFIX = "<REDACTED:";

  /** A name that holds a password outright: any non-placeholder value is a secret. */
  private static final String PASSWORD_NAME =
      "[A-Za-z0-9_.-]{0,40}?(?i:password|passwd|passphrase|pwd|secret)[A-Za-z0-9_.-]{0,40}";

  /** A name that may hold a key or token: only a high-entropy value is taken for a secret. */
  private static final String KEYISH_NAME =
      "[A-Za-z0-9_.-]{0,40}?(?i:key|token|secret|credential|auth|signature|salt|cookie)[A-Za-z0-9_.-]{0,40}";

  private static final Trigger PASSWORD_TRIGGER = anyCase("passwd", "password", "passphrase", "pwd", "secret");
  private static final Trigger KEYISH_TRIGGER =
      anyCase("key", "token", "secret", "credential", "auth", "signature", "salt", "cookie");

  private static final List<Rule> RULES =
      List.of(
          // PEM private keys, also as a string literal split over several concatenated lines, or with
          // literal \n escapes (a GCP service-account JSON's "private_key").
          Rule.whole(
              PRIVATE_KEY,
              "-----BEGIN[ A-Z0-9]{0,20}PRIVATE KEY(?: BLOCK)?-----[\\s\\S]{0,20000}?-----END[ A-Z0-9]{0,20}PRIVATE KEY(?: BLOCK)?-----").near(exact("-----BEGIN"), 20_100),
          // A BEGIN whose END was cut off (truncated test data): the base64 lines that follow.
          Rule.whole(
              PRIVATE_KEY,
              "-----BEGIN[ A-Z0-9]{0,20}PRIVATE KEY(?: BLOCK)?-----(?:(?:\\\\[nr]|[\\s\"'+,]){0,20}+[A-Za-z0-9+/=]{8,200}+){0,400}+").near(exact("-----BEGIN"), 20_100),
          Rule.group(GCP_SERVICE_ACCOUNT, "\"private_key_id\"\\s{0,10}:\\s{0,10}\"([0-9a-f]{40})\"").near(exact("private_key_id")),
          Rule.whole(JWT, "\\beyJ[A-Za-z0-9_-]{8,2000}\\.eyJ[A-Za-z0-9_-]{8,4000}\\.[A-Za-z0-9_-]{8,2000}").near(exact("eyJ")),
          Rule.whole(GITHUB_TOKEN, "\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\\b").near(exact("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")),
          Rule.whole(GITLAB_TOKEN, "\\bgl(?:pat|dt|rt|ptt|cbt|oas)-[A-Za-z0-9_-]{20,64}").near(exact("glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "gloas-")),
          Rule.whole(
              SLACK_TOKEN,
              "\\bxox[abposr]-[A-Za-z0-9-]{10,250}|https://hooks\\.slack\\.com/(?:services|workflows)/[A-Za-z0-9+/_-]{20,200}").near(exact("xox", "hooks.slack")),
          Rule.whole(STRIPE_KEY, "\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,250}\\b").near(exact("_live_", "_test_")),
          Rule.whole(
              OPENAI_KEY, "\\bsk-(?:proj-|svcacct-|admin-|ant-(?:api|admin)\\d\\d-)?[A-Za-z0-9_-]{32,250}").near(exact("sk-")),
          Rule.whole(AWS_ACCESS_KEY_ID, "\\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\\b").near(exact("AKIA", "ASIA", "ABIA", "ACCA", "A3T")),
          Rule.group(
              AWS_SECRET_ACCESS_KEY,
              "(?i:aws)[A-Za-z0-9_.-]{0,30}?(?i:secret|private)[A-Za-z0-9_.-]{0,30}[\"']?\\s{0,5}(?:=|:|=>|:=)\\s{0,5}[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])").near(anyCase("aws")),
          // The secret that travels with a key id, given positionally: new Credentials("AKIA..", "..").
          Rule.group(
              AWS_SECRET_ACCESS_KEY,
              "<REDACTED:aws_access_key_id>[^\\n]{0,200}?(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])").near(exact("<REDACTED:aws_access_key_id>")),
          Rule.group(
              AZURE_CONNECTION_STRING,
              "(?i:AccountKey|SharedAccessKey|SharedAccessSignature|SharedSecret)\\s{0,3}=\\s{0,3}([A-Za-z0-9+/%&=:_-]{20,400}+)").near(anyCase("accountkey", "sharedaccess", "sharedsecret")),
          // scheme://user:password@host; a ${VAR} or {{placeholder}} is not a password.
          Rule.group(URL_PASSWORD, "\\b[A-Za-z][A-Za-z0-9+.-]{0,20}://[^\\s/:@\"'<>]{1,100}:([^\\s/@\"'<>]{1,200})@").near(exact("://")),
          // name = "value", name: 'value', "name": "value", <name>value</name>
          Rule.group(
              PASSWORD_ASSIGNMENT,
              "(?<![A-Za-z0-9_.-])" + PASSWORD_NAME + "[\"']?\\s{0,5}(?:=|:|=>|:=)\\s{0,5}[\"']([^\"'\\s]{1,500})[\"']").near(PASSWORD_TRIGGER),
          // name=value / name: value / export NAME=value alone on a line (properties, YAML, .env, ini)
          Rule.group(
              PASSWORD_ASSIGNMENT,
              "(?m)^[ \\t]{0,40}(?:export[ \\t]{1,5})?" + PASSWORD_NAME + "[ \\t]{0,5}[=:][ \\t]{0,5}([^\\s\"'#;,(){}\\[\\]]{1,500})[ \\t]{0,40}(?:[#;].{0,200})?$").near(PASSWORD_TRIGGER),
          Rule.group(
              PASSWORD_ASSIGNMENT,
              "<(" + "[A-Za-z0-9_.:-]{0,40}?(?i:password|passwd|secret)[A-Za-z0-9_.:-]{0,40}" + ")>([^<\\s]{1,500})</\\1>",
              2).near(PASSWORD_TRIGGER),
          // <property name="connection.password">value</property>, or value="..." in the same tag
          Rule.group(
              PASSWORD_ASSIGNMENT,
              "\\bname\\s{0,3}=\\s{0,3}[\"'][^\"'<>]{0,80}?(?i:password|passwd|secret)[^\"'<>]{0,80}[\"'](?:\\s{1,5}value\\s{0,3}=\\s{0,3}[\"']([^\"'\\s]{1,500})[\"']|[^<>]{0,100}>([^<\\s]{1,500})<)",
              -1).near(PASSWORD_TRIGGER),
          // A token prefix as its own literal, the rest concatenated on: "ghp_" + "abc.." + "def..".
          Rule.whole(
              SPLIT_TOKEN,
              "\"(?:gh[pousr]_|github_pat_|glpat-|xox[abposr]-|sk_live_|sk-proj-|AKIA|ASIA)\"(?:\\s{0,20}\\+\\s{0,20}\"[A-Za-z0-9_+/=-]{1,200}\"){1,20}").near(exact("\"gh", "\"github_pat_", "\"glpat-", "\"xox", "\"sk_live_", "\"sk-proj-", "\"AKIA", "\"ASIA")),
          Rule.entropy(
              HIGH_ENTROPY,
              "(?<![A-Za-z0-9_.-])" + KEYISH_NAME + "[\"']?\\s{0,5}(?:=|:|=>|:=)\\s{0,5}[\"']([A-Za-z0-9+/=_.~-]{16,1000})[\"']").near(KEYISH_TRIGGER),
          Rule.entropy(
              HIGH_ENTROPY,
              "(?m)^[ \\t]{0,40}(?:export[ \\t]{1,5})?" + KEYISH_NAME + "[ \\t]{0,5}[=:][ \\t]{0,5}([A-Za-z0-9+/=_.~-]{16,1000})[ \\t]{0,40}$").near(KEYISH_TRIGGER));

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
    String current = text;
    String lower = null; // the ASCII-lowered text, made once and again only after a replacement
    for (Rule rule : RULES) {
      if (lower == null && rule.trigger() != null && rule.trigger().anyCase()) {
        lower = Trigger.asciiLowerCase(current);
      }
      String next = rule.apply(current, lower, counts);
      if (next != current) {
        current = next;
        lower = null;
      }
    }
    return new Result(current, counts);
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
        + "password|passwd|secret|pwd|token|your[_-]?\\w*|example\\w*|dummy\\w*|"
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
    double h = entropy(v);
    if (v.matches("[0-9a-fA-F-]+")) {
      return h >= 3.0;
    }
    // Base62/base64 keys mix cases; a one-case value must be long and dense to count (cl100kbasetokenizer).
    boolean mixedCase = !v.equals(v.toLowerCase(Locale.ROOT)) && !v.equals(v.toUpperCase(Locale.ROOT));
    return mixedCase ? h >= 3.5 : v.length() >= 24 && h >= 4.0;
  }

  private static Trigger exact(String... literals) {
    return new Trigger(List.of(literals), false);
  }

  private static Trigger anyCase(String... lowerCaseLiterals) {
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
  private record Rule(
      String kind, Pattern pattern, int group, boolean entropyCheck, Trigger trigger, int afterTrigger) {
    private static final int BEFORE_TRIGGER = 128;
    private static final int AFTER_TRIGGER = 1400;
    /** A literal trigger may end a little before the phrase it stands for ({@code "gh} for {@code "ghp_"}). */
    private static final int LITERAL_SLACK = 16;

    static Rule whole(String kind, String regex) {
      return new Rule(kind, Pattern.compile(regex), 0, false, null, 0);
    }

    static Rule group(String kind, String regex) {
      return new Rule(kind, Pattern.compile(regex), 1, false, null, 0);
    }

    static Rule group(String kind, String regex, int group) {
      return new Rule(kind, Pattern.compile(regex), group, false, null, 0);
    }

    static Rule entropy(String kind, String regex) {
      return new Rule(kind, Pattern.compile(regex), 1, true, null, 0);
    }

    Rule near(Trigger trigger) {
      return near(trigger, AFTER_TRIGGER);
    }

    /** {@code after}: how far past the trigger a match can end. */
    Rule near(Trigger trigger, int after) {
      return new Rule(kind, pattern, group, entropyCheck, trigger, after);
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

    private void addMatch(Matcher m, List<int[]> out) {
      int g = group >= 0 ? group : firstMatched(m);
      if (m.start(g) < 0) {
        return;
      }
      out.add(new int[] {m.start(g), m.end(g), g});
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
    String apply(String text, String lower, Map<String, Integer> counts) {
      List<int[]> spans = new ArrayList<>();
      for (int[] found : matches(text, lower)) {
        String value = text.substring(found[0], found[1]);
        if (found[2] > 0 && isPlaceholder(value)) {
          continue;
        }
        if (entropyCheck && !looksRandom(value)) {
          continue;
        }
        spans.add(found);
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
