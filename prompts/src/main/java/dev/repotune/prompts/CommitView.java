package dev.repotune.prompts;

import dev.repotune.extractors.PathText;
import dev.repotune.extractors.history.FileChange;
import dev.repotune.extractors.history.MemberChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the history drafters read off one {@link CommitTask}: its files and members split into main and
 * test code, and the blocks they quote (diffs, methods before and after). Everything here is the commit's
 * own text; nothing is inferred, and no line number is written outside a diff's own hunk headers.
 */
final class CommitView {
  /** A diff longer than this is not shown whole, and an answer that is the diff would be cut: not asked. */
  static final int MAX_DIFF_LINES = 400;
  /** A file without member information is shown whole before the change up to this many lines. */
  static final int MAX_FILE_LINES = 200;

  /** "line 42", "lines 10-12", "Foo.java:88": a message that cites lines goes stale and is not asked. */
  static final Pattern LINE_NUMBER = Pattern.compile("(?i)\\blines?\\s*#?\\d+|\\.\\w+:\\d+\\b");

  /** Documentation, not code: a commit that changes only these has no main-code change to ask about. */
  private static final Set<String> DOC_EXTENSIONS = Set.of("md", "markdown", "txt", "rst", "adoc");

  final CommitTask task;
  final Phrasings phrasings;
  final List<FileChange> mainFiles = new ArrayList<>();
  final List<FileChange> testFiles = new ArrayList<>();
  /** Methods and constructors of main code the commit adds, changes or removes. */
  final List<MemberChange> mainMethods = new ArrayList<>();
  /** Test methods the commit adds or changes (their after side exists). */
  final List<MemberChange> testMethods = new ArrayList<>();

  CommitView(CommitTask task, Phrasings phrasings) {
    this.task = task;
    this.phrasings = phrasings;
    for (FileChange f : task.files()) {
      if (f.binary() || f.diff() == null || f.diff().isBlank()) {
        continue;
      }
      (isTestFile(f) ? testFiles : mainFiles).add(f);
    }
    for (MemberChange m : task.members()) {
      if (!isMethod(m) || same(m.before(), m.after())) {
        continue;
      }
      if (isTest(m)) {
        if (m.after() != null) {
          testMethods.add(m);
        }
      } else {
        mainMethods.add(m);
      }
    }
  }

  /** The variables every history phrasing may name. */
  Map<String, String> vars() {
    Map<String, String> vars = new TreeMap<>();
    vars.put("repo", SystemPrompt.shortName(task.repo()));
    vars.put("commit", task.shortId());
    return vars;
  }

  /** Whether the commit changes main code (not only tests or documentation). */
  boolean changesMainCode() {
    return mainFiles.stream().anyMatch(f -> !DOC_EXTENSIONS.contains(extension(f.path())));
  }

  /** Whether the commit adds or changes tests. */
  boolean changesTests() {
    return !testMethods.isEmpty() || !testFiles.isEmpty();
  }

