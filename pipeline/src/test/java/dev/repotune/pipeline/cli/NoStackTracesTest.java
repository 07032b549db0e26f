package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NoStackTracesTest {
  @Test
  void givenAnExceptionPrintedByALibrary_thenItsTraceIsDroppedAndOtherLinesPass() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    NoStackTraces filter = new NoStackTraces(sink);
    PrintStream err = new PrintStream(filter, true, StandardCharsets.UTF_8);
    err.println("SLF4J: a line a library prints");
    IOException inner = new IOException("Pipe closed");
    IOException e = new IOException("No space left on device", inner);
    e.addSuppressed(new IOException("Pipe closed"));
    e.printStackTrace(err); // header, at-lines, Suppressed:, Caused by:, ... N more
    err.println("a last line, e.g. ünïcode");
    filter.close();
    assertEquals("SLF4J: a line a library prints\na last line, e.g. ünïcode\n", sink.toString(StandardCharsets.UTF_8));
  }
}
