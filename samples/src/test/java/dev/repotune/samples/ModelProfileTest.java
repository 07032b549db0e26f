package dev.repotune.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.samples.ModelProfile.Mode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * Every profile's strings byte for byte against the published ones (each assertion names the file it
 * was read from), and the layouts on a small example. docs/profiles.md cites the same sources.
 */
class ModelProfileTest {
  private static final String PRE = "int f() {\n  return ";
  private static final String MID = "1 + 2";
  private static final String SUF = ";\n}\n";

  /** One "token" per character: makes every count in the tokens() tests visible by eye. */
  private static final ToIntFunction<String> CHARS = String::length;

  private static String hex(String s) {
    return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String ascii(String s) {
    return HexFormat.of().formatHex(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static ModelProfile p(String name) {
    return ModelProfile.named(name);
  }

  @Test
  void starcoder2TokensAreTheBigcodeOnes() {
    Map<String, String> t = p("starcoder2").specialTokens();
    // github.com/bigcode-project/Megatron-LM megatron/tokenizer/tokenizer.py (commit 7c325cd):
    // FIM_PREFIX = "<fim_prefix>", FIM_MIDDLE = "<fim_middle>", FIM_SUFFIX = "<fim_suffix>",
    // FIM_PAD = "<fim_pad>", EOD = "<|endoftext|>"
    assertEquals(ascii("<fim_prefix>"), hex(t.get("prefix")));
    assertEquals(ascii("<fim_suffix>"), hex(t.get("suffix")));
    assertEquals(ascii("<fim_middle>"), hex(t.get("middle")));
    assertEquals(ascii("<fim_pad>"), hex(t.get("pad")));
    assertEquals(ascii("<|endoftext|>"), hex(t.get("eos")));
    // StarCoder2 paper (arXiv 2402.19173) §5 repository-context format
    // "<repo_name>reponame<file_sep>filepath0\ncode0<file_sep>..." ; the StarCoder (1) tokenizer had
    // <reponame>/<filename> instead: not these
    assertEquals(ascii("<repo_name>"), hex(t.get("repo_name")));
    assertEquals(ascii("<file_sep>"), hex(t.get("file_sep")));
    assertEquals(List.of("prefix", "suffix", "middle", "pad", "repo_name", "file_sep", "eos"), List.copyOf(t.keySet()));
    assertEquals("3c66696d5f7072656669783e", hex(t.get("prefix")));
  }

  @Test
  void qwenTokensAreTheTokenizerJsonAddedTokens() {
    Map<String, String> t = p("qwen2.5-coder").specialTokens();
    // Qwen/Qwen2.5-Coder tokenizer.json added_tokens 151659..151664 and 151643 (the ids
    // github.com/QwenLM/Qwen2.5-Coder examples/Qwen2.5-Coder-fim.py stops on); the strings as written
    // in examples/Qwen2.5-Coder-repolevel-fim.py (commit d5ead97) and the technical report §3
    assertEquals(ascii("<|fim_prefix|>"), hex(t.get("prefix")));
    assertEquals(ascii("<|fim_suffix|>"), hex(t.get("suffix")));
    assertEquals(ascii("<|fim_middle|>"), hex(t.get("middle")));
    assertEquals(ascii("<|fim_pad|>"), hex(t.get("pad")));
    assertEquals(ascii("<|repo_name|>"), hex(t.get("repo_name")));
    assertEquals(ascii("<|file_sep|>"), hex(t.get("file_sep")));
    assertEquals(ascii("<|endoftext|>"), hex(t.get("eos")));
    assertEquals("3c7c66696d5f7072656669787c3e", hex(t.get("prefix")));
  }

  @Test
  void deepseekTokensUseFullWidthBarsAndTheLowerEighthBlock() {
    Map<String, String> t = p("deepseek-coder").specialTokens();
    // github.com/deepseek-ai/DeepSeek-Coder README.md "2) Code Insertion" (commit 2f9fd85), bytes read
    // with git show: < U+FF5C f i m U+2581 begin U+FF5C >
    int bar = 0xFF5C; // FULLWIDTH VERTICAL LINE, not ASCII '|'
    int block = 0x2581; // LOWER ONE EIGHTH BLOCK, not ASCII '_'
    assertEquals(
        List.of((int) '<', bar, (int) 'f', (int) 'i', (int) 'm', block, (int) 'b', (int) 'e', (int) 'g', (int) 'i',
            (int) 'n', bar, (int) '>'),
        t.get("prefix").codePoints().boxed().toList());
    assertEquals("3cefbd9c66696de29681626567696eefbd9c3e", hex(t.get("prefix")));
    assertEquals("3cefbd9c66696de29681686f6c65efbd9c3e", hex(t.get("suffix"))); // <｜fim▁hole｜>
    assertEquals("3cefbd9c66696de29681656e64efbd9c3e", hex(t.get("middle"))); // <｜fim▁end｜>
    // eos: deepseek-coder-6.7b-base special_tokens_map.json eos_token; added token 32014 in a copy of
    // the tokenizer's added_tokens; not in the official GitHub repository (docs/profiles.md)
    assertEquals(
        "3cefbd9c656e64e296816f66e2968173656e74656e6365efbd9c3e", hex(t.get("eos"))); // <｜end▁of▁sentence｜>
    assertFalse(t.get("prefix").contains("|") || t.get("prefix").contains("_"));
  }

  @Test
  void codellamaTokensAreTheTextFormsOfItsSentencePiecePieces() {
    Map<String, String> t = p("codellama").specialTokens();
    // github.com/meta-llama/codellama llama/tokenizer.py (commit e81b597): piece_to_id("▁<PRE>"),
    // "▁<MID>", "▁<SUF>", "▁<EOT>"; llama/generation.py writes them as "<PRE> {pre} <SUF>{suf} <MID>"
    // (the piece's U+2581 is the space before it). transformers tokenization_code_llama.py: the same
    // four pieces as prefix_token, middle_token, suffix_token, eot_token
    assertEquals(ascii("<PRE>"), hex(t.get("prefix")));
    assertEquals(ascii("<SUF>"), hex(t.get("suffix")));
    assertEquals(ascii("<MID>"), hex(t.get("middle")));
    assertEquals(ascii("<EOT>"), hex(t.get("eot")));
    assertEquals("3c5052453e", hex(t.get("prefix")));
  }

  @Test
  void thePlainProfileHasNoSpecialTokensAndIsTheDefault() {
    assertEquals("plain", ModelProfile.defaultName());
    assertEquals(ModelProfile.defaultName(), ModelProfile.names().get(0));
    ModelProfile plain = p("plain");
    assertTrue(plain.specialTokens().isEmpty());
    assertEquals("", plain.tokenizer());
    assertEquals(PRE + MID + SUF, plain.fimText(PRE, MID, SUF, Mode.PSM));
    assertEquals(PRE, plain.fimPrompt(PRE, SUF, Mode.PSM));
  }

  @Test
  void psmAndSpmLayouts() {
    // bigcode Megatron-LM gpt_dataset.py permute(): PSM [prefix] pre [suffix] suf [middle] mid;
    // SPM [prefix, suffix] suf [middle] pre mid
    ModelProfile sc = p("starcoder2");
    assertEquals(
        "<fim_prefix>int f() {\n  return <fim_suffix>;\n}\n<fim_middle>1 + 2", sc.fimText(PRE, MID, SUF, Mode.PSM));
    assertEquals(
        "<fim_prefix><fim_suffix>;\n}\n<fim_middle>int f() {\n  return 1 + 2", sc.fimText(PRE, MID, SUF, Mode.SPM));
    // Qwen2.5-Coder report §3.1.2 / examples/Qwen2.5-Coder-fim.py
    assertEquals(
        "<|fim_prefix|>int f() {\n  return <|fim_suffix|>;\n}\n<|fim_middle|>1 + 2",
        p("qwen2.5-coder").fimText(PRE, MID, SUF, Mode.PSM));
    // DeepSeek-Coder README: begin + prefix + hole + suffix + end, the middle after
    assertEquals(
        "<\uFF5Cfim\u2581begin\uFF5C>int f() {\n  return <\uFF5Cfim\u2581hole\uFF5C>;\n}\n<\uFF5Cfim\u2581end\uFF5C>1 + 2",
        p("deepseek-coder").fimText(PRE, MID, SUF, Mode.PSM));
    // codellama generation.py: "<PRE> {pre} <SUF>{suf} <MID>" and "<PRE> <SUF>{suf} <MID> {pre}";
    // the middle is followed by <EOT>, the token generation stops on (stop_token=eot_id)
    ModelProfile cl = p("codellama");
    assertEquals("<PRE> int f() {\n  return  <SUF>;\n}\n <MID>1 + 2 <EOT>", cl.fimText(PRE, MID, SUF, Mode.PSM));
    assertEquals("<PRE> <SUF>;\n}\n <MID> int f() {\n  return 1 + 2 <EOT>", cl.fimText(PRE, MID, SUF, Mode.SPM));
  }

  @Test
  void everyFimTextStartsWithItsPromptAndEndsWithTheMiddleOrEot() {
    for (String name : ModelProfile.names()) {
      ModelProfile p = p(name);
      for (Mode m : Mode.values()) {
        if (!p.supports(m)) {
          continue;
        }
        String text = p.fimText(PRE, MID, SUF, m);
        String prompt = p.fimPrompt(PRE, SUF, m);
        assertTrue(text.startsWith(prompt), name + " " + m);
        if (!name.equals("plain")) {
          assertEquals(text.length(), text.indexOf(MID) + MID.length() + (name.equals("codellama") ? 6 : 0), name);
        }
      }
    }
    assertEquals("<PRE> <SUF>;\n}\n <MID> int f() {\n  return ", p("codellama").fimPrompt(PRE, SUF, Mode.SPM));
  }

  @Test
  void ratesAndModesFromThePapers() {
    assertEquals(0.5, p("starcoder2").fimRate());
    assertEquals(0.5, p("starcoder2").spmShare());
    assertEquals(0.5, p("deepseek-coder").fimRate());
    assertEquals(0.0, p("deepseek-coder").spmShare());
    assertEquals(0.9, p("codellama").fimRate());
    assertEquals(0.5, p("codellama").spmShare());
    assertEquals(0.0, p("qwen2.5-coder").spmShare());
    assertEquals("bigcode/starcoder2-15b", p("starcoder2").tokenizer());
    assertEquals("Qwen/Qwen2.5-Coder-7B", p("qwen2.5-coder").tokenizer());
    assertEquals("deepseek-ai/deepseek-coder-6.7b-base", p("deepseek-coder").tokenizer());
    assertEquals("codellama/CodeLlama-7b-hf", p("codellama").tokenizer());
    for (String name : ModelProfile.names()) {
      assertEquals(1, p(name).version(), name);
      assertTrue(p(name).supports(Mode.PSM), name);
    }
  }

  @Test
  void aPsmOnlyFamilyRefusesSpmByName() {
    for (String name : List.of("plain", "qwen2.5-coder", "deepseek-coder")) {
      ModelProfile p = p(name);
      assertFalse(p.supports(Mode.SPM), name);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.fimText(PRE, MID, SUF, Mode.SPM));
      assertEquals("profile " + name + " has no spm layout (its family trained psm only)", e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> p.fimPrompt(PRE, SUF, Mode.SPM));
      assertThrows(IllegalArgumentException.class, () -> p.repoFimFile("A.java", PRE, MID, SUF, Mode.SPM));
    }
  }

  @Test
  void anUnknownNameListsTheProfiles() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelProfile.named("starcoder"));
    assertEquals(
        "unknown profile starcoder; profiles: plain, starcoder2, qwen2.5-coder, deepseek-coder, codellama", e.getMessage());
  }

