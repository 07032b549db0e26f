package dev.repotune.extractors.markdown;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.CodeFacts;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.text.Chunks;
import dev.repotune.extractors.text.Lines;
import dev.repotune.extractors.text.WindowChunker;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One DOC_SECTION per ATX heading, running to the next heading of any level, so no text is in two
 * chunks; the parent headings go to the context instead. Text before the first heading is its own
 * section. A '#' line inside a fenced code block is code, not a heading.
 */
public final class MarkdownChunker {
  public static final int DEFAULT_SECTION_BUDGET = 1500;

  private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?[ \\t]*$");
  private static final Pattern CLOSING_HASHES = Pattern.compile("(?:^|[ \\t]+)#+$");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");

  private final int sectionBudget;

  public MarkdownChunker() {
    this(DEFAULT_SECTION_BUDGET);
  }

  public MarkdownChunker(int sectionBudget) {
    this.sectionBudget = sectionBudget;
  }

  private record Heading(int level, String line, String text) {}

  public List<Chunk> chunk(SourceFile f) {
    String[] lines = Lines.split(f.text());
    List<Chunk> out = new ArrayList<>();
    Deque<Heading> trail = new ArrayDeque<>(); // open headings, outermost first
    String fileName = f.path().substring(f.path().lastIndexOf('/') + 1);
    int sectionStart = 1;
    Heading current = null;
    String fence = null;
    for (int i = 1; i <= lines.length + 1; i++) {
      Heading h = null;
      if (i <= lines.length) {
        String line = lines[i - 1];
        Matcher fm = FENCE.matcher(line);
        if (fence == null && fm.find()) {
          fence = fm.group(1);
          continue;
        }
        if (fence != null) {
          if (fm.find() && fm.group(1).charAt(0) == fence.charAt(0)
              && fm.group(1).length() >= fence.length()
              && line.substring(fm.end()).isBlank()) {
            fence = null;
          }
          continue;
        }
        h = heading(line);
        if (h == null) {
          continue;
        }
      }
      // i starts a new section (or is past the end): close the current one.
      if (i > sectionStart) {
        List<Heading> parents = new ArrayList<>(trail);
        if (current != null) {
          parents.remove(parents.size() - 1);
        }
        emit(f, lines, sectionStart, i - 1, current == null || current.text().isEmpty() ? fileName : current.text(), parents, out);
      }
      if (h != null) {
        while (!trail.isEmpty() && trail.peekLast().level() >= h.level()) {
          trail.removeLast();
        }
        trail.addLast(h);
        current = h;
        sectionStart = i;
      }
    }
    return out;
  }

  private void emit(
      SourceFile f, String[] lines, int from, int to, String symbol, List<Heading> parents,
      List<Chunk> out) {
    if (Lines.join(lines, from, to).isBlank()) {
      return;
    }
    StringBuilder context = new StringBuilder("<!-- File: ").append(f.path()).append(" -->");
    for (Heading p : parents) {
      context.append('\n').append(p.line().strip());
    }
    for (WindowChunker.Piece p : WindowChunker.split(lines, from, to, sectionBudget)) {
      if (p.text().isBlank()) {
        continue;
      }
      String s = p.part() > 0 ? symbol + " (part " + p.part() + ")" : symbol;
      out.add(
          Chunks.make(
              f, ChunkKind.DOC_SECTION, s, p.startLine(), p.endLine(), context.toString(), p.text(),
              CodeFacts.NONE));
    }
  }

  private static Heading heading(String line) {
    Matcher m = HEADING.matcher(line);
    if (!m.matches()) {
      return null;
    }
    String text = m.group(2) == null ? "" : CLOSING_HASHES.matcher(m.group(2)).replaceFirst("").strip();
    return new Heading(m.group(1).length(), line, text);
  }
}
