package dev.repotune.extractors.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommitMessagesTest {
  private static void rejected(String reason, String message) {
    assertEquals(Optional.of(reason), CommitMessages.reject(message), message);
  }

  private static void passes(String message) {
    assertEquals(Optional.empty(), CommitMessages.reject(message), message);
  }

  @Test
  void subjectIsTheFirstLineWithoutBookkeeping() {
    assertEquals("Fix the parser for nested tables", CommitMessages.subject("Fix the parser for nested tables.\n"));
    assertEquals(
        "Add a cache to the selector", CommitMessages.subject("\n\n  Add a cache to the selector (#1234)  \n"));
    assertEquals("Handle empty attributes", CommitMessages.subject("[parser] [JSOUP-12] Handle empty attributes\n"));
    assertEquals(
        "Avoid an NPE in StringUtils.join", CommitMessages.subject("LANG-1499: Avoid an NPE in StringUtils.join"));
    assertEquals("Keep the dots...", CommitMessages.subject("Keep the dots..."));
    assertEquals(
        "Support the template element",
        CommitMessages.subject("Merge pull request #1500 from someone/template\n\nSupport the template element\n"));
    assertEquals("", CommitMessages.subject(""));
    assertEquals("Clean up (#12) in the middle", CommitMessages.subject("Clean up (#12) in the middle"));
  }

  @Test
  void bodyIsTheRestWithoutTrailers() {
    String message =
        "Fix the parser\n\nThe tokeniser lost the last attribute.\nCo-authored-by: Ann <ann@example.com>\n"
            + "More text.\n\nSigned-off-by: Bob <bob@example.com>\nReviewed-by: Cy <cy@x.org>\nChange-Id: I1234\n";
    assertEquals("The tokeniser lost the last attribute.\nMore text.", CommitMessages.body(message));
    assertFalse(CommitMessages.body(message).contains("@"));
    assertEquals("", CommitMessages.body("Only a subject\n"));
    assertEquals(
        "It was slow.", CommitMessages.body("Merge pull request #3 from a/b\n\nSpeed up the lexer\n\nIt was slow.\n"));
  }

  @Test
  void withoutTrailersKeepsTheRestAsWritten() {
    assertEquals(
        "Fix it\n\nBecause.\n  indented\n",
        CommitMessages.withoutTrailers("Fix it\n\nBecause.\nCo-Authored-By: A <a@b.c>\n  indented\nChange-Id: I1\n"));
    String subject = "Signed-off-by: the subject stays";
    assertEquals(subject, CommitMessages.withoutTrailers(subject));
  }

  @Test
  void lengthRules() {
    rejected("subject_too_short", "Fix a b");
    passes("Fix the NPE");
    rejected("subject_too_long", "Add support for " + "a".repeat(105));
    passes("Add support for " + "a".repeat(104)); // 120 characters
  }

  @Test
  void wordCountRule() {
    rejected("too_few_words", "Refactored ElementSelector");
    passes("Refactored the ElementSelector");
  }

  @Test
  void bareWordRule() {
    rejected("bare_word", "Minor fixes.");
    rejected("bare_word", "WIP: more changes");
    rejected("bare_word", "Update README (#12)");
    rejected("bare_word", "Fix typos!");
    passes("Fix a typo in Element.text docs");
  }

  @Test
  void hashAndUrlRule() {
    rejected("hash_like", "3f2a9c1d7be04e5f8a6b");
    rejected("hash_like", "see https://github.com/jhy/jsoup/issues/1234");
    passes("Revert 3f2a9c1 because it broke the build");
  }

  @Test
  void versionOnlyRule() {
    rejected("version_only", "v1.15.4");
    rejected("version_only", "Version 2.0.1-beta1");
    rejected("version_only", "1.2.3");
    passes("Use version 2 of the parser");
  }

  @Test
  void imperativeRuleAcceptsThePastAndThirdPersonOfItsVerbs() {
    passes("Add support for the template element");
    passes("Added support for the template element");
    passes("Fixed an NPE when the base URI is empty");
    passes("Fixes an NPE when the base URI is empty");
    passes("Simplified the token queue");
    passes("Dropped the legacy entity table");
    passes("Removed unused imports from Tokeniser");
    passes("Made Element.text faster");
    passes("Don't lower-case attribute values");
    passes("parser: handle unclosed comments at the end");
    passes("Only send the relevant characters into the matcher"); // javapoet's: an adverb before the verb
    passes("Temporarily add jsr305 automodule to module-info"); // jsoup's
    passes("Qualify types masked by type variables");
    rejected("not_imperative", "Only the parser changed here");
    rejected("not_imperative", "Adding support for the template element");
    rejected("not_imperative", "Some more work on the parser");
    rejected("not_imperative", "Bump jsoup to the latest");
    rejected("not_imperative", "Merged the two parsers together");
  }

  @Test
  void verbFormsMapOnlyToListedVerbs() {
    assertTrue(CommitMessages.isVerbForm("applies"));
    assertTrue(CommitMessages.isVerbForm("skipped"));
    assertTrue(CommitMessages.isVerbForm("used"));
    assertFalse(CommitMessages.isVerbForm("bumped"));
    assertFalse(CommitMessages.isVerbForm("initial"));
    assertFalse(CommitMessages.isVerbForm(""));
  }
}
