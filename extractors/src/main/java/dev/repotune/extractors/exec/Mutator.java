package dev.repotune.extractors.exec;

import com.github.javaparser.JavaParser;
import com.github.javaparser.JavaToken;
import com.github.javaparser.ParseResult;
import com.github.javaparser.Position;
import com.github.javaparser.Range;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.PatternExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithArguments;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.type.PrimitiveType;
import com.github.javaparser.ast.type.Type;
import dev.repotune.extractors.java.JavaChunker;
import dev.repotune.extractors.java.SourceText;
import dev.repotune.extractors.text.Lines;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Mutants of one method, made as text edits at the JavaParser nodes' own offsets: everything outside the
 * edit stays byte for byte as written, so a mutant differs from the original in the one place a test should
 * notice. Without type resolution a rule applies only where the type is evident from the text (a literal, a
 * name declared in the method); where it is not, the mutant is not made.
 */
public final class Mutator {
  private static final int SNIPPET_CHARS = 40;

  private Mutator() {}

  /** One planned edit: {@code [begin, end)} of the original text becomes {@code replacement}. */
  private record Edit(MutationKind kind, int begin, int end, String replacement, int line, String description) {}

  /**
   * The mutants of the method or constructor that ends on {@code endLine} and begins within the span (a
   * chunk's span starts at its Javadoc or annotations), in source order, then kind order. Each one parses
   * and differs from {@code fileText}; none when the file does not parse or there is no such callable with
   * a body.
   */
  public static List<Mutant> mutants(String fileText, int startLine, int endLine) {
    JavaParser parser = new JavaParser(JavaChunker.configuration());
    Optional<CompilationUnit> cu = parse(parser, fileText);
    if (cu.isEmpty()) {
      return List.of();
    }
    Optional<CallableDeclaration<?>> target = callable(cu.get(), startLine, endLine);
    Optional<BlockStmt> body = target.flatMap(Mutator::body);
    if (body.isEmpty()) {
      return List.of();
    }
    Planner planner = new Planner(fileText, target.get());
    body.get().walk(planner::visit);
    List<Edit> edits = new ArrayList<>(planner.edits);
    edits.sort(Comparator.comparingInt(Edit::begin).thenComparing(Edit::kind));
    int[] originalStarts = Lines.starts(fileText);
    List<Mutant> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Edit e : edits) {
      String mutated = fileText.substring(0, e.begin()) + e.replacement() + fileText.substring(e.end());
      if (mutated.equals(fileText) || !seen.add(mutated) || parse(parser, mutated).isEmpty()) {
        continue;
      }
      int newEndLine = endLine + Lines.starts(mutated).length - originalStarts.length;
      out.add(new Mutant(e.kind(), e.description(), e.line(), lines(mutated, startLine, newEndLine), mutated));
    }
    return out;
  }

  /**
   * At most {@code max} mutants, kinds first: one of each kind in a seeded order, then a second of each, and
   * so on, each kind's own mutants also in a seeded order. The result is in pick order, so a prefix of it
   * still spreads over the kinds.
   */
  public static List<Mutant> choose(List<Mutant> all, int max, long seed) {
    Random random = new Random(seed);
    Map<MutationKind, List<Mutant>> byKind = new EnumMap<>(MutationKind.class);
    for (Mutant m : all) {
      byKind.computeIfAbsent(m.kind(), k -> new ArrayList<>()).add(m);
    }
    List<MutationKind> kinds = new ArrayList<>(byKind.keySet());
    Collections.shuffle(kinds, random);
    List<Deque<Mutant>> queues = new ArrayList<>();
    for (MutationKind k : kinds) {
      List<Mutant> own = new ArrayList<>(byKind.get(k));
      Collections.shuffle(own, random);
      queues.add(new ArrayDeque<>(own));
    }
    List<Mutant> out = new ArrayList<>();
    boolean any = true;
    while (out.size() < max && any) {
      any = false;
      for (Deque<Mutant> q : queues) {
        if (out.size() < max && !q.isEmpty()) {
          out.add(q.removeFirst());
          any = true;
        }
      }
    }
    return out;
  }

  private static Optional<CompilationUnit> parse(JavaParser parser, String text) {
    ParseResult<CompilationUnit> r = parser.parse(text);
    return r.isSuccessful() ? r.getResult() : Optional.empty();
  }

  /** The outermost callable ending on {@code endLine} whose first line lies in the span. */
  private static Optional<CallableDeclaration<?>> callable(CompilationUnit cu, int startLine, int endLine) {
    CallableDeclaration<?> best = null;
    for (CallableDeclaration<?> c : cu.findAll(CallableDeclaration.class)) {
      Optional<Range> r = c.getRange();
      if (r.isPresent() && r.get().end.line == endLine && r.get().begin.line >= startLine
          && r.get().begin.line <= endLine && (best == null || r.get().begin.isBefore(best.getRange().get().begin))) {
        best = c;
      }
    }
    return Optional.ofNullable(best);
  }

  private static Optional<BlockStmt> body(CallableDeclaration<?> c) {
    if (c instanceof MethodDeclaration m) {
      return m.getBody();
    }
    if (c instanceof ConstructorDeclaration k) {
      return Optional.of(k.getBody());
    }
    return Optional.empty();
  }

  /** Lines {@code from..to} of {@code text} exactly as written (their own terminators between them). */
  static String lines(String text, int from, int to) {
    int[] starts = Lines.starts(text);
    int begin = starts[Math.max(0, Math.min(from, starts.length) - 1)];
    int end = to < starts.length ? starts[to] : text.length();
    while (end > begin && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(begin, end);
  }

  /** Walks a body and collects the edits of every kind. */
  private static final class Planner {
    private final String text;
    private final SourceText source;
    private final int[] starts;
    /** Names declared in the method (parameters, locals) with one type; one declared with two types is left out. */
    private final Map<String, String> declared;
    final List<Edit> edits = new ArrayList<>();

    Planner(String text, CallableDeclaration<?> callable) {
      this.text = text;
      this.source = new SourceText(text);
      this.starts = Lines.starts(text);
      this.declared = declaredTypes(callable);
    }

    void visit(Node n) {
      if (n instanceof IfStmt s) {
        negate(s.getCondition(), "if");
        removeNullGuard(s);
      } else if (n instanceof WhileStmt s) {
        negate(s.getCondition(), "while");
      } else if (n instanceof DoStmt s) {
        negate(s.getCondition(), "do-while");
      } else if (n instanceof ConditionalExpr c) {
        negate(c.getCondition(), "ternary");
      } else if (n instanceof BinaryExpr b) {
        comparison(b);
        arithmetic(b);
        offByOne(b);
        removeNullAnd(b);
      } else if (n instanceof ArrayAccessExpr a) {
        indexOffByOne(a);
      } else if (n instanceof ExpressionStmt s) {
        drop(s);
      } else if (n instanceof ReturnStmt r) {
        returnConstant(r);
      }
      if (n instanceof NodeWithArguments<?> call
          && (n instanceof MethodCallExpr || n instanceof ObjectCreationExpr
              || n instanceof ExplicitConstructorInvocationStmt)) {
        swap(n, call.getArguments());
      }
    }

    /** Not a condition that binds a pattern variable: negated, the variable would leave scope where it is used. */
    private void negate(Expression condition, String where) {
      if (condition.findFirst(PatternExpr.class).isPresent()) {
        return;
      }
      String c = textOf(condition);
      add(MutationKind.NEGATE_CONDITION, condition, "!(" + c + ")",
          "`" + where + "` condition " + quoted(c) + "negated");
    }

    private void comparison(BinaryExpr b) {
      BinaryExpr.Operator to = switch (b.getOperator()) {
        case LESS -> BinaryExpr.Operator.LESS_EQUALS;
        case LESS_EQUALS -> BinaryExpr.Operator.LESS;
        case GREATER -> BinaryExpr.Operator.GREATER_EQUALS;
        case GREATER_EQUALS -> BinaryExpr.Operator.GREATER;
        case EQUALS -> BinaryExpr.Operator.NOT_EQUALS;
        case NOT_EQUALS -> BinaryExpr.Operator.EQUALS;
        default -> null;
      };
      if (to != null) {
        replaceOperator(MutationKind.COMPARISON, b, to);
      }
    }

    private void arithmetic(BinaryExpr b) {
      BinaryExpr.Operator to = switch (b.getOperator()) {
        case PLUS -> isNumeric(b.getLeft()) && isNumeric(b.getRight()) ? BinaryExpr.Operator.MINUS : null;
        case MINUS -> BinaryExpr.Operator.PLUS;
        case MULTIPLY -> BinaryExpr.Operator.DIVIDE;
        case DIVIDE, REMAINDER -> BinaryExpr.Operator.MULTIPLY;
        default -> null;
      };
      if (to != null) {
        replaceOperator(MutationKind.ARITHMETIC, b, to);
      }
    }

    private void offByOne(BinaryExpr b) {
      if (!isComparison(b.getOperator())) {
        return;
      }
      for (Expression side : List.of(b.getLeft(), b.getRight())) {
        if (side instanceof IntegerLiteralExpr lit) {
          shiftLiteral(lit, true);
        }
      }
      Expression bound = b.getRight();
      boolean upper = b.getOperator() == BinaryExpr.Operator.LESS
          || b.getOperator() == BinaryExpr.Operator.LESS_EQUALS;
      if (upper && (bound instanceof NameExpr || bound instanceof FieldAccessExpr || bound instanceof MethodCallExpr)) {
        String t = textOf(bound);
        add(MutationKind.OFF_BY_ONE, bound, t + " - 1", quoted(t) + "changed to `" + t + " - 1`");
      }
    }

    private void indexOffByOne(ArrayAccessExpr a) {
      if (a.getIndex() instanceof IntegerLiteralExpr lit) {
        shiftLiteral(lit, false);
      }
    }

    /** {@code n} to {@code n + 1} and {@code n - 1}; an index never below zero. */
    private void shiftLiteral(IntegerLiteralExpr lit, boolean mayGoNegative) {
      Number value;
      try {
        value = lit.asNumber();
      } catch (NumberFormatException e) {
        return;
      }
      if (!(value instanceof Integer)) {
        return;
      }
      long n = value.longValue();
      for (long m : new long[] {n + 1, n - 1}) {
        if (m >= Integer.MIN_VALUE && m <= Integer.MAX_VALUE && (mayGoNegative || m >= 0)) {
          add(MutationKind.OFF_BY_ONE, lit, Long.toString(m), quoted(textOf(lit)) + "changed to `" + m + "`");
        }
      }
    }

    private void drop(ExpressionStmt s) {
      if (s.getExpression() instanceof VariableDeclarationExpr
          || !(s.getParentNode().orElse(null) instanceof BlockStmt block) || block.getStatements().size() < 2) {
        return;
      }
      removeStatement(MutationKind.DROP_STATEMENT, s, "statement " + quoted(textOf(s)) + "dropped");
    }

    private void returnConstant(ReturnStmt r) {
      Optional<Expression> value = r.getExpression();
      Optional<MethodDeclaration> method = returningMethod(r);
      if (value.isEmpty() || method.isEmpty()) {
        return;
      }
      Expression e = value.get();
      Type type = method.get().getType();
      String replacement;
      if (type.isPrimitiveType() && type.asPrimitiveType().getType() == PrimitiveType.Primitive.BOOLEAN) {
        replacement = e instanceof BooleanLiteralExpr b ? Boolean.toString(!b.getValue()) : "!(" + textOf(e) + ")";
      } else if (type.isPrimitiveType()) {
        replacement = isZero(e) ? "1" : "0";
      } else if (!type.isVoidType() && !(e instanceof NullLiteralExpr)) {
        replacement = "null";
      } else {
        return;
      }
      add(MutationKind.RETURN_CONSTANT, e, replacement,
          "returned " + quoted(textOf(e)) + "changed to `" + replacement + "`");
    }

    private void swap(Node call, NodeList<Expression> args) {
      for (int i = 0; i + 1 < args.size(); i++) {
        Expression a = args.get(i);
        Expression b = args.get(i + 1);
        if (!sameEvidentType(a, b) || textOf(a).equals(textOf(b))) {
          continue;
        }
        int begin = start(a);
        int end = end(b);
        String between = text.substring(end(a), start(b));
        String name = call instanceof MethodCallExpr m ? "`" + m.getNameAsString() + "`"
            : call instanceof ObjectCreationExpr o ? "`new " + o.getType().getNameAsString() + "`" : "the constructor";
        edits.add(new Edit(MutationKind.SWAP_ARGUMENTS, begin, end, textOf(b) + between + textOf(a), line(a),
            "arguments " + quoted(textOf(a)) + "and " + quoted(textOf(b)) + "of " + name + " swapped on line "
                + line(a)));
      }
    }

    private void removeNullGuard(IfStmt s) {
      if (s.getElseStmt().isEmpty() && isNullComparison(s.getCondition())
          && s.getParentNode().orElse(null) instanceof BlockStmt) {
        removeStatement(MutationKind.REMOVE_NULL_CHECK, s,
            "null check " + quoted(textOf(s.getCondition())) + "removed with its `if`");
      }
    }

    /** {@code x != null && rest} to {@code rest}, and {@code x == null || rest} likewise. */
    private void removeNullAnd(BinaryExpr b) {
      boolean guard = (b.getOperator() == BinaryExpr.Operator.AND
              && isNullComparison(b.getLeft(), BinaryExpr.Operator.NOT_EQUALS))
          || (b.getOperator() == BinaryExpr.Operator.OR && isNullComparison(b.getLeft(), BinaryExpr.Operator.EQUALS));
      if (guard) {
        add(MutationKind.REMOVE_NULL_CHECK, b, textOf(b.getRight()),
            "null check " + quoted(textOf(b.getLeft())) + "removed");
      }
    }

    private void replaceOperator(MutationKind kind, BinaryExpr b, BinaryExpr.Operator to) {
      Optional<JavaToken> op = operatorToken(b);
      if (op.isEmpty() || op.get().getRange().isEmpty()) {
        return;
      }
      Range r = op.get().getRange().get();
      int begin = source.offset(r.begin);
      int end = source.offset(r.end) + 1;
      String from = b.getOperator().asString();
      if (!text.substring(begin, end).equals(from)) {
        return;
      }
      edits.add(new Edit(kind, begin, end, to.asString(), r.begin.line,
          "`" + from + "` changed to `" + to.asString() + "` on line " + r.begin.line));
    }

    /** The operator's own token: the first token after the left operand that reads as the operator. */
    private static Optional<JavaToken> operatorToken(BinaryExpr b) {
      Optional<JavaToken> t = b.getLeft().getTokenRange().map(tr -> tr.getEnd()).flatMap(JavaToken::getNextToken);
      Optional<JavaToken> stop = b.getRight().getTokenRange().map(tr -> tr.getBegin());
      String op = b.getOperator().asString();
      while (t.isPresent() && (stop.isEmpty() || t.get() != stop.get())) {
        if (t.get().getText().equals(op)) {
          return t;
        }
        t = t.get().getNextToken();
      }
      return Optional.empty();
    }

    /** Removes a statement; its whole lines when it stands alone on them, so no blank line is left. */
    private void removeStatement(MutationKind kind, Statement s, String what) {
      int begin = start(s);
      int end = end(s);
      int firstLine = s.getRange().get().begin.line;
      int lastLine = s.getRange().get().end.line;
      int lineStart = starts[firstLine - 1];
      int nextLine = lastLine < starts.length ? starts[lastLine] : text.length();
      int lineEnd = nextLine;
      while (lineEnd > end && (text.charAt(lineEnd - 1) == '\n' || text.charAt(lineEnd - 1) == '\r')) {
        lineEnd--;
      }
      if (text.substring(lineStart, begin).isBlank() && text.substring(end, lineEnd).isBlank()) {
        begin = lineStart;
        end = nextLine;
      }
      edits.add(new Edit(kind, begin, end, "", firstLine, what + " on line " + firstLine));
    }

    private void add(MutationKind kind, Node node, String replacement, String what) {
      edits.add(new Edit(kind, start(node), end(node), replacement, line(node), what + " on line " + line(node)));
    }

    private boolean isNumeric(Expression e) {
      if (e instanceof IntegerLiteralExpr || e instanceof LongLiteralExpr || e instanceof DoubleLiteralExpr
          || e instanceof CharLiteralExpr) {
        return true;
      }
      if (e instanceof EnclosedExpr en) {
        return isNumeric(en.getInner());
      }
      if (e instanceof UnaryExpr u) {
        return u.getOperator() != UnaryExpr.Operator.LOGICAL_COMPLEMENT && isNumeric(u.getExpression());
      }
      if (e instanceof CastExpr c) {
        return c.getType().isPrimitiveType() && isNumericPrimitive(c.getType().asString());
      }
      if (e instanceof NameExpr n) {
        String type = declared.get(n.getNameAsString());
        return type != null && isNumericPrimitive(type);
      }
      if (e instanceof BinaryExpr b) {
        return switch (b.getOperator()) {
          case PLUS -> isNumeric(b.getLeft()) && isNumeric(b.getRight());
          case MINUS, MULTIPLY, DIVIDE, REMAINDER, LEFT_SHIFT, SIGNED_RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT -> true;
          default -> false;
        };
      }
      return false;
    }

    private boolean sameEvidentType(Expression a, Expression b) {
      if (a instanceof LiteralExpr && !(a instanceof NullLiteralExpr)) {
        return a.getClass() == b.getClass();
      }
      if (a instanceof NameExpr x && b instanceof NameExpr y) {
        String tx = declared.get(x.getNameAsString());
        return tx != null && tx.equals(declared.get(y.getNameAsString()));
      }
      return false;
    }

    private static boolean isZero(Expression e) {
      try {
        if (e instanceof IntegerLiteralExpr i) {
          return i.asNumber().longValue() == 0;
        }
        if (e instanceof LongLiteralExpr l) {
          return l.asNumber().longValue() == 0;
        }
        if (e instanceof DoubleLiteralExpr d) {
          return d.asDouble() == 0;
        }
      } catch (NumberFormatException ignored) {
        // An odd literal is not zero as far as the rule goes.
      }
      return false;
    }

    /** The method a return belongs to; none inside a lambda, whose type is not written. */
    private static Optional<MethodDeclaration> returningMethod(ReturnStmt r) {
      for (Node p = r.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
        if (p instanceof LambdaExpr || p instanceof ConstructorDeclaration) {
          return Optional.empty();
        }
        if (p instanceof MethodDeclaration m) {
          return Optional.of(m);
        }
      }
      return Optional.empty();
    }

    private static boolean isComparison(BinaryExpr.Operator op) {
      return switch (op) {
        case LESS, LESS_EQUALS, GREATER, GREATER_EQUALS, EQUALS, NOT_EQUALS -> true;
        default -> false;
      };
    }

    private static boolean isNullComparison(Expression e) {
      return isNullComparison(e, BinaryExpr.Operator.EQUALS) || isNullComparison(e, BinaryExpr.Operator.NOT_EQUALS);
    }

    private static boolean isNullComparison(Expression e, BinaryExpr.Operator op) {
      return e instanceof BinaryExpr b && b.getOperator() == op
          && (b.getLeft() instanceof NullLiteralExpr || b.getRight() instanceof NullLiteralExpr);
    }

    private static boolean isNumericPrimitive(String type) {
      return switch (type) {
        case "int", "long", "short", "byte", "char", "double", "float" -> true;
        default -> false;
      };
    }

    private static Map<String, String> declaredTypes(CallableDeclaration<?> callable) {
      Map<String, String> types = new HashMap<>();
      Set<String> ambiguous = new HashSet<>();
      List<Map.Entry<String, String>> all = new ArrayList<>();
      for (Parameter p : callable.findAll(Parameter.class)) {
        all.add(Map.entry(p.getNameAsString(), p.getType().asString() + (p.isVarArgs() ? "[]" : "")));
      }
      for (VariableDeclarator v : callable.findAll(VariableDeclarator.class)) {
        all.add(Map.entry(v.getNameAsString(), v.getType().asString()));
      }
      for (Map.Entry<String, String> e : all) {
        String type = e.getValue();
        if (type.isEmpty() || type.equals("var") || !type.equals(types.getOrDefault(e.getKey(), type))) {
          ambiguous.add(e.getKey());
        }
        types.put(e.getKey(), type);
      }
      ambiguous.forEach(types::remove);
      return types;
    }

    private String textOf(Node n) {
      return text.substring(start(n), end(n));
    }

    private int start(Node n) {
      return source.offset(n.getRange().get().begin);
    }

    private int end(Node n) {
      Position p = n.getRange().get().end;
      return source.offset(p) + 1;
    }

    private static int line(Node n) {
      return n.getRange().get().begin.line;
    }

    /** A short one-line piece of code in backticks with a trailing space, or nothing when it is long. */
    private static String quoted(String code) {
      return code.length() <= SNIPPET_CHARS && code.indexOf('\n') < 0 && code.indexOf('\r') < 0
          ? "`" + code + "` " : "";
    }
  }

  /**
   * Whether {@code m} replaced the only statement of its method with a constant return: its "fix" is the
   * whole body, which a fix-bug request does not show, so it teaches writing the method, not finding a bug.
   */
  public static boolean replacesWholeBody(Mutant m) {
    if (m.kind() != MutationKind.RETURN_CONSTANT) {
      return false;
    }
    ParseResult<BodyDeclaration<?>> parsed =
        new JavaParser(JavaChunker.configuration()).parseBodyDeclaration(m.methodText().strip());
    return parsed.getResult()
        .filter(d -> d instanceof MethodDeclaration)
        .flatMap(d -> ((MethodDeclaration) d).getBody())
        .map(b -> b.getStatements().size() <= 1)
        .orElse(false);
  }
}