  @Test
  void repositoryLayouts() {
    String a = "class A {}\n";
    String b = "class B extends A {}"; // no final newline
    // StarCoder2 paper: <repo_name>reponame<file_sep>filepath1\ncode1<file_sep>filepath2\ncode2 ...
    ModelProfile sc = p("starcoder2");
    assertEquals(
        "<repo_name>gson<file_sep>src/A.java\nclass A {}\n<file_sep>src/B.java\nclass B extends A {}",
        sc.repoHeader("gson") + sc.repoFile("src/A.java", a) + sc.repoFile("src/B.java", b));
    // ... <file_sep><fim_prefix>filepath1\ncode1_pre<fim_suffix>code1_suf<fim_middle>code1_mid<file_sep> ...
    assertEquals(
        "<file_sep><fim_prefix>src/C.java\nint f() {\n  return <fim_suffix>;\n}\n<fim_middle>1 + 2",
        sc.repoFimFile("src/C.java", PRE, MID, SUF, Mode.PSM));
    assertEquals(
        "<file_sep><fim_prefix><fim_suffix>;\n}\n<fim_middle>src/C.java\nint f() {\n  return 1 + 2",
        sc.repoFimFile("src/C.java", PRE, MID, SUF, Mode.SPM));
    assertFalse(sc.fimFileLast());

    // Qwen2.5-Coder report §3.1.2 and examples/Qwen2.5-Coder-repolevel-fim.py
    ModelProfile qw = p("qwen2.5-coder");
    assertEquals(
        "<|repo_name|>gson\n<|file_sep|>src/A.java\nclass A {}\n\n<|file_sep|>src/B.java\nclass B extends A {}\n"
            + "<|file_sep|>src/C.java\n<|fim_prefix|>int f() {\n  return <|fim_suffix|>;\n}\n<|fim_middle|>1 + 2",
        qw.repoHeader("gson") + qw.repoFile("src/A.java", a) + qw.repoFile("src/B.java", b)
            + qw.repoFimFile("src/C.java", PRE, MID, SUF, Mode.PSM));
    assertTrue(qw.fimFileLast());

    // DeepSeek-Coder README "4) Repository Level Code Completion": path comments ("# model.py")
    ModelProfile ds = p("deepseek-coder");
    assertEquals(
        "// src/A.java\nclass A {}\n\n// src/B.java\nclass B extends A {}\n\n# build.py\nx = 1\n\n"
            + "// src/C.java\n<\uFF5Cfim\u2581begin\uFF5C>int f() {\n  return <\uFF5Cfim\u2581hole\uFF5C>;\n}\n"
            + "<\uFF5Cfim\u2581end\uFF5C>1 + 2",
        ds.repoHeader("gson") + ds.repoFile("src/A.java", a) + ds.repoFile("src/B.java", b)
            + ds.repoFile("build.py", "x = 1\n") + ds.repoFimFile("src/C.java", PRE, MID, SUF, Mode.PSM));

    // no repository format of its own: the CPT header, a blank line between files
    ModelProfile cl = p("codellama");
    assertEquals("", cl.repoHeader("gson"));
    assertEquals(
        "// File: src/A.java\nclass A {}\n\n// File: src/C.java\n<PRE> int f() {\n  return  <SUF>;\n}\n <MID>1 + 2 <EOT>",
        cl.repoFile("src/A.java", a) + cl.repoFimFile("src/C.java", PRE, MID, SUF, Mode.PSM));
    ModelProfile plain = p("plain");
    assertEquals(
        "// File: src/B.java\nclass B extends A {}\n\n# File: build.py\nx = 1\n\n// File: src/C.java\n" + PRE + MID + SUF + "\n",
        plain.repoFile("src/B.java", b) + plain.repoFile("build.py", "x = 1\n")
            + plain.repoFimFile("src/C.java", PRE, MID, SUF, Mode.PSM));
  }

