package com.acme;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class CredentialsTest {
  // Test data: a GitLab token and a Slack bot token that the parser must accept.
  private static final String GITLAB = "glpat-IChtP8HKQDLM7ToThwNS";
  private static final String SLACK_BOT = "xoxb-1234567890-1234567890123-cgrLRWzBQCABugjMgeP7cGq0";
  private static final String FINE_GRAINED = "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";

  @Test
  public void parsesSessionCredentials() {
    Credentials c = Credentials.parse("ASIAQEQPNO57YE6SCMEJ", "VQpvsTnkIAeDfR/rGsNrfSthSdddxH5jMT/F7eBS");
    assertEquals("ASIAQEQPNO57YE6SCMEJ", c.accessKeyId());
  }
}
