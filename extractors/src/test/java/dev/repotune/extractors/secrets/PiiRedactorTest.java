package dev.repotune.extractors.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PiiRedactorTest {
  private final PiiRedactor pii = new PiiRedactor();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          javadoc author       | * @author Jane Doe <jane.doe@corp.com>          | * @author Jane Doe <REDACTED:email>
          plus address         | assertTrue(isValid("refunds+eu@acme-corp.com")); | assertTrue(isValid("<REDACTED:email>"));
          subdomain            | mail.to=ops@mail.eu.acme.co.uk                  | mail.to=<REDACTED:email>
          mailto               | <a href="mailto:bob@acme.io">Bob</a>             | <a href="mailto:<REDACTED:email>">Bob</a>
          public ip            | metrics: http://34.117.59.81:9091/m             | metrics: http://<REDACTED:ip>:9091/m
          ip at sentence end   | the box at 81.2.69.160.                          | the box at <REDACTED:ip>.
          """)
  void givenPersonalData_whenRedacted_thenReplaced(String name, String line, String expected) {
    assertEquals(expected, pii.redact(line).text());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          example domain       | assertTrue(isValid("user@example.com"));
          test tld             | admin@shop.test
          ssh scp url          | git@github.com:acme/orders.git
          ssh url user         | ssh://git@github.com/acme/orders.git
          npm scope            | "@types/node": "^20.0.0"
          npm version          | lodash@4.17.21
          retina image         | icon@2x.png
          annotation           | @Override public String toString() { return "@" + name; }
          javadoc tag          | {@link Foo#bar} and {@code a@b}
          documentation ip     | 192.0.2.10 198.51.100.7 203.0.113.9
          loopback and private | 127.0.0.1 10.0.0.12 172.16.4.21 192.168.1.1 0.0.0.0
          netmask              | 255.255.255.0
          oid                  | 1.2.840.113549.1.1.11
          version              | Bundle-Version: 3.17.0.1
          version after        | assertEquals("3.17.0.1", bundleVersion());
          date                 | 01.02.2023.10
          sections             | (see JLS SE 7 15.12.2.7/15.12.2.8)
          """)
  void givenNoPersonalData_whenRedacted_thenUnchanged(String name, String line) {
    SecretRedactor.Result r = pii.redact(line);
    assertEquals(line, r.text());
    assertEquals(Map.of(), r.counts());
  }

  @Test
  void givenKeepEmails_whenRedacted_thenOnlyIpsGo() {
    SecretRedactor.Result r = new PiiRedactor(false, true).redact("jane@corp.com at 81.2.69.160");
    assertEquals("jane@corp.com at <REDACTED:ip>", r.text());
    assertEquals(Map.of("ip", 1), r.counts());
  }

  @Test
  void givenManyAddresses_whenRedacted_thenCountedByKindAndLinesKept() {
    String text = "a@corp.com\nb@corp.com c@corp.com\n34.117.59.81\n";
    SecretRedactor.Result r = pii.redact(text);
    assertEquals(Map.of("email", 3, "ip", 1), r.counts());
    assertEquals(text.lines().count(), r.text().lines().count());
  }
}