  @Test
  void aPathCannotForgeAFileHeader() {
    assertEquals("<file_sep>a\\nb.java\nx", p("starcoder2").repoFile("a\nb.java", "x"));
    assertEquals("// a\\nb.java\nx\n\n", p("deepseek-coder").repoFile("a\nb.java", "x"));
    assertEquals("<!-- docs/a.md -->", ModelProfile.comment("docs/a.md"));
  }

  @Test
  void placeholderTextAndSpecialTokensInsideCodeAreCopiedAsTheyAre() {
    ModelProfile sc = p("starcoder2");
    String pre = "s = \"{mid}{suf}<fim_middle>\";\n";
    assertEquals("<fim_prefix>" + pre + "<fim_suffix>}<fim_middle>x", sc.fimText(pre, "x", "}", Mode.PSM));
  }

  private static final String C_PATH = "src/main/java/org/jsoup/nodes/Element.java";
  private static final String C_BEFORE = "class Element {\n  String base() { return parent.baseUri(); }\n}\n";
  private static final String C_AFTER = "class Element {\n  String base() { return baseUri(); }\n}\n";
  private static final String C_MESSAGE = "Fix NPE in Element.base\n\nA detached element has no parent.\nBefore: x";

  @Test
  void everyProfileWritesACommitInThePlainLayoutInTheFilesOwnCommentSyntax() {
    String expected =
        "// Commit: Fix NPE in Element.base\n"
            + "//\n"
            + "//   A detached element has no parent.\n"
            + "//   Before: x\n" // a message line never reads as a header: two spaces past the marker
            + "// Before: src/main/java/org/jsoup/nodes/Element.java\n"
            + C_BEFORE
            + "// After: src/main/java/org/jsoup/nodes/Element.java\n"
            + C_AFTER;
    for (String name : ModelProfile.names()) {
      ModelProfile p = p(name);
      assertFalse(p.hasCommitFormat(), name + ": no published commit layout is in its tokenizer (docs/profiles.md)");
      assertEquals(expected, p.commitText(C_PATH, C_BEFORE, C_MESSAGE, C_AFTER), name);
    }
    ModelProfile plain = p("plain");
    // "//" is 2f2f, the two spaces of a body line 2020
    assertTrue(hex(plain.commitText(C_PATH, C_BEFORE, C_MESSAGE, C_AFTER)).startsWith(
        ascii("// Commit: Fix NPE in Element.base\n//\n") + "2f2f2020"));
    assertEquals(
        "# Commit: Add the release notes\n# New file: docs/release.py\n# After: docs/release.py\nprint(1)\n",
        plain.commitText("docs/release.py", null, "Add the release notes\n", "print(1)"));
    assertEquals(
        "<!-- Commit: Drop the old - -help page -->\n<!-- Before: docs/help.md -->\n# Help\n<!-- Deleted: docs/help.md -->\n",
        plain.commitText("docs/help.md", "# Help\n", "Drop the old --help page", null));
    // a line break in a path is escaped, as in every header
    assertTrue(plain.commitText("a\nb.java", "", "m", "").contains("// Before: a\\nb.java\n"));
  }

