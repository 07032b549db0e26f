package dev.repotune.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A repository with planted copies: a copy-pasted class (another package and name), a method renamed but
 * otherwise the same (its Javadoc differs by one word: two near-identical Javadocs), and distinct code that
 * must survive, including a method whose Javadoc matches a copied one but whose body is its own.
 */
public final class DuplicateFixture {
  private DuplicateFixture() {}

  static final String WEIGHTED_DOC =
      """
          /**
           * Adds every value above the limit, weighted, and subtracts the others; the total is clamped to
           * the configured bounds and shifted by the offset before it is returned to the caller.
           *
           * @param values the samples to fold, in any order
           * @return the clamped weighted total
           */
      """;

  static final String WEIGHTED_BODY =
      """
          {
            int total = 0;
            for (int i = 0; i < values.length; i++) {
              if (values[i] > limit) {
                total += values[i] * weight;
              } else {
                total -= values[i];
              }
            }
            int clamped = Math.max(minimum, Math.min(maximum, total));
            return clamped + offset * scale - bias;
          }
      """;

  static String stats(String pkg, String type) {
    return "package " + pkg + ";\n\n"
        + "/** Folds samples into totals for the acme reports. */\n"
        + "public class " + type + " {\n"
        + "  private int limit = 10;\n  private int weight = 2;\n  private int minimum = -100;\n"
        + "  private int maximum = 100;\n  private int offset = 1;\n  private int scale = 3;\n  private int bias = 4;\n\n"
        + WEIGHTED_DOC
        + "  public int weightedTotal(int[] values)\n" + WEIGHTED_BODY + "\n"
        + """
            /**
             * Returns the arithmetic mean of the samples, or zero for an empty array so callers need no
             * special case for a report without data.
             *
             * @param values the samples
             * @return their mean
             */
            public double mean(int[] values) {
              if (values.length == 0) {
                return 0;
              }
              long sum = 0;
              for (int v : values) {
                sum += v;
              }
              return (double) sum / values.length;
            }
          }
          """;
  }

  /** The renamed method: same body, Javadoc one word apart, in a class that is otherwise its own. */
  static final String REPORTS =
      """
      package com.acme.reports;

      /** Builds the weekly report lines. */
      public class Reports {
        private int limit = 10;
        private int weight = 2;
        private int minimum = -100;
        private int maximum = 100;
        private int offset = 1;
        private int scale = 3;
        private int bias = 4;

      """
          + WEIGHTED_DOC.replace("to the caller", "to the reader")
          + "  public int sumWeighted(int[] values)\n"
          + WEIGHTED_BODY
          + """

            /**
             * Adds every value above the limit, weighted, and subtracts the others; the total is clamped to
             * the configured bounds and shifted by the offset before it is returned to the caller.
             *
             * @param values the samples to fold, in any order
             * @return the clamped weighted total
             */
            public int headline(int[] values) {
              StringBuilder line = new StringBuilder("Week: ");
              for (int v : values) {
                line.append(Integer.toHexString(v)).append(',');
              }
              return line.toString().hashCode() ^ values.length;
            }

            /**
             * Formats the report title with the team name in upper case and the week number padded to two
             * digits, as the printed header expects.
             *
             * @param team the team's display name
             * @param week the ISO week number
             * @return the title line
             */
            public String title(String team, int week) {
              String padded = week < 10 ? "0" + week : Integer.toString(week);
              return team.toUpperCase() + " / week " + padded;
            }
          }
          """;

  /** A licence header as long as the code of the small files below: not a reason to call them copies. */
  static final String LICENCE =
      "/*\n * Copyright (c) 2024, Acme Corp. All rights reserved.\n"
          + " * This code is free software; you can redistribute it and/or modify it under the terms of the\n"
          + " * GNU General Public License version 2 only, as published by the Free Software Foundation.\n"
          + " * This code is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without\n"
          + " * even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See the GNU\n"
          + " * General Public License version 2 for more details (a copy is included in the LICENSE file).\n"
          + " * Please contact Acme Corp, 1 Example Road, Springfield, or visit www.acme.example if you need\n"
          + " * additional information or have any questions about this code or its licensing terms.\n */\n";

  /**
   * Opposite logic that word shingles cannot tell apart, verbatim: jsoup's {@code Element.nextClassStart}
   * and {@code nextClassEnd} (one {@code !} apart) and commons-lang3's {@code NumberUtils.min} and
   * {@code max} of three shorts ({@code <} against {@code >}).
   */
  static final String CLASS_TOKENS =
      """
      package com.acme.text;

      /** Splits class attributes. */
      final class ClassTokens {
          /**
           Find the next class token start.
           */
          private static int nextClassStart(String classAttr, int offset, int len) {
              while (offset < len && StringUtil.isWhitespace(classAttr.charAt(offset))) offset++;
              return offset;
          }

          /**
           Find the next class token end.
           */
          private static int nextClassEnd(String classAttr, int offset, int len) {
              while (offset < len && !StringUtil.isWhitespace(classAttr.charAt(offset))) offset++;
              return offset;
          }
      }
      """;

  static final String NUMBER_UTILS =
      """
      package com.acme.math;

      /** Numbers. */
      public class NumberUtils {
          /**
           * Gets the maximum of three {@code short} values.
           *
           * @param a  value 1
           * @param b  value 2
           * @param c  value 3
           * @return  the largest of the values
           */
          public static short max(short a, final short b, final short c) {
              if (b > a) {
                  a = b;
              }
              if (c > a) {
                  a = c;
              }
              return a;
          }

          /**
           * Gets the minimum of three {@code short} values.
           *
           * @param a  value 1
           * @param b  value 2
           * @param c  value 3
           * @return  the smallest of the values
           */
          public static short min(short a, final short b, final short c) {
              if (b < a) {
                  a = b;
              }
              if (c < a) {
                  a = c;
              }
              return a;
          }
      }
      """;

  public static Map<String, byte[]> files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        "src/main/java/com/acme/auth/AuthScheme.java",
        FixtureRepo.utf8(LICENCE + "package com.acme.auth;\n\npublic enum AuthScheme { BASIC, DIGEST, NTLM, KERBEROS }\n"));
    files.put(
        "src/main/java/com/acme/spi/ColorProvider.java",
        FixtureRepo.utf8(
            LICENCE + "package com.acme.spi;\n\npublic interface ColorProvider {\n  int rgb(String name);\n}\n"));
    files.put("src/main/java/com/acme/stats/Stats.java", FixtureRepo.utf8(stats("com.acme.stats", "Stats")));
    files.put(
        "src/main/java/com/acme/legacy/StatsCopy.java",
        FixtureRepo.utf8(stats("com.acme.legacy", "StatsCopy")));
    files.put("src/main/java/com/acme/reports/Reports.java", FixtureRepo.utf8(REPORTS));
    files.put("src/main/java/com/acme/text/ClassTokens.java", FixtureRepo.utf8(CLASS_TOKENS));
    files.put("src/main/java/com/acme/math/NumberUtils.java", FixtureRepo.utf8(NUMBER_UTILS));
    return files;
  }
}
