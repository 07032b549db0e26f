import dev.repotune.extractors.secrets.SecretRedactor;
import java.lang.reflect.Method;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs the redactors over every text file of a folder (as ReadRepository would hand them on) and prints
 * each redaction as file:line, kind and the original line, then counts by kind and the time the
 * redactors took on a second, warm pass. Usage: java -cp extractors/target/classes bench/SecretCounts.java DIR
 */
public class SecretCounts {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.git/")).sorted().toList();
    }
    List<String[]> texts = new ArrayList<>();
    for (Path p : files) {
      byte[] b = Files.readAllBytes(p);
      if (b.length > 10 << 20 || hasNul(b)) continue;
      try {
        String t = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .decode(java.nio.ByteBuffer.wrap(b)).toString();
        texts.add(new String[] {root.relativize(p).toString(), t});
      } catch (CharacterCodingException e) {
        // not UTF-8 text: ReadRepository skips it too
      }
    }
    SecretRedactor secrets = new SecretRedactor();
    Object pii = null;
    Method piiRedact = null;
    try {
      Class<?> c = Class.forName("dev.repotune.extractors.secrets.PiiRedactor");
      pii = c.getConstructor().newInstance();
      piiRedact = c.getMethod("redact", String.class);
    } catch (ClassNotFoundException e) {
      // before PII redaction existed
    }
    Map<String, Integer> counts = new TreeMap<>();
    int filesWith = 0;
    for (int pass = 0; pass < 2; pass++) {
      long t0 = System.nanoTime();
      for (String[] f : texts) {
        String out = secrets.redact(f[1]).text();
        if (piiRedact != null) out = ((SecretRedactor.Result) piiRedact.invoke(pii, out)).text();
        if (pass == 1 && !out.equals(f[1])) {
          filesWith++;
          report(f[0], f[1], out, counts);
        }
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.err.printf("pass %d: %,d files in %,d ms%n", pass + 1, texts.size(), ms);
    }
    System.out.printf("# %s: %,d text files, %,d with a redaction%n", root, texts.size(), filesWith);
    counts.forEach((k, v) -> System.out.printf("#   %-28s %,6d%n", k, v));
  }

  static void report(String file, String before, String after, Map<String, Integer> counts) {
    String[] a = before.split("\n", -1);
    String[] b = after.split("\n", -1);
    for (int i = 0; i < b.length; i++) {
      String line = b[i];
      for (int j = line.indexOf("<REDACTED:"); j >= 0; j = line.indexOf("<REDACTED:", j + 1)) {
        int end = line.indexOf('>', j);
        String kind = line.substring(j + 10, end);
        counts.merge(kind, 1, Integer::sum);
        String orig = i < a.length ? a[i].strip() : "";
        System.out.printf("%s:%d\t%s\t%s%n", file, i + 1, kind, orig.length() > 180 ? orig.substring(0, 180) + "…" : orig);
      }
    }
  }

  static boolean hasNul(byte[] b) {
    for (int i = 0; i < Math.min(b.length, 8000); i++) if (b[i] == 0) return true;
    return false;
  }
}