  @Test
  void starcodersCommitLayoutIsTheBigcodeOneWhenAProfileStatesIt() throws IOException {
    // StarCoder (1) commit documents: <commit_before>{before}<commit_msg>{message}<commit_after>{after}, the
    // template of bigcode's commit fine-tuning script (SantaCoder on GitHub commits: "<commit_before>{input}
    // <commit_msg>{instruction}<commit_after>", found with the code search tool), and the three strings in the
    // StarCoder tokens list of public copies of its tokenizer's added tokens; not in StarCoder2's
    // special_tokens_map.json as transcribed (docs/profiles.md), so no shipped profile has it.
    Properties props = new Properties();
    try (InputStream in = ModelProfile.class.getResourceAsStream("profiles/starcoder2.properties")) {
      props.load(in);
    }
    props.setProperty("tokens", props.getProperty("tokens") + ",commit_before,commit_msg,commit_after");
    props.setProperty("token.commit_before", "<commit_before>");
    props.setProperty("token.commit_msg", "<commit_msg>");
    props.setProperty("token.commit_after", "<commit_after>");
    props.setProperty("commit.file", "<commit_before>{before}<commit_msg>{message}<commit_after>{after}");
    ModelProfile sc = ModelProfile.of("starcoder", props);
    assertTrue(sc.hasCommitFormat());
    assertEquals("3c636f6d6d69745f6265666f72653e", hex(sc.specialTokens().get("commit_before")));
    assertEquals("3c636f6d6d69745f6d73673e", hex(sc.specialTokens().get("commit_msg")));
    assertEquals("3c636f6d6d69745f61667465723e", hex(sc.specialTokens().get("commit_after")));
    String text = sc.commitText(C_PATH, C_BEFORE, C_MESSAGE, C_AFTER);
    assertEquals("<commit_before>" + C_BEFORE + "<commit_msg>" + C_MESSAGE + "<commit_after>" + C_AFTER, text);
    assertEquals(3 + C_BEFORE.length() + C_MESSAGE.length() + C_AFTER.length(), sc.tokens(text, CHARS));
    assertEquals("<commit_before><commit_msg>Add it<commit_after>x", sc.commitText(C_PATH, null, "Add it\n", "x"));
    // placeholder text inside the code is copied, not filled
    assertEquals("<commit_before>{after}<commit_msg>m<commit_after>", sc.commitText(C_PATH, "{after}", "m", null));
  }

