package dev.repotune.samples.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code eval.html}: one self-contained HTML5 page of an {@link EvalResult}, to open from disk or attach
 * to an issue. Inline CSS, inline SVG bars, no script, font, image or stylesheet from anywhere else, so
 * it renders the same offline and years later. Every text of the dataset or of a model goes through
 * {@link #escape}: an answer is untrusted text, and one holding {@code <script>} must show as text.
 *
 * <p>Polyglot markup (void elements closed, numeric character references only): the page is also
 * well-formed XML, so a test, or any script, can read it with an XML parser.
 */
public final class EvalReport {
  /** How many questions the "worst questions" section shows by default. */
  public static final int DEFAULT_WORST = 20;

  /**
   * A text of a question, reference or answer past this many characters is cut in the page (with how
   * much was left out): one 200 kB diff would otherwise make the page unreadable. {@code eval.json} has
   * them whole.
   */
  public static final int MAX_TEXT_CHARS = 4_000;

  private static final int BAR_WIDTH = 160;
  private static final int BAR_HEIGHT = 14;

  private EvalReport() {}

  public static String html(EvalResult r) {
    return html(r, DEFAULT_WORST);
  }

  /** The page, with the {@code worst} lowest-scored questions ({@link #worst}). */
  public static String html(EvalResult r, int worst) {
    StringBuilder h = new StringBuilder();
    String title = "repotune eval: " + r.dataset() + " — " + r.modelA() + (r.compared() ? " vs " + r.modelB() : "");
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n")
        .append("</head>\n<body>\n");
    h.append("<h1>Evaluation of <code>").append(escape(r.dataset())).append("</code></h1>\n");
    h.append("<p class=\"models\"><span class=\"key a\"></span>A: <code>").append(escape(r.modelA())).append("</code>");
    if (r.compared()) {
      h.append(" &#160; <span class=\"key b\"></span>B: <code>").append(escape(r.modelB())).append("</code>");
    }
    h.append("</p>\n");
    h.append("<p class=\"note\">").append(r.overall().n()).append(" held-out questions. Intervals: 95% percentile"
        + " bootstrap, ").append(r.resamples()).append(" resamples, seed ").append(r.seed())
        .append(r.compared() ? "; the difference A − B is paired (same questions)." : ".").append("</p>\n");

    h.append("<h2>By task kind</h2>\n<table class=\"kinds\">\n<thead><tr><th>task</th><th>metric</th><th>n</th>")
        .append("<th>A</th>");
    if (r.compared()) {
      h.append("<th>B</th><th>A − B</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (KindSummary k : r.kinds()) {
      row(h, k, r.compared(), "kind");
    }
    h.append("</tbody>\n<tfoot>\n");
    row(h, r.overall(), r.compared(), "overall");
    h.append("</tfoot>\n</table>\n");

    List<QuestionResult> shown = worst(r, worst);
    h.append("<h2>Worst questions</h2>\n<p class=\"note\">")
        .append(r.compared() ? "Where A falls furthest below B (A − B lowest first)."
            : "The lowest scores first.")
        .append(" ").append(shown.size()).append(" of ").append(r.questions().size()).append(".</p>\n");
    for (QuestionResult q : shown) {
      question(h, q);
    }
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  /**
   * The questions the report shows first: lowest A score, or when comparing the most negative A − B (the
   * questions A loses most against B), ties by id; at most {@code limit}.
   */
  public static List<QuestionResult> worst(EvalResult r, int limit) {
    Comparator<QuestionResult> order = r.compared()
        ? Comparator.comparingDouble((QuestionResult q) -> q.scoreA() - q.scoreB())
        : Comparator.comparingDouble(QuestionResult::scoreA);
    List<QuestionResult> qs = new ArrayList<>(r.questions());
    qs.sort(order.thenComparing(QuestionResult::id, Comparator.nullsFirst(Comparator.naturalOrder())));
    return qs.subList(0, Math.min(Math.max(limit, 0), qs.size()));
  }

  private static void row(StringBuilder h, KindSummary k, boolean compared, String cls) {
    h.append("<tr class=\"").append(cls).append("\"><td>").append(escape(k.task())).append("</td><td>")
        .append(k.metric() == null ? "" : escape(k.metric())).append("</td><td class=\"num\">").append(k.n())
        .append("</td><td>").append(scoreCell(k.intervalA(), "a", parts(k.partsA()))).append("</td>");
    if (compared) {
      h.append("<td>").append(scoreCell(k.intervalB(), "b", parts(k.partsB()))).append("</td><td>")
          .append(differenceCell(k.difference())).append("</td>");
    }
    h.append("</tr>\n");
  }

  /** A bar of the mean on [0, 1] with its interval as a whisker, then the figures. */
  private static String scoreCell(Interval i, String cls, String title) {
    double x = clamp(i.estimate());
    String svg = "<svg class=\"bar\" width=\"" + BAR_WIDTH + "\" height=\"" + BAR_HEIGHT + "\" viewBox=\"0 0 "
        + BAR_WIDTH + " " + BAR_HEIGHT + "\" role=\"img\" aria-label=\"" + fmt(i.estimate()) + "\">"
        + "<rect class=\"track\" x=\"0\" y=\"0\" width=\"" + BAR_WIDTH + "\" height=\"" + BAR_HEIGHT + "\"/>"
        + "<rect class=\"" + cls + "\" x=\"0\" y=\"2\" width=\"" + px(x * BAR_WIDTH) + "\" height=\""
        + (BAR_HEIGHT - 4) + "\"/>" + whisker(clamp(i.low()) * BAR_WIDTH, clamp(i.high()) * BAR_WIDTH) + "</svg>";
    return "<span title=\"" + escape(title) + "\">" + svg + " <span class=\"num\">" + fmt(i.estimate())
        + "</span> <span class=\"ci\">[" + fmt(i.low()) + ", " + fmt(i.high()) + "]</span></span>";
  }

  /** The difference on [−1, 1] from the middle, green right of 0 and red left, with its interval. */
  private static String differenceCell(Interval d) {
    double mid = BAR_WIDTH / 2.0;
    double end = mid + Math.max(-1, Math.min(1, d.estimate())) * mid;
    String cls = d.estimate() >= 0 ? "up" : "down";
    String svg = "<svg class=\"bar\" width=\"" + BAR_WIDTH + "\" height=\"" + BAR_HEIGHT + "\" viewBox=\"0 0 "
        + BAR_WIDTH + " " + BAR_HEIGHT + "\" role=\"img\" aria-label=\"" + signed(d.estimate()) + "\">"
        + "<rect class=\"track\" x=\"0\" y=\"0\" width=\"" + BAR_WIDTH + "\" height=\"" + BAR_HEIGHT + "\"/>"
        + "<rect class=\"" + cls + "\" x=\"" + px(Math.min(mid, end)) + "\" y=\"2\" width=\""
        + px(Math.abs(end - mid)) + "\" height=\"" + (BAR_HEIGHT - 4) + "\"/>"
        + "<line class=\"zero\" x1=\"" + px(mid) + "\" y1=\"0\" x2=\"" + px(mid) + "\" y2=\"" + BAR_HEIGHT + "\"/>"
        + whisker(mid + Math.max(-1, d.low()) * mid, mid + Math.min(1, d.high()) * mid) + "</svg>";
    String significant = d.excludesZero() ? " <span class=\"sig\">(interval excludes 0)</span>" : "";
    return svg + " <span class=\"num\">" + signed(d.estimate()) + "</span> <span class=\"ci\">[" + signed(d.low())
        + ", " + signed(d.high()) + "]</span>" + significant;
  }

  private static String whisker(double x1, double x2) {
    double y = BAR_HEIGHT / 2.0;
    return "<line class=\"ci\" x1=\"" + px(x1) + "\" y1=\"" + px(y) + "\" x2=\"" + px(x2) + "\" y2=\"" + px(y)
        + "\"/>";
  }

  private static void question(StringBuilder h, QuestionResult q) {
    h.append("<section class=\"question\">\n<h3>").append(escape(q.task())).append(" <code>").append(escape(q.id()))
        .append("</code> A ").append(fmt(q.scoreA()));
    if (q.compared()) {
      h.append(", B ").append(fmt(q.scoreB())).append(", A − B ").append(signed(q.scoreA() - q.scoreB()));
    }
    h.append("</h3>\n");
    text(h, "Question", q.question());
    text(h, "Reference", q.reference());
    text(h, "Answer A" + partsSuffix(q.partsA()), q.answerA());
    if (q.compared()) {
      text(h, "Answer B" + partsSuffix(q.partsB()), q.answerB());
    }
    h.append("</section>\n");
  }

  static void text(StringBuilder h, String label, String text) {
    String t = AnswerText.nullToEmpty(text);
    String cut = t.length() > MAX_TEXT_CHARS
        ? t.substring(0, MAX_TEXT_CHARS) + "\n… (" + (t.length() - MAX_TEXT_CHARS) + " more characters in eval.json)"
        : t;
    h.append("<h4>").append(escape(label)).append("</h4>\n<pre>").append(escape(cut)).append("</pre>\n");
  }

  private static String partsSuffix(Map<String, Double> parts) {
    return parts == null || parts.isEmpty() ? "" : " (" + parts(parts) + ")";
  }

  private static String parts(Map<String, Double> parts) {
    if (parts == null) {
      return "";
    }
    List<String> out = new ArrayList<>();
    parts.forEach((k, v) -> out.add(k + " " + fmt(v)));
    return String.join(", ", out);
  }

  /** Text as HTML content or attribute value: {@code & < > " '} as character references. */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String signed(double v) {
    return String.format(Locale.ROOT, "%+.3f", v);
  }

  static String px(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** The page style, shared with {@link DatasetPage} so both reports look alike. */
  static final String CSS =
      "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;max-width:72rem;"
          + "padding:0 1rem;color:#222;line-height:1.4}\n"
          + "code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}\n"
          + "table{border-collapse:collapse;width:100%}\n"
          + "th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #ddd;white-space:nowrap}\n"
          + "tfoot td{font-weight:600;border-top:2px solid #999}\n"
          + ".num{font-variant-numeric:tabular-nums}\n.ci,.note{color:#666}\n.sig{color:#555;font-size:.85em}\n"
          + "svg.bar{vertical-align:middle}\nrect.track{fill:#eee}\nrect.a,.key.a{fill:#3b6fb6;background:#3b6fb6}\n"
          + "rect.b,.key.b{fill:#e08a2c;background:#e08a2c}\nrect.up{fill:#3a9a5b}\nrect.down{fill:#c2453a}\n"
          + "line.ci{stroke:#222;stroke-width:1.5}\nline.zero{stroke:#888;stroke-width:1}\n"
          + ".key{display:inline-block;width:.8em;height:.8em;margin-right:.3em;vertical-align:middle}\n"
          + "section.question{border:1px solid #ddd;border-radius:4px;padding:.5rem 1rem;margin:1rem 0}\n"
          + "pre{background:#f6f6f6;padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-word}\n"
          + "h4{margin:.6rem 0 .2rem}\n";
}
