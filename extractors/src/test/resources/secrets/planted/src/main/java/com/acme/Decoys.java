package com.acme;

import java.util.UUID;

/** Constants that look like secrets to a careless scanner but are not. */
public final class Decoys {
  static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  static final String ICON_PNG_BASE64 =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
  static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  static final String CACHE_KEY_PREFIX = "com.acme.cache.keyPrefix";
  static final String PASSWORD_FIELD = "password";
  static final String TOKEN_TYPE = "Bearer";
  static final String KEYBOARD_LAYOUT_KEY = "qwertyuiopasdfghjkl";
  static final String REQUEST_ID = "3f2b8c1e-9a4d-4e7b-8c2d-1f0e9d8c7b6a";
  static final String PASSWORD_PROMPT = "Enter your password:";
  static final String BUILD_CACHE_KEY = "5e1f9c0b7a2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f";

  static String password() {
    String password = System.getenv("DB_PASSWORD");
    String sessionKey = UUID.randomUUID().toString();
    return password + sessionKey;
  }

  private Decoys() {}
}
