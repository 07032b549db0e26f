package dev.repotune.extractors.completion;

import com.github.javaparser.JavaToken;
import com.github.javaparser.TokenRange;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.CompactConstructorDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SwitchExpr;
import com.github.javaparser.ast.stmt.AssertStmt;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.stmt.YieldStmt;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tree middles of one Java file, located by its tokens rather than by line and column: a token's
 * offset is the sum of the lengths of the tokens before it (JavaParser stores whitespace, line breaks
 * and comments as tokens, keeps a BOM as a whitespace token and keeps unicode escapes as written), so
 * tabs, CRLF, a BOM and characters outside the BMP cannot shift a span. When the tokens do not spell
 * the text exactly (a tree of another text, or one parsed without tokens) there are no tree middles.
 */
final class TreeMiddles {
  /** Candidates per tree kind, in source order; each {@code {start, end}}. */
  final Map<MiddleKind, List<int[]>> candidates = new EnumMap<>(MiddleKind.class);
  /** Characters inside comments. */
  final BitSet comment;
  /** Characters of code: not whitespace, not comment. */
  final BitSet code;

  private final String text;
  private final Map<JavaToken, Integer> offsets = new IdentityHashMap<>();
  private final Set<BlockStmt> bodies = Collections.newSetFromMap(new IdentityHashMap<>());

  private TreeMiddles(String text) {
    this.text = text;
    this.comment = new BitSet(text.length());
    this.code = new BitSet(text.length());
  }

  /** The tree middles of {@code unit}, or null when its tokens do not spell {@code text}. */
  static TreeMiddles of(CompilationUnit unit, String text) {
    Optional<TokenRange> range = unit.getTokenRange();
    if (range.isEmpty()) {
      return null;
    }
    TreeMiddles t = new TreeMiddles(text);
    if (!t.mapTokens(range.get().getBegin())) {
      return null;
    }
    for (MiddleKind k : FimMiddles.TREE_KINDS) {
      t.candidates.put(k, new ArrayList<>());
    }
    unit.walk(t::visit);
    return t;
  }

  private boolean mapTokens(JavaToken any) {
    JavaToken first = any;
    while (first.getPreviousToken().isPresent()) {
      first = first.getPreviousToken().get();
    }
    int at = 0;
    for (JavaToken tok = first; tok != null; tok = tok.getNextToken().orElse(null)) {
      String s = tok.getText();
      if (!text.startsWith(s, at)) {
        return false;
      }
      offsets.put(tok, at);
      JavaToken.Category c = tok.getCategory();
      if (c.isComment()) {
        comment.set(at, at + s.length());
      } else if (!c.isWhitespaceOrComment()) {
        code.set(at, at + s.length());
      }
      at += s.length();
    }
    return at == text.length();
  }

  private void visit(Node n) {
    if (n instanceof MethodDeclaration m) {
      m.getBody().ifPresent(b -> body(b));
    } else if (n instanceof ConstructorDeclaration c) {
      body(c.getBody());
    } else if (n instanceof CompactConstructorDeclaration c) {
      body(c.getBody());
    } else if (n instanceof BlockStmt b) {
      if (!bodies.contains(b)) {
        inside(MiddleKind.BLOCK, b);
      }
    } else if (n instanceof Statement s) {
      statement(s);
    } else if (n instanceof VariableDeclarator v) {
      v.getInitializer().ifPresent(this::expression);
    } else if (n instanceof AssignExpr a) {
      expression(a.getValue());
    } else if (n instanceof MethodCallExpr c) {
      arguments(c.getArguments());
    } else if (n instanceof ObjectCreationExpr c) {
      arguments(c.getArguments());
    } else if (n instanceof EnumConstantDeclaration c) {
      arguments(c.getArguments());
    } else if (n instanceof SwitchExpr s) {
      expression(s.getSelector());
    } else if (n instanceof LambdaExpr l && l.getBody() instanceof ExpressionStmt e) {
      expression(e.getExpression());
    }
  }

