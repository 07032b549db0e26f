package dev.repotune.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.TokenCounter;
import dev.repotune.samples.RepoPacking.Document;
import dev.repotune.samples.RepoPacking.FimChoice;
import dev.repotune.samples.RepoPacking.Piece;
import dev.repotune.samples.RepoPacking.Plan;
import dev.repotune.samples.RepoPacking.Span;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class RepoPackingTest {
  private static final ModelProfile PLAIN = ModelProfile.named("plain");
  /** One token a character: exactly additive, so the tests can state sums. */
  private static final ToIntFunction<String> CHARS = String::length;

  private static ToIntFunction<String> wrapped(String path, ToIntFunction<String> counter) {
    return text -> PLAIN.tokens(PLAIN.repoFile(path, text), counter);
  }

  /** Every file's pieces in order, as a pipeline would make them. */
  private static List<Piece> piecesOf(Map<String, String> files, int maxPiece, ToIntFunction<String> counter) {
    List<Piece> out = new ArrayList<>();
    files.forEach((path, text) -> out.addAll(RepoPacking.pieces(path, text, maxPiece, wrapped(path, counter))));
    return out;
  }

  private static List<String> texts(Document d, Map<String, String> files) {
    return d.pieces().stream().map(p -> p.text(files.get(p.path()))).toList();
  }

  private static Map<String, String> randomFiles(long seed, int n) {
    Random r = new Random(seed);
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      StringBuilder text = new StringBuilder();
      int lines = 1 + r.nextInt(r.nextInt(10) == 0 ? 400 : 40);
      for (int l = 0; l < lines; l++) {
        text.append("  int v").append(l).append(" = ").append(r.nextInt(1000)).append("; // ")
            .append("x".repeat(r.nextInt(30)))
            .append(r.nextInt(5) == 0 ? "\n\n}\n" : "\n");
      }
      files.put("src/F" + i + ".java", text.toString());
    }
    return files;
  }

  @Test
  void neverOverTheBudgetKeepsTheOrderAndCutsLargeFilesAtLineEnds() {
    Map<String, String> files = randomFiles(1, 200);
    int context = 2000;
    int header = 7;
    FimChoice fim = new FimChoice(42, 0.5, 0.5, 10);
    int maxPiece = RepoPacking.maxPieceTokens(context, header, fim);
    List<Piece> pieces = piecesOf(files, maxPiece, CHARS);
    Plan plan = RepoPacking.plan(pieces, header, context, fim);

    List<Piece> again = new ArrayList<>();
    int split = 0;
    for (Document d : plan.documents()) {
      int sum = header + d.pieces().stream().mapToInt(Piece::tokens).sum();
      assertEquals(sum, d.tokens());
      assertTrue(d.tokens() <= context - (d.hasFim() ? fim.reserve() : 0), d.toString());
      String rendered = RepoPacking.render(PLAIN, "r", d, texts(d, files), null);
      assertEquals(d.tokens() - header, CHARS.applyAsInt(rendered));
      for (int i = 0; i < d.pieces().size(); i++) {
        Piece p = d.pieces().get(i);
        assertEquals(wrapped(p.path(), CHARS).applyAsInt(p.text(files.get(p.path()))), p.tokens());
        if (p.parts() > 1) {
          assertEquals(0, i, "a piece of a cut file starts its document: " + p);
          split++;
        }
      }
      again.addAll(d.pieces());
    }
    assertEquals(pieces, again, "every piece once, in order");
    assertTrue(split > 3, "the fixture has files over the budget: " + split);

    // a cut file's pieces end at line ends and concatenate to the file
    Map<String, StringBuilder> joined = new LinkedHashMap<>();
    for (Piece p : pieces) {
      String text = p.text(files.get(p.path()));
      if (p.index() < p.parts() - 1) {
        assertTrue(text.endsWith("\n"), p.toString());
      }
      joined.computeIfAbsent(p.path(), k -> new StringBuilder()).append(text);
    }
    joined.forEach((path, text) -> assertEquals(files.get(path), text.toString()));
  }

  @Test
  void theFilesAfterACutFileJoinItsLastPiece() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("big.txt", "aaaa\n".repeat(30)); // 150 characters
    files.put("small.txt", "s\n");
    ToIntFunction<String> wrap = wrapped("big.txt", CHARS);
    int overhead = PLAIN.repoFile("big.txt", "aaaa\n").length() - 5; // the header line and the blank line after
    List<Piece> pieces = piecesOf(files, overhead + 60, CHARS);
    assertEquals(List.of(0, 1, 2, 0), pieces.stream().map(Piece::index).toList());
    assertEquals(List.of(0, 60, 120), pieces.subList(0, 3).stream().map(Piece::start).toList());
    assertEquals(overhead + 60, wrap.applyAsInt(pieces.get(0).text(files.get("big.txt"))));
    Plan plan = RepoPacking.plan(pieces, 0, overhead + 60, FimChoice.NONE);
    assertEquals(3, plan.documents().size());
    assertEquals(List.of("big.txt", "small.txt"),
        plan.documents().get(2).pieces().stream().map(Piece::path).toList());
  }

  @Test
  void aLineTooLongAloneIsCutInsideItButNeverInASurrogatePair() {
    String line = "😀".repeat(100) + "\n"; // 201 chars
    int overhead = PLAIN.repoFile("e.txt", line).length() - line.length();
    List<Piece> pieces = RepoPacking.pieces("e.txt", line, overhead + 51, wrapped("e.txt", CHARS));
    StringBuilder joined = new StringBuilder();
    for (Piece p : pieces) {
      assertFalse(Character.isLowSurrogate(line.charAt(p.start())), p.toString());
      assertTrue(p.tokens() <= overhead + 51);
      joined.append(p.text(line));
    }
    assertEquals(line, joined.toString());
    assertEquals(50, pieces.get(0).end(), "51 would split the 26th emoji");
  }

  @Test
  void renderWithThePlainProfile() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("a/A.java", "class A {}\n");
    files.put("b/B.java", "class B { A a; }\n");
    List<Piece> pieces = piecesOf(files, 1000, CHARS);
    Plan plan = RepoPacking.plan(pieces, 0, 1000, FimChoice.NONE);
    assertEquals(1, plan.documents().size());
    Document d = plan.documents().get(0);
    assertNull(d.fimMode());
    assertEquals("// File: a/A.java\nclass A {}\n\n// File: b/B.java\nclass B { A a; }\n\n",
        RepoPacking.render(PLAIN, "repo", d, texts(d, files), null));

    Document fim = new Document(d.pieces(), d.tokens(), ModelProfile.Mode.PSM);
    assertEquals(PLAIN.repoHeader("repo") + PLAIN.repoFile("a/A.java", "class A {}\n")
            + PLAIN.repoFimFile("b/B.java", "class B { ", "A a;", " }\n", ModelProfile.Mode.PSM),
        RepoPacking.render(PLAIN, "repo", fim, texts(d, files), new Span(10, 14)));
    RepoPacking.Rendered r =
        RepoPacking.renderFitted(PLAIN, "repo", fim, texts(d, files), new Span(10, 14), TokenCounter::count, 1000);
    assertTrue(r.fim());
    assertEquals(TokenCounter.count(r.text()), r.tokens());
    assertFalse(RepoPacking.renderFitted(PLAIN, "repo", d, texts(d, files), new Span(10, 14), TokenCounter::count, 1000)
        .fim(), "a document planned without FIM renders without it");
    assertThrows(IllegalArgumentException.class, () -> RepoPacking.render(PLAIN, "repo", d, List.of("x"), null));
  }

  @Test
  void theFimChoiceIsSeededAtTheRate() {
    FimChoice half = new FimChoice(3, 0.5, 0.25, 0);
    int fim = 0;
    int spm = 0;
    for (int i = 0; i < 4000; i++) {
      ModelProfile.Mode m = half.modeOf(i);
      assertEquals(m, new FimChoice(3, 0.5, 0.25, 0).modeOf(i));
      fim += m == null ? 0 : 1;
      spm += m == ModelProfile.Mode.SPM ? 1 : 0;
    }
    assertTrue(fim > 1850 && fim < 2150, "fim " + fim);
    assertTrue(spm > fim / 4 - 120 && spm < fim / 4 + 120, "spm " + spm + " of " + fim);
    assertNull(FimChoice.NONE.modeOf(0));
    assertEquals(ModelProfile.Mode.PSM, new FimChoice(3, 1.0, 0.0, 0).modeOf(17));
    int differ = 0;
    for (int i = 0; i < 100; i++) {
      differ += (half.modeOf(i) == null) != (new FimChoice(4, 0.5, 0.25, 0).modeOf(i) == null) ? 1 : 0;
    }
    assertTrue(differ > 25, "another seed, other documents: " + differ);
  }

  @Test
  void sameInputsSamePlanAndThePlanSerializes() throws Exception {
    Map<String, String> files = randomFiles(9, 80);
    FimChoice fim = new FimChoice(5, 0.5, 0.5, 8);
    Plan first = RepoPacking.plan(piecesOf(files, RepoPacking.maxPieceTokens(1500, 3, fim), CHARS), 3, 1500, fim);
    Plan second = RepoPacking.plan(piecesOf(files, RepoPacking.maxPieceTokens(1500, 3, fim), CHARS), 3, 1500, fim);
    assertEquals(first, second);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(first);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(first, in.readObject());
    }
  }

  @Test
  void realTokensOfTheRenderedDocumentStayWithinThePlannedSum() {
    // o200k: "}\n" then "// File:" joins into fewer tokens; a sum of pieces counted alone bounds the text
    Map<String, String> files = randomFiles(11, 150);
    int context = 1024;
    FimChoice fim = FimChoice.of(PLAIN, 7, TokenCounter::count);
    int header = PLAIN.tokens(PLAIN.repoHeader("r"), TokenCounter::count);
    Plan plan = RepoPacking.plan(
        piecesOf(files, RepoPacking.maxPieceTokens(context, header, fim), TokenCounter::count), header, context, fim);
    for (Document d : plan.documents()) {
      String text = RepoPacking.render(PLAIN, "r", d, texts(d, files), null);
      int exact = TokenCounter.count(text);
      assertTrue(exact <= d.tokens() && d.tokens() <= context, exact + " > " + d.tokens());
    }
  }

  @Test
  void aPieceOverTheBudgetIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> RepoPacking.plan(List.of(Piece.whole("a", 10, 101)), 0, 100, FimChoice.NONE));
    assertThrows(IllegalArgumentException.class, () -> RepoPacking.maxPieceTokens(10, 10, FimChoice.NONE));
  }
}
