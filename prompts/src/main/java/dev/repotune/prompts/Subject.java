package dev.repotune.prompts;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.CodeFacts;
import dev.repotune.extractors.PathText;
import dev.repotune.extractors.index.IndexFacts;
import dev.repotune.extractors.index.IndexedChunk;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A METHOD or TYPE chunk the offline teacher asks about, with what every phrasing may name ({@link #vars})
 * and the small helpers the {@link Drafter}s share to state facts the same way.
 */
final class Subject {
  /** Javadoc description kept in an answer, in characters (whole paragraphs, the first always). */
  static final int MAX_DESCRIPTION_CHARS = 1200;

  final Chunk chunk;
  final CodeFacts facts;
  final IndexFacts index;
  final boolean isType;
  /** A Markdown section ({@code DOC_SECTION}): no facts, its heading is its symbol. */
  final boolean isSection;
  final String symbol;
  /** Simple name(s) of the declaring type, e.g. {@code Gson.Builder}; a type's own name for types. */
  final String owner;
  /** The enclosing type's declaration for a member; the type's own for a type. */
  final String declaration;
  final int line;
  final Map<String, String> vars = new TreeMap<>();
  final Phrasings phrasings;

  Subject(IndexedChunk ic, boolean isType, Phrasings phrasings) {
    this(ic, isType, false, phrasings);
  }

  /** A Markdown section: its heading as symbol and name, kind "section", no type or declaration. */
  static Subject section(IndexedChunk ic, Phrasings phrasings) {
    return new Subject(ic, false, true, phrasings);
  }

  private Subject(IndexedChunk ic, boolean isType, boolean isSection, Phrasings phrasings) {
    this.chunk = ic.chunk();
    this.facts = chunk.facts();
    this.index = ic.index();
    this.isType = isType;
    this.isSection = isSection;
    this.phrasings = phrasings;
    String enclosing = facts.enclosingType();
    if (isSection) {
      symbol = chunk.symbol();
      owner = "";
      declaration = "";
    } else if (isType) {
      symbol = enclosing.isEmpty() ? facts.name() : enclosing + "." + facts.name();
      owner = symbol;
      declaration = facts.signature().isBlank() ? symbol : facts.signature();
    } else {
      symbol = chunk.symbol();
      owner = enclosing.isEmpty() ? ownerOf(symbol) : enclosing;
      String simple = owner.substring(owner.lastIndexOf('.') + 1);
      String found = Sources.typeDeclaration(chunk.context(), simple);
      declaration = found == null ? owner : found;
    }
    line = chunk.declarationLine();
    vars.put("symbol", symbol);
    vars.put("name", isSection ? symbol : facts.name());
    vars.put("type", owner);
    vars.put("kind", isSection ? "section" : facts.declarationKind());
    vars.put("path", PathText.escape(chunk.path()));
    vars.put("repo", repoName(chunk.repo()));
    vars.put("declaration", declaration);
  }

  String path() {
    return chunk.path();
  }

  /** The question group of a task: the type-specific one for types where the file has one. */
  List<String> questions(TaskKind task) {
    String name = task.wireName();
    if (isType && phrasings.groupNames().contains(name + ".type.q")) {
      return phrasings.group(name + ".type.q");
    }
    return phrasings.group(name + ".q");
  }

  /** The lead-in group of a task's answers ({@code <task>.a}, or {@code <task>.<variant>.a}). */
  static String leads(TaskKind task, String variant) {
    return task.wireName() + (variant.isEmpty() ? "" : "." + variant) + ".a";
  }

  /** The closing-sentence group of a task's answers ({@code <task>.where}, or {@code <task>.<variant>.where}). */
  static String closes(TaskKind task, String variant) {
    return task.wireName() + (variant.isEmpty() ? "" : "." + variant) + ".where";
  }

  /**
   * The Javadoc as written in the chunk (so {@code {@link}}s and the repository's own style survive),
   * else rebuilt from the facts, whose text the extractor has already rendered to prose.
   */
  String javadocComment() {
    String written = writtenJavadoc();
    return written != null ? written : Javadocs.asComment(facts.javadoc());
  }

  /** The Javadoc exactly as written in the chunk, null when the chunk does not start with it. */
  String writtenJavadoc() {
    return Sources.leadingJavadoc(chunk.text());
  }

  String packageClause() {
    return facts.packageName().isEmpty() ? "" : ", in package " + code(facts.packageName());
  }

  /**
   * A list item naming a declaration and its file (not its line, which the next edit above it moves);
   * nothing for a reference with no name or path.
   */
  static void addBullet(List<String> bullets, String symbol, String path) {
    if (isBlank(symbol) || isBlank(path)) {
      return;
    }
    bullets.add("- " + code(Sources.shortRef(symbol.strip())) + " (" + code(path.strip()) + ")");
  }

  /**
   * The line that ends a cut list, {@code <task>.more} rendered ("… and 7 more (17 in all)."): a list
   * of 10 callers out of 17 must not read as the whole; "" when the list is whole.
   */
  String more(TaskKind task, int shown, int total) {
    if (total <= shown) {
      return "";
    }
    Map<String, String> counts = Map.of("more", Integer.toString(total - shown), "total", Integer.toString(total));
    return "\n" + Templates.render(phrasings.group(task.wireName() + ".more").get(0), counts);
  }

  static String code(String s) {
    return Sources.code(s);
  }

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /** {@code Gson.Builder} of the member symbol {@code Gson.Builder.create()}. */
  static String ownerOf(String memberSymbol) {
    return memberSymbol.replaceFirst("\\.[^.(]*\\(.*$", "");
  }

  /** The name a phrasing's {repo} says: {@code gson}, else "this repository". */
  static String repoName(String repo) {
    try {
      return SystemPrompt.shortName(repo);
    } catch (IllegalArgumentException e) {
      return "this repository";
    }
  }
}
