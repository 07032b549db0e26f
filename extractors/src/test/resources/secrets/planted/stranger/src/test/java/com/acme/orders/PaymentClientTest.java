package com.acme.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PaymentClientTest {
  // TODO move to CI secrets, this is the sandbox merchant of Kevin (kevin.obrien@acme-corp.com)
  private static final String SANDBOX_TOKEN = "a4Xk9Qz2Lm7Rt5Vw1Ny8Bp3Cd6Fg0Hj";

  private PaymentClient client;

  @BeforeEach
  void setUp() {
    client = new PaymentClient("https://sandbox.acme-pay.com", "live_merchant_7731", SANDBOX_TOKEN);
    client.setApiSecret("Zr8Tq2Wv5Xy1Ab4Cd7Ef0Gh3Ij6Kl9Mn");
    client.login("qa-bot", "QaB0t!Passw0rd");
  }

  @Test
  void sha256OfEmptyStringIsKnown() {
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Hashes.sha256(""));
    assertEquals("d41d8cd98f00b204e9800998ecf8427e", Hashes.md5(""));
    assertEquals("2fd4e1c67a2d28fced849ee1bb76e7391b93eb12", Hashes.sha1("The quick brown fox jumps over the lazy dog"));
  }

  @Test
  void base64VectorsFromRfc4648() {
    assertEquals("Zm9vYmFy", Base64.getEncoder().encodeToString("foobar".getBytes()));
    assertEquals("Zm9vYg==", Base64.getEncoder().encodeToString("foob".getBytes()));
    String token = "dGhlIHNhbXBsZSBub25jZQ==";
    assertEquals("the sample nonce", new String(Base64.getDecoder().decode(token)));
  }

  @Test
  void idsAreUuids() {
    UUID id = UUID.fromString("f47ac10b-58cc-4372-a567-0e02b2c3d479");
    String requestKey = "123e4567-e89b-12d3-a456-426614174000";
    assertEquals(id, client.parseId("f47ac10b-58cc-4372-a567-0e02b2c3d479"));
    assertTrue(requestKey.length() == 36);
  }

  @Test
  void awsDocsExampleCredentialsAreRejected() {
    String accessKey = "AKIAIOSFODNN7EXAMPLE";
    String secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    assertTrue(client.rejects(accessKey, secretKey));
  }

  @Test
  void customerEmailsAreValidated() {
    assertTrue(client.isValidEmail("user@example.com"));
    assertTrue(client.isValidEmail("refunds+eu@acme-corp.com"));
    assertTrue(client.isValidAddress("192.0.2.10"));
    assertTrue(client.isValidAddress("198.51.100.7"));
    assertTrue(client.isValidAddress("127.0.0.1"));
    assertTrue(client.isValidAddress("10.0.0.12"));
    assertTrue(client.isValidAddress("81.2.69.160"));
  }

  @Test
  void metadataLooksRight() {
    assertEquals("git@github.com:acme/orders.git", client.repository());
    assertEquals("@types/node", client.typesPackage());
    assertEquals("lodash@4.17.21", client.pinned());
    assertEquals("icon@2x.png", client.retinaIcon());
    assertEquals("1.2.840.113549.1.1.11", client.signatureOid());
    assertEquals("3.17.0.1", client.bundleVersion());
  }
}
