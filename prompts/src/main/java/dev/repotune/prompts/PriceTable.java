package dev.repotune.prompts;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * US dollars per million tokens, in and out, per model: {@value #RESOURCE} by default, or a file in the
 * same format ({@code model = input output}). A model is matched exactly, then by the longest listed
 * prefix ({@code gpt-4o-mini-2024-07-18} is priced as {@code gpt-4o-mini}); an unlisted model costs 0.
 */
public final class PriceTable implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String RESOURCE = "prices.properties";

  public record Price(double inputPerMillion, double outputPerMillion) implements Serializable {}

  private final TreeMap<String, Price> prices;

  private PriceTable(TreeMap<String, Price> prices) {
    this.prices = prices;
  }

  public static PriceTable defaults() {
    try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static PriceTable fromFile(Path file) throws IOException {
    return parse(Files.readString(file), file.toString());
  }

  static PriceTable parse(String text, String source) {
    TreeMap<String, Price> out = new TreeMap<>();
    int lineNo = 0;
    for (String raw : text.split("\\R")) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String[] nums = eq < 0 ? new String[0] : line.substring(eq + 1).strip().split("\\s+");
      try {
        if (nums.length != 2) {
          throw new NumberFormatException();
        }
        out.put(line.substring(0, eq).strip(), new Price(Double.parseDouble(nums[0]), Double.parseDouble(nums[1])));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            source + " line " + lineNo + ": expected 'model = input-usd-per-million output-usd-per-million', got '" + line + "'");
      }
    }
    return new PriceTable(out);
  }

  /** The price of a model, or null when it is not listed. */
  public Price price(String model) {
    Price p = prices.get(model);
    if (p != null) {
      return p;
    }
    String best = null;
    for (Map.Entry<String, Price> e : prices.entrySet()) {
      if (model.startsWith(e.getKey()) && (best == null || e.getKey().length() > best.length())) {
        best = e.getKey();
      }
    }
    return best == null ? null : prices.get(best);
  }

  public boolean knows(String model) {
    return price(model) != null;
  }

  public double cost(String model, long inputTokens, long outputTokens) {
    Price p = price(model);
    return p == null ? 0.0 : (inputTokens * p.inputPerMillion() + outputTokens * p.outputPerMillion()) / 1e6;
  }
}
