package dev.repotune.extractors.exec;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.Position;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import dev.repotune.extractors.java.JavaChunker;
import dev.repotune.extractors.java.SourceText;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a teacher's code answer into the file it is about, so the repository's own compiler and tests can
 * judge it: an implement answer replaces the method it implements, a write-test answer is added to a test
 * class the method's tests live in. Text is spliced at the declaration's offsets, so every other byte of
 * the file stays as written.
 */
public final class AnswerPatch {
  private static final Pattern FENCE = Pattern.compile("```[a-zA-Z]*\\n(.*?)```", Pattern.DOTALL);

  private AnswerPatch() {}

  /** A test method added to a test file: the new file and the name the method runs under. */
  public record AddedTest(String fileText, String methodName) {}

  /** The code of an answer: its last fenced block (the one after the sentence on the approach), or empty. */
  public static Optional<String> code(String answer) {
    Matcher m = FENCE.matcher(answer);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return last == null || last.isBlank() ? Optional.empty() : Optional.of(last.stripTrailing() + "\n");
  }

  /**
   * {@code fileText} with the callable declared in lines {@code startLine..endLine} replaced by {@code
   * code}, which must parse as one method or constructor declaration; empty when it does not, or when the
   * span declares no callable. The original's Javadoc, kept before the declaration, is left in place when the
   * answer brings none.
   */
  public static Optional<String> replaceMethod(String fileText, int startLine, int endLine, String code) {
    JavaParser parser = new JavaParser(JavaChunker.configuration());
    ParseResult<BodyDeclaration<?>> answer = parser.parseBodyDeclaration(code.strip());
    if (!answer.isSuccessful() || answer.getResult().isEmpty() || !answer.getResult().get().isCallableDeclaration()) {
      return Optional.empty();
    }
    ParseResult<CompilationUnit> unit = parser.parse(fileText);
    if (!unit.isSuccessful() || unit.getResult().isEmpty()) {
      return Optional.empty();
    }
    CallableDeclaration<?> old = null;
    for (CallableDeclaration<?> c : unit.getResult().get().findAll(CallableDeclaration.class)) {
      int begin = c.getBegin().orElseThrow().line;
      if (c.getEnd().orElseThrow().line == endLine && begin >= startLine && begin <= endLine) {
        old = c;
        break;
      }
    }
    if (old == null) {
      return Optional.empty();
    }
    boolean answerHasDoc = answer.getResult().get().getComment().isPresent();
    Position from = answerHasDoc && old.getComment().isPresent()
        ? old.getComment().get().getBegin().orElseThrow()
        : old.getBegin().orElseThrow();
    int start = offset(fileText, from);
    int end = offset(fileText, old.getEnd().orElseThrow()) + 1;
    String indent = indentOf(fileText, start);
    String replacement = reindent(code.strip(), indent);
    return Optional.of(fileText.substring(0, start) + replacement + fileText.substring(end));
  }

  /**
   * {@code testFileText} with the method of {@code code} added before the last closing brace of its first
   * top-level type, renamed with an {@code _answer} suffix when the class already has a method of its name
   * (so it neither clashes nor silently replaces a real test); empty when {@code code} is not one method.
   */
  public static Optional<AddedTest> addTest(String testFileText, String code) {
    JavaParser parser = new JavaParser(JavaChunker.configuration());
    ParseResult<BodyDeclaration<?>> answer = parser.parseBodyDeclaration(code.strip());
    if (!answer.isSuccessful() || answer.getResult().isEmpty() || !answer.getResult().get().isMethodDeclaration()) {
      return Optional.empty();
    }
    ParseResult<CompilationUnit> unit = parser.parse(testFileText);
    if (!unit.isSuccessful() || unit.getResult().isEmpty() || unit.getResult().get().getTypes().isEmpty()) {
      return Optional.empty();
    }
    TypeDeclaration<?> type = unit.getResult().get().getType(0);
    MethodDeclaration method = answer.getResult().get().asMethodDeclaration();
    String name = method.getNameAsString();
    String text = code.strip();
    if (!type.getMethodsByName(name).isEmpty()) {
      String renamed = name + "_answer";
      text = text.replaceFirst("\\b" + Pattern.quote(name) + "\\s*\\(", Matcher.quoteReplacement(renamed) + "(");
      name = renamed;
    }
    int close = offset(testFileText, type.getEnd().orElseThrow());
    String indent = "  ";
    if (!type.getMembers().isEmpty()) {
      indent = indentOf(testFileText, offset(testFileText, type.getMember(0).getBegin().orElseThrow()));
    }
    String before = testFileText.substring(0, close);
    String sep = before.endsWith("\n") ? "\n" : "\n\n";
    String added = before + sep + indent + reindent(text, indent) + "\n" + testFileText.substring(close);
    return Optional.of(new AddedTest(added, name));
  }

  /** The whitespace before {@code offset} on its line. */
  private static String indentOf(String text, int offset) {
    int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    int i = lineStart;
    while (i < offset && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return text.substring(lineStart, i);
  }

  /**
   * {@code code} (its first line already stripped) with the common indent of its other lines replaced by
   * {@code indent}: an answer written at column 0 and one copied with the file's indent land alike.
   */
  private static String reindent(String code, String indent) {
    String[] lines = code.split("\n", -1);
    int common = Integer.MAX_VALUE;
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        common = Math.min(common, lines[i].length() - lines[i].stripLeading().length());
      }
    }
    StringBuilder b = new StringBuilder(lines[0]);
    for (int i = 1; i < lines.length; i++) {
      b.append('\n');
      if (!lines[i].isBlank()) {
        b.append(indent).append(lines[i].substring(common));
      }
    }
    return b.toString();
  }

  private static int offset(String text, Position p) {
    return new SourceText(text).offset(p);
  }
}
