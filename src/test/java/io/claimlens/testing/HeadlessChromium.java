package io.claimlens.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A headless Chromium for tests that open a page in a real browser, driven over the Chrome DevTools
 * Protocol (CDP) with {@link java.net.http.WebSocket} and Jackson: no Node, no driver binary. The
 * browser runs with a throwaway profile, listens on a loopback port it picks itself, and is killed
 * (with every child process) and its profile deleted by {@link #close()}.
 *
 * <p>The binary is {@code $CLAIMLENS_CHROMIUM}, else the first of chromium, chromium-browser,
 * google-chrome, google-chrome-stable on the PATH. None found is an error naming what to install: a
 * test that needs a browser fails without one, it is never skipped.
 */
public final class HeadlessChromium implements AutoCloseable {
  /** Environment variable with the path of the browser binary, when not found on the PATH. */
  public static final String BINARY_ENV = "CLAIMLENS_CHROMIUM";

  /** Binaries looked for on the PATH, in order. */
  public static final List<String> BINARY_NAMES =
      List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final List<ProcessHandle> started;
  private final Path profile;
  private final Path log;
  private final Connection cdp;

  private HeadlessChromium(Process process, Path profile, Path log, Connection cdp) {
    this.process = process;
    this.started = new ArrayList<>(List.of(process.toHandle()));
    this.profile = profile;
    this.log = log;
    this.cdp = cdp;
  }

  /**
   * Starts the browser on about:blank and connects to it; its stdout and stderr go to {@code
   * logFile}. Fails with a clear message when no browser is installed or it does not come up.
   */
  public static HeadlessChromium start(Path logFile) {
    Path binary = binary();
    Path profile;
    try {
      profile = Files.createTempDirectory("claimlens-chromium-");
      Files.createDirectories(logFile.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command =
        List.of(
            binary.toString(),
            "--headless=new",
            "--remote-debugging-port=0",
            "--user-data-dir=" + profile,
            "--no-sandbox",
            "--disable-gpu",
            // a container's /dev/shm is often 64 MB: too small for Chromium's shared memory
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--mute-audio",
            "about:blank");
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(logFile.toFile())
              .start();
    } catch (IOException e) {
      deleteTree(profile);
      throw new IllegalStateException("cannot start " + binary + ": " + e.getMessage(), e);
    }
    try {
      URI endpoint = devToolsEndpoint(process, profile, logFile);
      return new HeadlessChromium(process, profile, logFile, Connection.open(endpoint));
    } catch (RuntimeException e) {
      kill(process.toHandle(), process.toHandle().descendants().toList());
      deleteTree(profile);
      throw e;
    }
  }

  /**
   * The browser binary: {@code $CLAIMLENS_CHROMIUM}, else the first of {@link #BINARY_NAMES} on the
   * PATH; an error saying how to install one when there is none.
   */
  public static Path binary() {
    String configured = System.getenv(BINARY_ENV);
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(BINARY_ENV + "=" + configured + " is not an executable");
      }
      return path;
    }
    String pathVar = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String name : BINARY_NAMES) {
      for (String dir : pathVar.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new IllegalStateException(
        "this test needs a headless Chromium and found none: no "
            + String.join(", ", BINARY_NAMES)
            + " on the PATH and "
            + BINARY_ENV
            + " is not set. Install it (Debian/Ubuntu: apt-get install -y chromium;"
            + " .ci/run does this) or set "
            + BINARY_ENV
            + " to the browser's path.");
  }

  /** The browser's own version string, e.g. "Chrome/156.0.8078.108". */
  public String version() {
    return cdp.send("Browser.getVersion", JSON.createObjectNode(), null).path("product").asText();
  }

  /** A new tab of {@code width} × {@code height} CSS pixels, with its events recorded. */
  public Page newPage(int width, int height) {
    ObjectNode create = JSON.createObjectNode().put("url", "about:blank");
    String targetId = cdp.send("Target.createTarget", create, null).path("targetId").asText();
    ObjectNode attach = JSON.createObjectNode().put("targetId", targetId).put("flatten", true);
    String sessionId = cdp.send("Target.attachToTarget", attach, null).path("sessionId").asText();
    Page page = new Page(sessionId);
    for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
      page.send(domain + ".enable", JSON.createObjectNode());
    }
    page.viewport(width, height);
    return page;
  }

  /** Closes the browser, kills whatever is left of it, and deletes its profile. */
  @Override
  public void close() {
    List<ProcessHandle> tree = new ArrayList<>(started);
    tree.addAll(process.toHandle().descendants().toList());
    try {
      cdp.sendQuietly("Browser.close");
    } finally {
      cdp.close();
      kill(process.toHandle(), tree);
      deleteTree(profile);
    }
  }

  /** The browser's main process. */
  public ProcessHandle process() {
    return process.toHandle();
  }

  /** The last lines of the browser's log, for failure messages. */
  public String logTail() {
    return tail(log);
  }

  /** One tab, attached through a flattened CDP session; every event of it is recorded. */
  public final class Page {
    private final String sessionId;

    private Page(String sessionId) {
      this.sessionId = sessionId;
    }

    /** Sends a command to this tab and returns its result. */
    public JsonNode send(String method, ObjectNode params) {
      return cdp.send(method, params, sessionId);
    }

    /** Navigates to {@code url} and waits for its load event; fails on a navigation error. */
    public void navigate(String url) {
      int mark = cdp.eventCount();
      JsonNode result = send("Page.navigate", JSON.createObjectNode().put("url", url));
      if (result.hasNonNull("errorText")) {
        throw new IllegalStateException(
            "navigation to " + url + " failed: " + result.get("errorText").asText());
      }
      cdp.awaitEvent("Page.loadEventFired", sessionId, mark, COMMAND_TIMEOUT);
    }

    /**
     * Evaluates a JavaScript expression in the page and returns its value as JSON; fails when it
     * throws.
     */
    public JsonNode evaluate(String expression) {
      ObjectNode params =
          JSON.createObjectNode().put("expression", expression).put("returnByValue", true);
      JsonNode result = send("Runtime.evaluate", params);
      if (result.has("exceptionDetails")) {
        throw new IllegalStateException(
            "evaluating " + expression + " threw: " + result.get("exceptionDetails"));
      }
      return result.path("result").path("value");
    }

    /**
     * What went wrong in this tab so far: uncaught exceptions, console errors, error log entries (a
     * Content-Security-Policy refusal is one) and failed loads, one line each.
     */
    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      Map<String, String> urls = requestUrlsById();
      for (JsonNode event : events()) {
        JsonNode p = event.path("params");
        switch (event.path("method").asText()) {
          case "Runtime.exceptionThrown" ->
              problems.add(
                  "exception: "
                      + p.path("exceptionDetails").path("text").asText()
                      + " "
                      + p.path("exceptionDetails").path("exception").path("description").asText());
          case "Runtime.consoleAPICalled" -> {
            String type = p.path("type").asText();
            if (type.equals("error") || type.equals("assert")) {
              problems.add("console." + type + ": " + p.path("args"));
            }
          }
          case "Log.entryAdded" -> {
            JsonNode entry = p.path("entry");
            if (entry.path("level").asText().equals("error")) {
              problems.add(
                  "log error ("
                      + entry.path("source").asText()
                      + "): "
                      + entry.path("text").asText()
                      + " "
                      + entry.path("url").asText());
            }
          }
          case "Network.loadingFailed" ->
              problems.add(
                  "loading failed: "
                      + urls.getOrDefault(p.path("requestId").asText(), "?")
                      + " "
                      + p.path("errorText").asText()
                      + (p.path("blockedReason").isMissingNode()
                          ? ""
                          : " blocked: " + p.path("blockedReason").asText()));
          default -> {
            // other events are not problems
          }
        }
      }
      return problems;
    }

    /** Every URL the tab requested (Network.requestWillBeSent), in order, repeats kept. */
    public List<String> requestedUrls() {
      return events().stream()
          .filter(e -> e.path("method").asText().equals("Network.requestWillBeSent"))
          .map(e -> e.path("params").path("request").path("url").asText())
          .toList();
    }

    /** A PNG of the whole page, not only the viewport, at the current width. */
    public byte[] screenshotFullPage() {
      JsonNode metrics = send("Page.getLayoutMetrics", JSON.createObjectNode());
      JsonNode size = metrics.path("cssContentSize");
      int width = (int) Math.ceil(size.path("width").asDouble());
      int height = (int) Math.ceil(size.path("height").asDouble());
      viewport(width, height);
      ObjectNode params =
          JSON.createObjectNode()
              .put("format", "png")
              .put("captureBeyondViewport", true)
              .put("fromSurface", true);
      String data = send("Page.captureScreenshot", params).path("data").asText();
      return Base64.getDecoder().decode(data);
    }

    private void viewport(int width, int height) {
      ObjectNode params =
          JSON.createObjectNode()
              .put("width", width)
              .put("height", height)
              .put("deviceScaleFactor", 1)
              .put("mobile", false);
      send("Emulation.setDeviceMetricsOverride", params);
    }

    private List<JsonNode> events() {
      return cdp.events(sessionId);
    }

    private Map<String, String> requestUrlsById() {
      Map<String, String> urls = new HashMap<>();
      for (JsonNode e : events()) {
        if (e.path("method").asText().equals("Network.requestWillBeSent")) {
          JsonNode p = e.path("params");
          urls.put(p.path("requestId").asText(), p.path("request").path("url").asText());
        }
      }
      return urls;
    }
  }

  /**
   * The browser-level DevTools websocket: Chromium writes the port it picked and the browser's path
   * to {@code DevToolsActivePort} in its profile once it listens (the same URL it prints as
   * "DevTools listening on ws://...").
   */
  private static URI devToolsEndpoint(Process process, Path profile, Path log) {
    Path portFile = profile.resolve("DevToolsActivePort");
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Chromium exited with code " + process.exitValue() + " at start:\n" + tail(log));
      }
      try {
        if (Files.isRegularFile(portFile)) {
          List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
          if (lines.size() >= 2 && !lines.get(1).isBlank()) {
            return URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
          }
        }
        Thread.sleep(100);
      } catch (IOException e) {
        // written as we read it: try again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while Chromium started", e);
      }
    }
    throw new IllegalStateException(
        "Chromium did not open its DevTools port within " + START_TIMEOUT + ":\n" + tail(log));
  }

  /** Kills the browser and its children by process handle: politely, then forcibly. */
  private static void kill(ProcessHandle browser, List<ProcessHandle> tree) {
    browser.destroy();
    try {
      browser.onExit().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // forcibly below
    }
    for (ProcessHandle p : tree) {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
    for (ProcessHandle p : tree) {
      try {
        p.onExit().get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        // nothing more we can do from here
      }
    }
  }

  /** Deletes a folder tree; a few tries, as a dying browser may still write into its profile. */
  private static void deleteTree(Path dir) {
    for (int attempt = 0; attempt < 5 && Files.exists(dir); attempt++) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        // retried
      }
      if (Files.exists(dir)) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** One CDP websocket: commands by id, events recorded in arrival order. */
  private static final class Connection implements WebSocket.Listener {
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static Connection open(URI endpoint) {
      Connection connection = new Connection();
      try {
        connection.socket =
            HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(20))
                .buildAsync(endpoint, connection)
                .get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted connecting to " + endpoint, e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("cannot connect to DevTools at " + endpoint, e);
      }
      return connection;
    }

    JsonNode send(String method, ObjectNode params, String sessionId) {
      int id = ids.incrementAndGet();
      ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
      message.set("params", params);
      if (sessionId != null) {
        message.put("sessionId", sessionId);
      }
      CompletableFuture<JsonNode> reply = new CompletableFuture<>();
      pending.put(id, reply);
      try {
        synchronized (this) {
          // one frame at a time: WebSocket allows no concurrent sends
          socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
        }
        return reply.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + method, e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(method + " failed: " + e.getCause().getMessage(), e);
      } catch (TimeoutException e) {
        throw new IllegalStateException(method + ": no answer within " + COMMAND_TIMEOUT, e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        pending.remove(id);
      }
    }

    /** A command whose failure does not matter (the browser may close before it answers). */
    void sendQuietly(String method) {
      try {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        synchronized (this) {
          socket.sendText(JSON.writeValueAsString(message), true).get(5, TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        // closing anyway
      }
    }

    int eventCount() {
      synchronized (events) {
        return events.size();
      }
    }

    List<JsonNode> events(String sessionId) {
      synchronized (events) {
        return events.stream()
            .filter(e -> sessionId.equals(e.path("sessionId").asText(null)))
            .toList();
      }
    }

    /**
     * Waits for an event of {@code method} in {@code sessionId} recorded after index {@code from}.
     */
    void awaitEvent(String method, String sessionId, int from, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (events) {
        while (true) {
          for (int i = from; i < events.size(); i++) {
            JsonNode e = events.get(i);
            if (method.equals(e.path("method").asText())
                && sessionId.equals(e.path("sessionId").asText(null))) {
              return;
            }
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new IllegalStateException("no " + method + " within " + timeout);
          }
          try {
            events.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + method, e);
          }
        }
      }
    }

    void close() {
      if (socket != null) {
        socket.abort();
      }
      pending.values().forEach(f -> f.completeExceptionally(new IOException("connection closed")));
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        dispatch(text);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      failAll(new IOException("DevTools connection closed: " + statusCode + " " + reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      failAll(error);
    }

    private void dispatch(String text) {
      JsonNode message;
      try {
        message = JSON.readTree(text);
      } catch (IOException e) {
        return;
      }
      if (message.has("id")) {
        CompletableFuture<JsonNode> reply = pending.get(message.get("id").asInt());
        if (reply == null) {
          return;
        }
        if (message.has("error")) {
          reply.completeExceptionally(new IOException(message.get("error").toString()));
        } else {
          reply.complete(message.path("result"));
        }
        return;
      }
      synchronized (events) {
        events.add(message);
        events.notifyAll();
      }
    }

    private void failAll(Throwable error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }
  }
}
