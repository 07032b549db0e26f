package dev.repotune.pipeline.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What libraries print on {@code System.err} themselves, without --verbose: every line but stack traces.
 * JGit's in-process transport for {@code file://} URLs prints its server thread's exception with
 * {@code printStackTrace()} when the client side fails (a full disk during a clone printed 38 lines above
 * repotune's one line); a thread that dies uncaught prints the same way. repotune's own lines do not pass
 * through here: they go to the writer {@link Main#main} made on the real stream.
 *
 * <p>A trace is a line followed by lines that start, after tabs or spaces, with {@code at }, {@code ...
 * N more}, {@code Caused by:} or {@code Suppressed:}; so each line is held until the next one shows
 * whether it begins a trace. The last line held is written when the stream is closed or the JVM exits.
 */
final class NoStackTraces extends OutputStream {
  private final OutputStream out;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private byte[] held;

  NoStackTraces(OutputStream out) {
    this.out = out;
  }

  static boolean isTraceLine(String s) {
    String t = s.stripLeading();
    return t.length() < s.length() && (t.startsWith("at ") || t.startsWith("... ") || t.startsWith("Suppressed: "))
        || s.startsWith("Caused by: ");
  }

  @Override
  public synchronized void write(int b) throws IOException {
    line.write(b);
    if (b == '\n') {
      endLine();
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  private void endLine() throws IOException {
    byte[] current = line.toByteArray();
    line.reset();
    if (isTraceLine(new String(current, StandardCharsets.UTF_8))) {
      held = null; // the line before it was the exception's own
      return;
    }
    if (held != null) {
      out.write(held);
      out.flush();
    }
    held = current;
  }

  /** Writes what is held: at the end, nothing can show it begins a trace any more. */
  @Override
  public synchronized void close() throws IOException {
    if (line.size() > 0) {
      endLine();
    }
    if (held != null) {
      out.write(held);
      held = null;
    }
    out.flush();
  }
}