  private void body(BlockStmt b) {
    bodies.add(b);
    inside(MiddleKind.METHOD_BODY, b);
  }

  private void statement(Statement s) {
    if (s instanceof EmptyStmt || (s instanceof ExpressionStmt && s.getParentNode().orElse(null) instanceof LambdaExpr)) {
      return;
    }
    whole(MiddleKind.STATEMENT, s);
    if (s instanceof IfStmt i) {
      expression(i.getCondition());
    } else if (s instanceof WhileStmt w) {
      expression(w.getCondition());
    } else if (s instanceof DoStmt d) {
      expression(d.getCondition());
    } else if (s instanceof ForStmt f) {
      f.getCompare().ifPresent(this::expression);
    } else if (s instanceof ForEachStmt f) {
      expression(f.getIterable());
    } else if (s instanceof SwitchStmt w) {
      expression(w.getSelector());
    } else if (s instanceof ReturnStmt r) {
      r.getExpression().ifPresent(this::expression);
    } else if (s instanceof ThrowStmt t) {
      expression(t.getExpression());
    } else if (s instanceof YieldStmt y) {
      expression(y.getExpression());
    } else if (s instanceof AssertStmt a) {
      expression(a.getCheck());
    } else if (s instanceof ExplicitConstructorInvocationStmt c) {
      arguments(c.getArguments());
    }
  }

  private void expression(Expression e) {
    whole(MiddleKind.EXPRESSION, e);
  }

  /** Each argument is an expression; the text between the parentheses is the call's arguments. */
  private void arguments(NodeList<Expression> args) {
    if (args.isEmpty()) {
      return;
    }
    args.forEach(this::expression);
    JavaToken open = args.get(0).getTokenRange().map(r -> skip(r.getBegin(), false)).orElse(null);
    JavaToken close = args.get(args.size() - 1).getTokenRange().map(r -> skip(r.getEnd(), true)).orElse(null);
    if (open != null && close != null && open.getText().equals("(") && close.getText().equals(")")) {
      add(MiddleKind.CALL_ARGS, offsets.get(open), offsets.get(close), 1);
    }
  }

  /** The nearest token before ({@code forward} false) or after {@code t} that is not whitespace or comment. */
  private static JavaToken skip(JavaToken t, boolean forward) {
    Optional<JavaToken> next = forward ? t.getNextToken() : t.getPreviousToken();
    while (next.isPresent() && next.get().getCategory().isWhitespaceOrComment()) {
      next = forward ? next.get().getNextToken() : next.get().getPreviousToken();
    }
    return next.orElse(null);
  }

  /** The text between a block's braces. */
  private void inside(MiddleKind kind, BlockStmt b) {
    TokenRange r = b.getTokenRange().orElse(null);
    if (r != null && r.getBegin().getText().equals("{") && r.getEnd().getText().equals("}")) {
      add(kind, offsets.get(r.getBegin()), offsets.get(r.getEnd()), 1);
    }
  }

  /** A node from its first token to the end of its last. */
  private void whole(MiddleKind kind, Node n) {
    TokenRange r = n.getTokenRange().orElse(null);
    if (r != null) {
      Integer end = offsets.get(r.getEnd());
      add(kind, offsets.get(r.getBegin()), end == null ? null : end + r.getEnd().getText().length(), 0);
    }
  }

  /**
   * Adds {@code [from + skip, to)} when it is a middle a developer types: some code in it (not only
   * whitespace and comments), a letter or digit, and within {@link FimMiddles#MAX_CHARS} and
   * {@link FimMiddles#MAX_LINES}.
   */
  private void add(MiddleKind kind, Integer from, Integer to, int skip) {
    if (from == null || to == null) {
      return;
    }
    int start = from + skip;
    if (FimMiddles.typed(text, start, to, code)) {
      candidates.get(kind).add(new int[] {start, to});
    }
  }
}
