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
  private final PiiRedactor pii = new PiiRedactor();

  /** What the pipeline's RedactSecrets stage does to a file: secrets first, then personal data. */
  private String both(String text) {
    return pii.redact(redactor.redact(text).text()).text();
  }

  @Test
  void givenPlantedFixture_whenRedacted_thenNoSecretSurvivesAndDecoysDo() throws Exception {
    Path root = PlantedSecrets.root();
    List<String> leaked = new ArrayList<>();
    List<String> overRedacted = new ArrayList<>();
    for (Planted p : PlantedSecrets.expected(root)) {
      String text = Files.readString(root.resolve(p.file()), StandardCharsets.UTF_8);
      String redacted = both(text);
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
      String redacted = both(text);
      assertEquals(text.lines().count(), redacted.lines().count(), f);
    }
  }

  @Test
  void givenRedactedText_whenRedactedAgain_thenUnchanged() throws Exception {
    Path root = PlantedSecrets.root();
    for (String f : PlantedSecrets.files(root)) {
      String once = both(Files.readString(root.resolve(f), StandardCharsets.UTF_8));
      SecretRedactor.Result twice = redactor.redact(once);
      assertEquals(once, twice.text(), f);
      assertEquals(Map.of(), twice.counts(), f);
      assertEquals(Map.of(), pii.redact(once).counts(), f);
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
          basic header in java       | c.setRequestProperty("Authorization", "Basic dXNlcjpQYXNzdzByZCE="); | basic_auth
          basic header concatenated  | String h = "Basic " + "dXNlcjpQYXNzdzByZCE=";           | basic_auth
          basic header in properties | http.header=Authorization: Basic dXNlcjpQYXNzdzByZCE=   | basic_auth
          bearer header              | h.put("Authorization", "Bearer eK7pQ2vX9mR4tB1nW6zL3cY8dF5gH0jS"); | bearer_token
          getConnection password     | DriverManager.getConnection(url, "admin", "Adm1n-pw");  | password_argument
          jdbc url password          | jdbc:mysql://db/app?user=app&password=s3cr3tPw          | connection_string_password
          sqlserver user;password    | jdbc:sqlserver://db:1433;user=sa;password=Sql!2019      | connection_string_password
          ado.net connection string  | "Server=db;User Id=app;Password=Bl1ng-Pw;Encrypt=True"  | connection_string_password
          oracle thin user/password  | jdbc:oracle:thin:scott/T1ger-Pw@db:1521:ORCL            | url_password
          curl -u                    | curl -fsS -u deployer:N3xus-D3ploy https://nexus.acme/  | cli_password
          mysql -p                   | mysql -h db -u root -pR00tMysql2019 app                 | cli_password
          setter                     | client.setApiSecret("Zr8Tq2Wv5Xy1Ab4Cd7Ef0Gh3Ij6Kl9Mn"); | password_argument
          header name and value      | c.setRequestProperty("X-Api-Key", "c6f1a9e2b7d04f3c8e5a1b9d2f7c4e6a"); | high_entropy
          db_pass constant           | private static final String DB_PASS = "Orcl#Adm1n2018"; | password_assignment
          sendgrid                   | key: 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 | sendgrid_key
          vault                      | VAULT_TOKEN=hvs.wMs54R_gKV-FCPxmDkNGwiuzN1JXmBEax5KXOpwM9c6qOO7mAWl4ZeW_WrcKGxq8ZhVI3IYoT5lg_tcuA4zSY6Bm1a7 | vault_token
          twilio                     | twilio.sid=SK30009d2469970e1ab51ae06c77d0763f           | twilio_key
          npm                        | //registry.npmjs.org/:_authToken=npm_6nij066abzri497lb95cqt4gs5x209jbrq7l | npm_token
          google api key             | maps.api=AIza8n5rWOcXWxYGBWqMXc45MRlfOj4RlOBuSof       | google_api_key
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
          basic prose        | Uses Basic authentication over TLS only.
          basic test vector  | assertEquals("Zm9vYmFy", Basic.encode("foobar"));
          uuid under a key   | String requestKey = "123e4567-e89b-12d3-a456-426614174000";
          digest of nothing  | digestKey = "d41d8cd98f00b204e9800998ecf8427e"
          base64 of prose    | String token = "dGhlIHNhbXBsZSBub25jZQ==";
          aws documented     | aws_access_key_id = AKIAIOSFODNN7EXAMPLE
          aws documented key | aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
          algorithm name     | static final String SIGNATURE_SSLRSA = "MD5andSHA1withRSA";
          words and digits   | keyMaterialAlg = "SunTls12KeyMaterial";
          code assignment    |         secret = tmp;
          ternary of names   | "SunTls12RsaPremasterSecret" : "SunTlsRsaPremasterSecret";
          connection no pw   | jdbc:postgresql://db:5432/app?user=app&password=${DB_PASSWORD}
          curl with env      | curl -u "$NEXUS_USER:$NEXUS_PASSWORD" https://nexus/
          login with var     | client.login(user, password);
          getConnection vars | DriverManager.getConnection(url, user, pass);
          """)
  void givenNoSecret_whenRedacted_thenUnchanged(String name, String line) {
    SecretRedactor.Result r = redactor.redact(line);
    assertEquals(line, r.text());
    assertEquals(0, r.total());
  }

  @Test
  void givenPasswordRepeatedInComment_whenRedacted_thenEveryCopyGoes() {
    String text =
        """
        /** The DBA account is admin, password Orcl#Adm1n2018 (rotate it). */
        class Dao {
          // same as in the wiki: Orcl#Adm1n2018
          private static final String DB_PASSWORD = "Orcl#Adm1n2018";
        }
        """;
    SecretRedactor.Result r = redactor.redact(text);
    assertFalse(r.text().contains("Orcl#Adm1n2018"), r.text());
    assertEquals(Map.of("password_assignment", 3), r.counts());
    assertEquals(text.lines().count(), r.text().lines().count());
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
