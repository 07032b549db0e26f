package dev.repotune.extractors.secrets;

/**
 * Secrets, then personal data, out of one text that did not come from a redacted file: a commit's message
 * and diffs, a test's failure message, a compiler's line, a patch. The rules are the files' own
 * ({@link SecretRedactor}, {@link PiiRedactor}); e-mail addresses stay only with {@code keepEmails}.
 */
public final class TextRedaction {
  private final SecretRedactor secrets = new SecretRedactor();
  private final PiiRedactor pii;

  /** What one text became and how many secrets and personal data it held. */
  public record Redacted(String text, int total) {}

  public TextRedaction(boolean keepEmails) {
    this.pii = new PiiRedactor(!keepEmails, true);
  }

  /** The text redacted, with the count; "" for null. */
  public Redacted redactCounted(String text) {
    if (text == null || text.isEmpty()) {
      return new Redacted(text == null ? "" : text, 0);
    }
    SecretRedactor.Result s = secrets.redact(text);
    SecretRedactor.Result p = pii.redact(s.text());
    return new Redacted(p.text(), s.total() + p.total());
  }

  /** The text redacted; "" for null. */
  public String redact(String text) {
    return redactCounted(text).text();
  }
}
