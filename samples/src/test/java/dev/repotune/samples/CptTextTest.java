package dev.repotune.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.SourceFile;
import org.junit.jupiter.api.Test;

class CptTextTest {
  private static final String GSON_HEADER =
      "/*\n * Copyright (C) 2008 Google Inc.\n *\n * Licensed under the Apache License, Version 2.0 (the \"License\");\n"
          + " * you may not use this file except in compliance with the License.\n */\n\n";
  private static final String REST = "package com.google.gson;\n\n/** Gson. */\npublic final class Gson {}\n";

  @Test
  void aLeadingLicenceCommentAndItsBlankLinesGoTheRestStaysByteForByte() {
    assertEquals(REST, CptText.withoutLicenceHeader("java", GSON_HEADER + REST));
    assertEquals(REST, CptText.withoutLicenceHeader("kotlin", "/* SPDX-License-Identifier: MIT */\n" + REST));
    // gson's .proto files are "text" to the language table, and C-like
    assertEquals("syntax = \"proto2\";\n", CptText.withoutLicenceHeader("text", GSON_HEADER + "syntax = \"proto2\";\n"));
  }

  @Test
  void otherLeadingCommentsAndLaterLicenceTextAreKept() {
    String plain = "/*\n * Utilities for parsing.\n */\n" + REST;
    assertEquals(plain, CptText.withoutLicenceHeader("java", plain));
    String later = REST + "/* Copyright (C) 2008 */\n";
    assertEquals(later, CptText.withoutLicenceHeader("java", later));
    // code after the comment on its last line stays
    String sameLine = "/* Copyright 2020 */ package a;\n";
    assertEquals(sameLine, CptText.withoutLicenceHeader("java", sameLine));
    // a README's licence section is prose
    String readme = "<!-- Copyright 2020 -->\n# Title\n";
    assertEquals(readme, CptText.withoutLicenceHeader("markdown", readme));
  }

  @Test
  void markupKeepsItsXmlDeclarationAndHashCommentsKeepTheShebang() {
    String pom = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!--\n  Licensed to the Apache Software Foundation\n-->\n<project/>\n";
    assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project/>\n", CptText.withoutLicenceHeader("xml", pom));
    String sh = "#!/bin/sh\n# Copyright 2020 The Authors\n# Licensed under MIT\n\necho hi\n";
    assertEquals("#!/bin/sh\necho hi\n", CptText.withoutLicenceHeader("shell", sh));
  }

  @Test
  void nonCodeDocumentsAreCutAtALineEndCodeAndMarkdownNever() {
    String line = "<p>" + "x".repeat(95) + "</p>\n"; // 103 characters
    String big = line.repeat(1000);
    String cut = CptText.capped("html", big);
    assertTrue(cut.length() <= CptText.MAX_NON_CODE_CHARS && cut.length() > CptText.MAX_NON_CODE_CHARS - line.length());
    assertTrue(big.startsWith(cut) && cut.endsWith("</p>\n"));
    assertEquals(big, CptText.capped("java", big));
    assertEquals(big, CptText.capped("markdown", big));
    String small = "{\"a\": 1}\n";
    assertEquals(small, CptText.capped("json", small));
  }

  @Test
  void theCptDocumentStripsByDefaultAndKeepsWhenAsked() {
    SourceFile f = new SourceFile("gson", "c", "src/main/java/com/google/gson/Gson.java", "java", "b", GSON_HEADER + REST);
    String header = "// File: src/main/java/com/google/gson/Gson.java\n";
    assertEquals(header + REST, Samples.cptText(f));
    assertEquals(header + GSON_HEADER + REST, Samples.cptText(f, true));
    assertEquals((header + REST).length(), Samples.cpt(f, String::length).meta().tokens());
  }
}