  @Test
  void tokensCountEachSpecialTokenAsOne() {
    ModelProfile sc = p("starcoder2");
    String text = sc.fimText("ab", "cd", "e", Mode.PSM); // <fim_prefix>ab<fim_suffix>e<fim_middle>cd
    assertEquals(3 + 5, sc.tokens(text, CHARS));
    assertEquals(2, sc.tokens("<repo_name><file_sep>", CHARS));
    // <|endoftext|> is a StarCoder2 special; <|fim_prefix|> is not (it is Qwen's): 14 characters
    assertEquals(1 + 14, sc.tokens("<|endoftext|><|fim_prefix|>", CHARS));
    ModelProfile qw = p("qwen2.5-coder");
    assertEquals(2, qw.tokens("<|fim_prefix|><|endoftext|>", CHARS));
    ModelProfile ds = p("deepseek-coder");
    assertEquals(3 + 4, ds.tokens(ds.fimText("ab", "c", "d", Mode.PSM), CHARS));
    // the spaces of Code Llama's text form are counted as text: " " after <PRE>, before <SUF>, <MID>, <EOT>
    ModelProfile cl = p("codellama");
    assertEquals(4 + 4 + 4, cl.tokens(cl.fimText("ab", "c", "d", Mode.PSM), CHARS));
    assertEquals(5, p("plain").tokens("<PRE>", CHARS));
    assertEquals(0, sc.tokens("", CHARS));
  }

  @Test
  void resourcesAreAsciiWithEscapesAndTheProfileSerializes() throws IOException, ClassNotFoundException {
    for (String name : ModelProfile.names()) {
      try (InputStream in = ModelProfile.class.getResourceAsStream("profiles/" + name + ".properties")) {
        byte[] bytes = in.readAllBytes();
        for (byte b : bytes) {
          assertTrue(b >= 0, name + ": non-ASCII byte; write \\uXXXX");
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ObjectOutputStream o = new ObjectOutputStream(out)) {
        o.writeObject(p(name));
      }
      try (ObjectInputStream i = new ObjectInputStream(new ByteArrayInputStream(out.toByteArray()))) {
        ModelProfile back = (ModelProfile) i.readObject();
        assertEquals(p(name).fimText(PRE, MID, SUF, Mode.PSM), back.fimText(PRE, MID, SUF, Mode.PSM));
      }
    }
    assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBD, (byte) 0x9C}, "\uFF5C".getBytes(StandardCharsets.UTF_8));
  }
}
