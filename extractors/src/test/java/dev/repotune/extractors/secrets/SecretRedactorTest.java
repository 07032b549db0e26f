package dev.repotune.extractors.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.secrets.PlantedSecrets.Planted;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretRedactorTest {
  private final SecretRedactor redactor = new SecretRedactor();

  @Test
  void givenPlantedFixture_whenRedacted_thenNoSecretSurvivesAndDecoysDo() throws Exception {
    Path root = PlantedSecrets.root();
    List<String> leaked = new ArrayList<>();
    List<String> overRedacted = new ArrayList<>();
    for (Planted p : PlantedSecrets.expected(root)) {
      String text = Files.readString(root.resolve(p.file()), StandardCharsets.UTF_8);
      String redacted = redactor.redact(text).text();
      boolean survived = redacted.contains(p.needle());
      if (!p.isDecoy() && survived) {
        leaked.add(p.id() + " " + p.kind() + " in " + p.file());
      }
      if (p.isDecoy() && !survived) {
        overRedacted.add(p.id() + " " + p.needle());
      }
    }
    assertEquals(List.of(), leaked, "planted secrets that survived redaction");
    // D14 (a hex build-cache key) is random and named like a key: redacting it is the accepted price.
    assertEquals(List.of("D14 5e1f9c0b7a2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f"), overRedacted, "decoys redacted");
  }

  @Test
  void givenPlantedFixture_whenRedacted_thenLineCountsUnchanged() throws Exception {
    Path root = PlantedSecrets.root();
    for (String f : PlantedSecrets.files(root)) {
      String text = Files.readString(root.resolve(f), StandardCharsets.UTF_8);
      String redacted = redactor.redact(text).text();
      assertEquals(text.lines().count(), redacted.lines().count(), f);
    }
  }

  @Test
  void givenRedactedText_whenRedactedAgain_thenUnchanged() throws Exception {
    Path root = PlantedSecrets.root();
    for (String f : PlantedSecrets.files(root)) {
      String once = redactor.redact(Files.readString(root.resolve(f), StandardCharsets.UTF_8)).text();
      SecretRedactor.Result twice = redactor.redact(once);
      assertEquals(once, twice.text(), f);
      assertEquals(Map.of(), twice.counts(), f);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          aws id in a comment        | // key AKIAQWERTYUIOPASDFGH here                      | aws_access_key_id
          github classic             | t = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"           | github_token
          stripe restricted          | rk_live_51HqWeRtYuIoPaSdFgHjKlZx                      | stripe_key
          url password               | mongodb://app:pa55w0rd@mongo:27017/db                   | url_password
          yaml secret                | secret: hunter22                                        | password_assignment
          env export                 | export API_PASSWORD=s3cr3t-value                        | password_assignment
          quoted password in code    | String password = "Pa$$w0rd!";                          | password_assignment
          high entropy token         | refresh_token = "q8Zr2LmX0vN4tB7yK1wP5sD9"              | high_entropy
          """)
  void givenOneSecret_whenRedacted_thenReplacedWithItsKind(String name, String line, String kind) {
    SecretRedactor.Result r = redactor.redact(line);
    assertEquals(Map.of(kind, 1), r.counts(), r.text());
    assertTrue(r.text().contains("<REDACTED:" + kind + ">"), r.text());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          placeholder        | db.password=${DB_PASSWORD}
          env var name       | password: DB_PASSWORD
          code, not a value  | String password = readPassword(console);
          url without secret | https://user@example.com/repo.git
          url placeholder    | jdbc:postgresql://${USER}:${PASS}@db/app
          dotted name        | cacheKey = "com.acme.cache.keyPrefix"
          word value         | tokenizerName = "cl100kbasetokenizer"
          prose              | Enter your password: then press return
          property key name  | public static final String JAVA_NET_SOCKS_PASSWORD = "java.net.socks.password";
          class name         | static final String SHARED_SECRETS_CLASSNAME = "sun.misc.SharedSecrets";
          field name         | private static final String SECRET_FIELD = "secretField";
          """)
  void givenNoSecret_whenRedacted_thenUnchanged(String name, String line) {
    SecretRedactor.Result r = redactor.redact(line);
    assertEquals(line, r.text());
    assertEquals(0, r.total());
  }

  @Test
  void givenFiftyMegabyteSingleLine_whenRedacted_thenFinishesAndKeepsLength() {
    StringBuilder b = new StringBuilder(50 << 20);
    String unit = "aZ9+/key=token:secret\"'=password ";
    while (b.length() < (50 << 20)) {
      b.append(unit);
    }
    String text = b.toString();
    SecretRedactor.Result r = redactor.redact(text);
    assertEquals(text.length(), r.text().length());
    assertFalse(r.text().contains("\n"));
  }
}
