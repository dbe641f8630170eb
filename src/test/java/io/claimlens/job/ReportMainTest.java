package io.claimlens.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** report.sh's argument errors: exit 2 with the usage, before any Spark session is asked for. */
class ReportMainTest {
  @Test
  void aBadDateOrAnUnknownArgumentExitsTwoWithoutStartingSpark() {
    assertBad(
        new String[] {"--as-of", "2026-13-01"}, "--as-of must be YYYY-MM-DD, got '2026-13-01'");
    assertBad(new String[] {"--from", "2026-06-01"}, "unknown argument '--from'");
    assertBad(new String[] {"--output"}, "--output needs a value");
  }

  private static void assertBad(String[] args, String message) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ReportMain.run(
            args,
            () -> {
              throw new AssertionError("no session for bad arguments");
            },
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String printed = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, printed);
    assertTrue(printed.contains(message) && printed.contains(ReportMain.USAGE), printed);
  }
}
