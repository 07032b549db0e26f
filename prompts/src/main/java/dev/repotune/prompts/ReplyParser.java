package dev.repotune.prompts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Question/answer pairs out of a model's reply, however it wrapped them: bare JSON, a ```json fence,
 * prose around the JSON, a {@code <think>} block first, {@code {"pairs":[..]}} or a bare array, keys
 * {@code question}/{@code answer} or {@code q}/{@code a}, trailing commas and comments. A reply with no
 * readable pair is {@link Kind#UNPARSEABLE}, or {@link Kind#REFUSED} when it reads like a refusal.
 */
public final class ReplyParser {
  private static final ObjectMapper LENIENT =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .build();
  private static final Pattern FENCE = Pattern.compile("```(?:json|JSON)?\\s*\\n(.*?)\\n\\s*```", Pattern.DOTALL);
  private static final Pattern THINK = Pattern.compile("(?s)<think>.*?</think>");
  private static final Pattern REFUSAL =
      Pattern.compile("^(i'?m sorry|i am sorry|sorry,|i can(?:no|')t|i cannot|i won'?t|i am unable|i'm unable|as an ai)");

  public enum Kind { OK, UNPARSEABLE, REFUSED }

  public record Pair(String question, String answer) {}

  public record Parsed(Kind kind, List<Pair> pairs, String detail) {}

  private ReplyParser() {}

  public static Parsed parse(String reply) {
    String text = THINK.matcher(reply == null ? "" : reply).replaceAll("").strip();
    List<String> candidates = new ArrayList<>();
    Matcher f = FENCE.matcher(text);
    while (f.find()) {
      candidates.add(f.group(1));
    }
    candidates.add(text);
    int obj = text.indexOf('{');
    int arr = text.indexOf('[');
    if (obj >= 0) {
      candidates.add(text.substring(obj, Math.max(obj, text.lastIndexOf('}') + 1)));
    }
    if (arr >= 0) {
      candidates.add(text.substring(arr, Math.max(arr, text.lastIndexOf(']') + 1)));
    }
    for (String c : candidates) {
      List<Pair> pairs = pairs(c);
      if (pairs != null && !pairs.isEmpty()) {
        return new Parsed(Kind.OK, pairs, "");
      }
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (REFUSAL.matcher(lower).find()) {
      return new Parsed(Kind.REFUSED, List.of(), OpenAiTeacher.snippet(text));
    }
    return new Parsed(Kind.UNPARSEABLE, List.of(), OpenAiTeacher.snippet(text));
  }

  private static List<Pair> pairs(String candidate) {
    JsonNode n;
    try (JsonParser p = LENIENT.createParser(candidate.strip())) {
      n = LENIENT.readTree(p);
    } catch (IOException e) {
      return null;
    }
    if (n == null) {
      return null;
    }
    JsonNode list = n.isArray() ? n : n.path("pairs");
    if (!list.isArray()) {
      for (String k : List.of("qa", "questions", "items", "data")) {
        if (n.path(k).isArray()) {
          list = n.path(k);
          break;
        }
      }
    }
    if (!list.isArray() && n.isObject() && n.has("question")) {
      list = LENIENT.createArrayNode().add(n);
    }
    if (!list.isArray()) {
      return null;
    }
    List<Pair> out = new ArrayList<>();
    for (JsonNode e : list) {
      String q = text(e, "question", "q");
      String a = text(e, "answer", "a");
      if (!q.isBlank() && !a.isBlank()) {
        out.add(new Pair(q.strip(), a.strip()));
      }
    }
    return out;
  }

  private static String text(JsonNode e, String key, String shortKey) {
    JsonNode v = e.path(key).isMissingNode() ? e.path(shortKey) : e.path(key);
    return v.isTextual() ? v.asText() : "";
  }
}
