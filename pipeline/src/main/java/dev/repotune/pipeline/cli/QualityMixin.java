package dev.repotune.pipeline.cli;

import dev.repotune.pipeline.RepotuneOptions;
import picocli.CommandLine.Option;

/** What is kept that FilterSamples and RedactSecrets would otherwise take out. */
final class QualityMixin {
  @Recorded
  @Option(names = "--language", description = "en drops questions that are not English; any keeps all (default: ${DEFAULT-VALUE}).", defaultValue = "any")
  String language;

  @Recorded
  @Option(names = "--keep-trivial-code", description = "Keep questions about getters, setters and one-statement toString/equals/hashCode.")
  boolean keepTrivialCode;

  @Recorded
  @Option(names = "--keep-emails", description = "Keep e-mail addresses (by default they become <REDACTED:email>; secrets and public IPs are always redacted).")
  boolean keepEmails;

  @Recorded
  @Option(names = "--keep-licence-headers", description = "Keep each file's leading licence comment in the CPT documents (by default it is stripped: every file repeats it).")
  boolean keepLicenceHeaders;

  void validate() {
    Usage.check(language.equals("en") || language.equals("any"), "--language must be en or any, got " + language);
  }

  void applyTo(RepotuneOptions o) {
    o.setLanguage(language);
    o.setKeepTrivialCode(keepTrivialCode);
    o.setKeepEmails(keepEmails);
    o.setKeepLicenceHeaders(keepLicenceHeaders);
  }
}