  /** Prose rather than code: Markdown and text files, and changelogs without an extension (jsoup's CHANGES). */
  static boolean isDocument(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1).toUpperCase(java.util.Locale.ROOT);
    return DOC_EXTENSIONS.contains(extension(path))
        || name.startsWith("CHANGES") || name.startsWith("CHANGELOG") || name.startsWith("NEWS") || name.startsWith("HISTORY");
  }

  static boolean isTestPath(String path) {
    return dev.repotune.extractors.java.JavaChunker.isTestPath(path);
  }

  /** Test code, as the chunker decides it: a test path, or a file whose declarations are all tests. */
  boolean isTestFile(FileChange f) {
    if (isTestPath(f.path()) || (f.oldPath() != null && isTestPath(f.oldPath()))) {
      return true;
    }
    List<MemberChange> ms = task.members().stream().filter(m -> m.path().equals(f.path())).toList();
    return !ms.isEmpty() && ms.stream().allMatch(MemberChange::test);
  }

  static boolean isTest(MemberChange m) {
    return m.test() || isTestPath(m.path());
  }

  static boolean isMethod(MemberChange m) {
    return m.kind().equals("method") || m.kind().equals("constructor");
  }

  private static boolean same(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }

  /** Lines of the files' diffs together. */
  static int diffLines(List<FileChange> files) {
    return diff(files).split("\n", -1).length;
  }

  /** The files' unified diffs one after the other, as git writes them. */
  static String diff(List<FileChange> files) {
    StringBuilder b = new StringBuilder();
    for (FileChange f : files) {
      String d = f.diff().replace("\r\n", "\n");
      b.append(d.endsWith("\n") ? d : d + "\n");
    }
    // not stripBlankEnds: a blank context line (" ") at a hunk's end is part of the diff
    return b.substring(0, Math.max(0, b.length() - 1));
  }

  /** The files' diffs as a ```diff block. */
  static String diffBlock(List<FileChange> files) {
    return fence("diff", diff(files));
  }

  /**
   * The main code as it was before the commit: each changed method as written, with its symbol and path;
   * a file without member information (not Java, or no method of it changed) whole when it is short, else
   * the old side of each of its hunks; a new file named as one. A document (a changelog, a README) shows
   * only the parts the change touches: the whole changelog is not the code a developer works on.
   */
  String beforeContext() {
    List<String> parts = new ArrayList<>();
    for (FileChange f : mainFiles) {
      List<MemberChange> before = mainMethods.stream()
          .filter(m -> m.path().equals(f.path()) && m.before() != null).toList();
      if (!before.isEmpty()) {
        before.forEach(m -> parts.add(Subject.code(m.symbol()) + " in " + path(m.path()) + ":\n"
            + fence("java", Sources.dedent(m.before()))));
      } else if (f.before() == null) {
        parts.add(path(f.path()) + " does not exist yet.");
      } else if (!isDocument(f.path()) && f.before().split("\n", -1).length <= MAX_FILE_LINES) {
        parts.add(path(f.oldPath() != null ? f.oldPath() : f.path()) + ":\n" + fence(language(f.path()), f.before()));
      } else {
        List<String> hunks = oldSides(f.diff());
        StringBuilder b = new StringBuilder(path(f.oldPath() != null ? f.oldPath() : f.path()))
            .append(", the parts the change touches:");
        hunks.forEach(h -> b.append("\n").append(fence(language(f.path()), h)));
        parts.add(b.toString());
      }
    }
    return String.join("\n\n", parts);
  }

  /** Each changed method of main code as the commit left it (a removed one named as removed). */
  String afterState() {
    List<String> parts = new ArrayList<>();
    for (MemberChange m : mainMethods) {
      if (m.after() == null) {
        parts.add(Subject.code(m.symbol()) + " in " + path(m.path()) + " is removed.");
      } else {
        parts.add((m.before() == null ? "The new " : "") + Subject.code(m.symbol()) + " in " + path(m.path())
            + (m.before() == null ? ":\n" : " after the change:\n") + fence("java", Sources.dedent(m.after())));
      }
    }
    return String.join("\n\n", parts);
  }

  /** How many blocks {@link #testsAfter} shows. */
  int testParts() {
    return testMethods.size()
        + (int) testFiles.stream().filter(f -> testMethods.stream().noneMatch(m -> m.path().equals(f.path()))).count();
  }

  /** The new or changed tests, as the commit wrote them; a test file without member information as its diff. */
  String testsAfter() {
    List<String> parts = new ArrayList<>();
    for (MemberChange m : testMethods) {
      parts.add(Subject.code(m.symbol()) + " in " + path(m.path()) + ":\n" + fence("java", Sources.dedent(m.after())));
    }
    for (FileChange f : testFiles) {
      if (testMethods.stream().noneMatch(m -> m.path().equals(f.path()))) {
        parts.add("The change to " + path(f.path()) + ":\n" + diffBlock(List.of(f)));
      }
    }
    return String.join("\n\n", parts);
  }

  /** The old side of each hunk of a unified diff (context and removed lines), without its header. */
  static List<String> oldSides(String diff) {
    List<String> hunks = new ArrayList<>();
    StringBuilder cur = null;
    for (String line : diff.replace("\r\n", "\n").split("\n", -1)) {
      if (line.startsWith("@@")) {
        if (cur != null && !cur.isEmpty()) {
          hunks.add(cur.toString());
        }
        cur = new StringBuilder();
      } else if (cur != null && (line.startsWith(" ") || line.startsWith("-"))) {
        cur.append(cur.isEmpty() ? "" : "\n").append(line.substring(1));
      } else if (cur != null && line.startsWith("diff --git")) {
        hunks.add(cur.toString());
        cur = null;
      }
    }
    if (cur != null && !cur.isEmpty()) {
      hunks.add(cur.toString());
    }
    return hunks;
  }

  /** {@code text} (final newlines dropped) in a fence of {@code language} longer than any backtick run inside it. */
  static String fence(String language, String text) {
    return Sources.fence(language, text);
  }

  /** A path as a code span, escaped as every path repotune writes. */
  static String path(String path) {
    return Subject.code(PathText.escape(path));
  }

  static String extension(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1);
  }

  /** The fence language of a file: its extension, with Markdown and shell spelled as renderers expect. */
  static String language(String path) {
    String ext = extension(path);
    return switch (ext) {
      case "md", "markdown" -> "markdown";
      case "sh", "bash" -> "bash";
      case "yml" -> "yaml";
      case "kts" -> "kotlin";
      default -> ext.matches("[a-z0-9]{1,10}") ? ext : "";
    };
  }
}
