package dev.repotune.prompts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown section as the answer, asked by its heading ("What does the gson user guide say about
 * Primitives Examples?"; a changelog's by its path, "1.17.1 (2023-Nov-27) > Bug Fixes"). The answer is the section's text as written, its heading line left
 * out (the question names it). Not asked: sections of fewer than {@value #MIN_WORDS} words (a heading
 * with one link says nothing), tables of contents (mostly lines that are only a link), issue and
 * pull-request templates and Markdown in test folders. A changelog section is asked what changed in that
 * version, in a group of its own.
 */
final class DocSectionDrafter implements Drafter {
  static final int MIN_WORDS = 25;

  private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?[ \\t]*$");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'_-]*");
  /** A list item or line that is nothing but one link: {@code - [Overview](#overview)}. */
  private static final Pattern LINK_LINE = Pattern.compile("^\\s*(?:[-*+]|\\d+\\.)?\\s*\\[[^\\]]*\\]\\([^)]*\\)\\s*$");
  private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|[-_ .]+");
  private static final Set<String> CHANGELOGS = Set.of("changelog", "changes", "history", "release-notes", "releasenotes", "news");

  @Override
  public Draft draft(TaskKind kind, Subject s) {
    String path = s.path();
    String lowerPath = path.toLowerCase(Locale.ROOT);
    if (lowerPath.contains("issue_template") || lowerPath.endsWith("template.md")
        || lowerPath.contains("/test/") || lowerPath.startsWith("test/")) {
      return null;
    }
    String[] lines = s.chunk.text().split("\\R", -1);
    Matcher h = HEADING.matcher(lines.length == 0 ? "" : lines[0]);
    boolean headed = h.matches();
    // A section split in windows: only the piece that starts at its heading (or the file's top) is asked.
    if (!headed && s.chunk.startLine() != 1) {
      return null;
    }
    List<String> body = new ArrayList<>(List.of(lines).subList(headed ? 1 : 0, lines.length));
    String answer = Sources.stripBlankEnds(String.join("\n", body));
    if (words(answer) < MIN_WORDS || isTableOfContents(answer)) {
      return null;
    }
    String doc = documentName(path, s.vars.get("repo"));
    int level = headed ? h.group(1).length() : 0;
    List<String> trail = parents(s.chunk.context());
    // the text above the first heading, or under the title heading that opens the file
    boolean intro = level == 0 || level == 1 && trail.isEmpty() && s.chunk.startLine() <= 3;
    if (level > 1 && !trail.isEmpty() && trail.get(0).startsWith("# ")) {
      trail.remove(0); // the document's title
    }
    // A guide's heading names its topic ("Versioning Support"; its parent in gson's guide is "Using Gson
    // with Maven", which it is not about); a changelog's needs its version ("1.17.1 > Bug Fixes").
    List<String> topic = new ArrayList<>();
    if (doc.equals("changelog")) {
      for (String t : trail) {
        topic.add(headingText(t));
      }
    }
    topic.add(headed ? headingText(lines[0]) : s.symbol);
    String group =
        intro ? "doc-section.intro.q" : doc.equals("changelog") ? "doc-section.changelog.q" : "doc-section.q";
    Map<String, String> vars = Map.of("doc", doc, "topic", String.join(" > ", topic));
    return new Draft(s.phrasings.group(group), "", null, answer, vars);
  }

  /** A developer's name for a Markdown file: "README", "changelog", "user guide", "extras README". */
  static String documentName(String path, String repo) {
    int slash = path.lastIndexOf('/');
    String file = path.substring(slash + 1);
    int dot = file.lastIndexOf('.');
    String base = dot > 0 ? file.substring(0, dot) : file;
    String lower = base.toLowerCase(Locale.ROOT);
    String name;
    if (lower.equals("readme")) {
      name = "README";
    } else if (CHANGELOGS.contains(lower)) {
      name = "changelog";
    } else if (lower.equals("contributing")) {
      name = "contributing guide";
    } else if (lower.equals("security")) {
      name = "security policy";
    } else {
      List<String> words = new ArrayList<>();
      for (String w : CAMEL.split(base)) {
        if (!w.isEmpty() && !(words.isEmpty() && w.equalsIgnoreCase(repo))) {
          words.add(w.equals(w.toUpperCase(Locale.ROOT)) && w.length() > 1 ? w : w.toLowerCase(Locale.ROOT));
        }
      }
      name = String.join(" ", words);
      if (words.size() == 1) {
        name += " guide";
      }
    }
    String dir = slash > 0 ? path.substring(path.lastIndexOf('/', slash - 1) + 1, slash) : "";
    if (!dir.isEmpty() && !dir.startsWith(".") && !name.equals("changelog")) {
      name = dir + " " + name; // extras/README.md; not .github/CONTRIBUTING.md
    }
    return name;
  }

  /** The parent heading lines the chunker put in the context, outermost first. */
  private static List<String> parents(String context) {
    List<String> out = new ArrayList<>();
    for (String l : context.split("\n")) {
      if (HEADING.matcher(l).matches()) {
        out.add(l.strip());
      }
    }
    return out;
  }

  private static String headingText(String line) {
    Matcher m = HEADING.matcher(line);
    String t = m.matches() && m.group(2) != null ? m.group(2) : line;
    // an anchor such as <a id="class-cast-exception"></a> is markup, not the topic
    return t.replaceAll("(?:^|[ \\t]+)#+$", "").replaceAll("<[^>]*>", "").strip();
  }

  private static int words(String text) {
    int n = 0;
    for (Matcher m = WORD.matcher(text); m.find(); ) {
      n++;
    }
    return n;
  }

  private static boolean isTableOfContents(String text) {
    int lines = 0;
    int links = 0;
    for (String l : text.split("\n")) {
      if (!l.isBlank()) {
        lines++;
        links += LINK_LINE.matcher(l).matches() ? 1 : 0;
      }
    }
    return lines > 0 && links * 2 >= lines;
  }
}
