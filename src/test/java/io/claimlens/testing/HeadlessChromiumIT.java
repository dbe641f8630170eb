package io.claimlens.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser helper sees what the report test relies on it to see: a page that throws, logs an
 * error or fetches something shows up in {@link HeadlessChromium.Page#problems()} and {@link
 * HeadlessChromium.Page#requestedUrls()}; a clean page shows nothing. The browser is gone after.
 */
class HeadlessChromiumIT {
  @TempDir Path dir;

  @Test
  void reportsScriptErrorsConsoleErrorsAndEveryRequest() throws Exception {
    Path clean = dir.resolve("clean.html");
    Files.writeString(clean, "<!doctype html><title>ok</title><p id=n data-n=\"42\">42</p>");
    Path bad = dir.resolve("bad.html");
    // port 9 (discard) on loopback: nothing answers, the load fails fast
    Files.writeString(
        bad,
        "<!doctype html><title>bad</title><img src=\"http://127.0.0.1:9/pixel.png\">"
            + "<script>console.error('logged'); throw new Error('thrown');</script>");

    List<ProcessHandle> processes;
    try (HeadlessChromium browser =
        HeadlessChromium.start(Path.of("target/it/chromium/chromium.log"))) {
      assertTrue(browser.version().contains("Chrome"), browser.version());
      HeadlessChromium.Page page = browser.newPage(800, 600);
      page.navigate(clean.toUri().toString());
      assertEquals(List.of(), page.problems());
      assertEquals(List.of(clean.toUri().toString()), page.requestedUrls());
      assertEquals(42, page.evaluate("Number(document.getElementById('n').dataset.n)").asInt());

      HeadlessChromium.Page other = browser.newPage(800, 600);
      other.navigate(bad.toUri().toString());
      String problems = String.join("\n", other.problems());
      assertTrue(problems.contains("thrown"), problems);
      assertTrue(problems.contains("logged"), problems);
      assertTrue(other.requestedUrls().contains("http://127.0.0.1:9/pixel.png"));
      assertTrue(problems.contains("pixel.png"), "the failed load: " + problems);
      processes = new java.util.ArrayList<>(browser.process().descendants().toList());
      processes.add(browser.process());
    }
    assertTrue(processes.size() > 1, "Chromium runs helper processes: " + processes);
    for (ProcessHandle p : processes) {
      assertTrue(!p.isAlive(), "still running after close: " + p.pid());
    }
  }
}
