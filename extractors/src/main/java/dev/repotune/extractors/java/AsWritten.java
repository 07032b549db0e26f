package dev.repotune.extractors.java;

import com.github.javaparser.Range;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithModifiers;
import com.github.javaparser.ast.nodeTypes.NodeWithSimpleName;
import com.github.javaparser.ast.nodeTypes.NodeWithTypeParameters;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.printer.configuration.DefaultConfigurationOption;
import com.github.javaparser.printer.configuration.DefaultPrinterConfiguration;
import com.github.javaparser.printer.configuration.DefaultPrinterConfiguration.ConfigOption;
import com.github.javaparser.printer.configuration.PrinterConfiguration;
import java.util.ArrayList;
import java.util.List;

/**
 * Types and their annotations as the source writes them. JavaParser's {@code Type.asString()} drops
 * every type annotation ({@code List<@NonNull String>} becomes {@code List<String>}), and it files an
 * annotation that sits among the modifiers ({@code public static @Nullable Element}) with the
 * declaration's own annotations; the source text keeps both where they are.
 */
final class AsWritten {
  private static final PrinterConfiguration NO_COMMENTS =
      new DefaultPrinterConfiguration().removeOption(new DefaultConfigurationOption(ConfigOption.PRINT_COMMENTS));

  private final SourceText src;

  AsWritten(SourceText src) {
    this.src = src;
  }

  /** A node's text, comments removed and whitespace folded to single spaces. */
  String text(Node n) {
    Range r = n.getRange().orElseThrow();
    int from = src.offset(r.begin);
    int to = src.offset(r.end) + 1;
    List<Range> cuts = new ArrayList<>();
    for (Comment c : n.getAllContainedComments()) {
      c.getRange().ifPresent(cuts::add);
    }
    return fold(src.sliceWithout(from, Math.max(from, to), cuts));
  }

  /**
   * The annotations written before everything else of the declaration (its modifiers, type parameters,
   * type and name): {@code @Override}, {@code @Test}, {@code @Nullable} above the method. These are the
   * declaration's; one written after a modifier ({@code public static @Nullable Element}) is shown.
   */
  List<AnnotationExpr> leading(Node decl, NodeList<AnnotationExpr> annotations) {
    int boundary = headerStart(decl);
    List<AnnotationExpr> out = new ArrayList<>();
    for (AnnotationExpr a : annotations) {
      if (begin(a) < boundary) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * A method's return type as written: the annotations between its last modifier or type parameter and
   * the type ({@code @Nullable Element}), then the type with its own ({@code T @NonNull []}).
   */
  String returnType(MethodDeclaration m) {
    List<Node> before = new ArrayList<>(m.getModifiers());
    before.addAll(m.getTypeParameters());
    if (before.isEmpty()) {
      return type(m.getType(), m.getName()); // every annotation is written first: the method's
    }
    int after = -1;
    for (Node part : before) {
      after = Math.max(after, begin(part));
    }
    StringBuilder sb = new StringBuilder();
    for (AnnotationExpr a : m.getAnnotations()) {
      if (begin(a) > after && begin(a) < begin(m.getType())) {
        sb.append(text(a)).append(' ');
      }
    }
    return sb.append(type(m.getType(), m.getName())).toString();
  }

  /**
   * A parameter's type as written, without {@code final}: the annotations between a modifier and the
   * type ({@code final @Nullable String}), the type with its own ({@code List<@NonNull String>}), and a
   * varargs parameter's {@code ...} with its annotations ({@code String @A ...}). Annotations written
   * first ({@code @SuppressWarnings("unchecked") final T... items}) are the parameter's, as a method's
   * are; the signature shows them where they are.
   */
  String paramType(Parameter p) {
    StringBuilder sb = new StringBuilder();
    int boundary = headerStart(p);
    for (AnnotationExpr a : p.getAnnotations()) {
      if (begin(a) > boundary) {
        sb.append(text(a)).append(' ');
      }
    }
    sb.append(type(p.getType(), p.getName()));
    if (p.isVarArgs()) {
      for (AnnotationExpr a : p.getVarArgsAnnotations()) {
        sb.append(' ').append(text(a));
      }
      sb.append(p.getVarArgsAnnotations().isEmpty() ? "..." : " ...");
    }
    return sb.toString();
  }

  /**
   * A type as written. A C-style array ({@code String args[]}, {@code int f()[]}) puts dimensions after
   * the name, and JavaParser's range of the type then spans the name too: such a type is printed from
   * the tree instead, annotations kept.
   */
  String type(Type t, Node name) {
    if (t.getRange().isEmpty() || begin(name) <= end(t)) {
      return fold(t.toString(NO_COMMENTS));
    }
    return text(t);
  }

  /** Where the declaration's first modifier, type parameter, type or name begins. */
  private int headerStart(Node decl) {
    int start = Integer.MAX_VALUE;
    for (Node part : headerParts(decl)) {
      start = Math.min(start, begin(part));
    }
    return start;
  }

  private static List<Node> headerParts(Node decl) {
    List<Node> parts = new ArrayList<>();
    if (decl instanceof NodeWithModifiers<?> m) {
      parts.addAll(m.getModifiers());
    }
    if (decl instanceof NodeWithTypeParameters<?> tp) {
      parts.addAll(tp.getTypeParameters());
    }
    if (decl instanceof MethodDeclaration md) {
      parts.add(md.getType());
    }
    if (decl instanceof Parameter p) {
      parts.add(p.getType());
    }
    if (decl instanceof NodeWithSimpleName<?> n) {
      parts.add(n.getName());
    }
    parts.removeIf(p -> p.getRange().isEmpty());
    return parts;
  }

  private int end(Node n) {
    return src.offset(n.getRange().orElseThrow().end);
  }

  private int begin(Node n) {
    return src.offset(n.getRange().orElseThrow().begin);
  }

  private static String fold(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }
}
