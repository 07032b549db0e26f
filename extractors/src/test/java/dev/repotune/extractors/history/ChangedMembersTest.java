package dev.repotune.extractors.history;

import static dev.repotune.extractors.history.HistoryRepos.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangedMembersTest {
  @TempDir Path tmp;

  private static final String BEFORE =
      """
      package org.jsoup.parser;

      import java.util.List;
      import java.util.Map;

      /** Reads tokens. */
      public class Tokeniser {
        private int pos;

        Tokeniser(String input) {
          this.pos = 0;
        }

        /**
         * The next token.
         */
        @Deprecated
        public Token read(List<String> stack, Map.Entry<String, Integer>[] marks) {
          return next(stack);
        }

        private Token next(List<String> stack) {
          return null;
        }

        void unused(int... xs) {
        }

        static class Token {
          String text() { return "a b"; }
        }
      }
      """;

  /** read() changes its body, next() its spacing only, unused() goes, emit() comes, Token.text() a literal. */
  private static final String AFTER =
      """
      package org.jsoup.parser;

      import java.util.List;
      import java.util.Map;

      /** Reads tokens. */
      public class Tokeniser {
        private int pos;

        Tokeniser(String input) {
          this.pos = 0;
        }

        /**
         * The next token.
         */
        @Deprecated
        public Token read(List<String> stack, Map.Entry<String, Integer>[] marks) {
          pos++;
          return next(stack);
        }

        private Token next(List<String> stack)
        {
            return null;
        }

        void emit(Token t) {
          pos--;
        }

        static class Token {
          String text() { return "ab"; }
        }
      }
      """;

  private static FileChange change(String path, String before, String after) {
    return new FileChange("modify", path, path, false, before, after, "", 0, 0);
  }

  @Test
  void changedAddedAndDeletedMembersInTheAfterSidesOrder() {
    List<MemberChange> members =
        ChangedMembers.of(change("src/main/java/org/jsoup/parser/Tokeniser.java", BEFORE, AFTER));
    assertEquals(
        List.of(
            "Tokeniser.read(List, Map.Entry[])",
            "Tokeniser.emit(Token)",
            "Tokeniser.Token.text()",
            "Tokeniser.unused(int...)"),
        members.stream().map(MemberChange::symbol).toList());

    MemberChange read = members.get(0);
    assertEquals("method", read.kind());
    assertEquals("src/main/java/org/jsoup/parser/Tokeniser.java", read.path());
    assertFalse(read.test());
    assertEquals(
        """
          /**
           * The next token.
           */
          @Deprecated
          public Token read(List<String> stack, Map.Entry<String, Integer>[] marks) {
            return next(stack);
          }
        """.stripTrailing(),
        read.before());
    assertTrue(read.after().contains("    pos++;\n"), read.after());
    assertTrue(read.after().startsWith("  /**\n   * The next token."), read.after());

    MemberChange emit = members.get(1);
    assertNull(emit.before());
    assertEquals("  void emit(Token t) {\n    pos--;\n  }", emit.after());
    MemberChange unused = members.get(3);
    assertEquals("  void unused(int... xs) {\n  }", unused.before());
    assertNull(unused.after());
    assertEquals("    String text() { return \"ab\"; }", members.get(2).after());
  }

  @Test
  void typeHeadersAndConstructorsCountWhenTheyChange() {
    String after =
        BEFORE.replace("public class Tokeniser {", "public final class Tokeniser implements AutoCloseable {")
            .replace("this.pos = 0;", "this.pos = input.length();");
    List<MemberChange> members = ChangedMembers.of(change("Tokeniser.java", BEFORE, after));
    assertEquals(
        List.of("Tokeniser", "Tokeniser.Tokeniser(String)"), members.stream().map(MemberChange::symbol).toList());
    assertEquals("type", members.get(0).kind());
    assertEquals("/** Reads tokens. */\npublic class Tokeniser {", members.get(0).before());
    assertEquals(
        "/** Reads tokens. */\npublic final class Tokeniser implements AutoCloseable {", members.get(0).after());
    assertEquals("constructor", members.get(1).kind());
  }

  @Test
  void whitespaceAndRewrappedJavadocAreNoChange() {
    String after =
        BEFORE.replace("/**\n   * The next token.\n   */", "/** The next\n   * token. */").replace("  ", "    ");
    assertEquals(List.of(), ChangedMembers.of(change("Tokeniser.java", BEFORE, after)));
    String doc = BEFORE.replace("The next token.", "The next token, or null.");
    assertEquals(
        List.of("Tokeniser.read(List, Map.Entry[])"),
        ChangedMembers.of(change("Tokeniser.java", BEFORE, doc)).stream().map(MemberChange::symbol).toList());
  }

  @Test
  void aSideThatDoesNotParseGivesNothing() {
    assertEquals(List.of(), ChangedMembers.of(change("Tokeniser.java", BEFORE, AFTER.replace("pos--;", "pos--"))));
    assertEquals(List.of(), ChangedMembers.of(change("Tokeniser.kt", BEFORE, AFTER)));
    assertEquals(
        List.of(), ChangedMembers.of(new FileChange("modify", "A.java", "A.java", true, null, null, "", 0, 0)));
  }

  @Test
  void addedAndDeletedFilesGiveAllTheirMembers() {
    FileChange added = new FileChange("add", null, "Tokeniser.java", false, null, AFTER, "", 0, 0);
    List<MemberChange> members = ChangedMembers.of(added);
    assertEquals("Tokeniser", members.get(0).symbol());
    assertEquals(7, members.size()); // 2 types, 1 constructor, 4 methods
    assertTrue(members.stream().allMatch(m -> m.before() == null && m.after() != null));
    FileChange deleted = new FileChange("delete", "Tokeniser.java", null, false, BEFORE, null, "", 0, 0);
    assertTrue(ChangedMembers.of(deleted).stream().allMatch(m -> m.after() == null && m.before() != null));
  }

  @Test
  void testCodeByPathOrByATestClassName() {
    String test = "package p;\nimport org.junit.jupiter.api.Test;\nclass ParserTest {\n  @Test void a() {}\n}\n";
    String edited = test.replace("a() {}", "a() { int x = 1; }");
    assertTrue(ChangedMembers.of(change("src/test/java/p/ParserTest.java", test, edited)).get(0).test());
    assertTrue(ChangedMembers.of(change("p/ParserTest.java", test, edited)).get(0).test());
    String noFramework = test.replace("import org.junit.jupiter.api.Test;\n", "");
    assertFalse(
        ChangedMembers.of(change("p/ParserTest.java", noFramework, noFramework.replace("{}", "{ int x = 1; }")))
            .get(0)
            .test());
  }

  @Test
  void membersOfARealCommit() throws Exception {
    try (Repository repo = HistoryRepos.init(tmp.resolve("r"))) {
      String path = "src/main/java/org/jsoup/parser/Tokeniser.java";
      ObjectId c0 = commit(repo, null, 0, "Add the tokeniser\n", Map.of(path, BEFORE));
      ObjectId c1 = commit(repo, c0, 1, "Count positions in the tokeniser\n", Map.of(path, AFTER));
      CommitChange ch = CommitDiffs.of(repo, HistoryRepos.info(repo, c1), CommitDiffs.Limits.DEFAULT);
      List<MemberChange> members = ChangedMembers.of(ch.files().get(0));
      assertEquals(4, members.size());
      assertEquals(ChangedMembers.of(change(path, BEFORE, AFTER)), members);
    }
  }
}
