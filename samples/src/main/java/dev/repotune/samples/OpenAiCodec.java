package dev.repotune.samples;

import java.util.List;

/**
 * {@code {"messages":[...]}} and nothing else: the OpenAI fine-tuning validator rejects extra keys. The
 * SFT line is this object with {@code "meta"} added ({@link SftCodec#lineWith}), so an OpenAI line is cut
 * from it ({@link #cutFrom}) rather than encoded again.
 */
public final class OpenAiCodec implements RowCodec<List<Message>> {
  public static final OpenAiCodec INSTANCE = new OpenAiCodec();

  private OpenAiCodec() {}

  @Override
  public String line(List<Message> messages) {
    return JsonLines.write(g -> {
      g.writeStartObject();
      JsonLines.writeMessages(g, messages);
      g.writeEndObject();
    });
  }

  /** One conversation: only {@code messages}, and nothing after the object on its line. */
  @Override
  public List<Message> read(String line) {
    try {
      var root = JsonLines.parse(line);
      JsonLines.exactKeys("", root, List.of("messages"));
      return JsonLines.readMessages(root.get("messages"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not one conversation object (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The OpenAI line of the row whose SFT line is {@code sftLine}: both write the messages the same way,
   * and the SFT line is those messages, then its {@code "meta"} object. Inside a JSON string every quote
   * is escaped, so the last {@code ,"meta":{} in the line is the key itself.
   */
  public static String cutFrom(String sftLine) {
    int meta = sftLine.lastIndexOf(",\"meta\":{");
    if (!sftLine.startsWith("{\"messages\":[") || meta < 0) {
      throw new IllegalArgumentException("not an SFT line: " + sftLine.substring(0, Math.min(60, sftLine.length())));
    }
    return sftLine.substring(0, meta) + "}";
  }
}
