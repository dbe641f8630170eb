package io.claimlens.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * The warnings a block of code makes Spark (or anything else) log, as "logger: message" lines: a
 * warning nobody reads is how a cost hides, as the runtime bloom filters' large task binaries did
 * (docs/benchmarks-log.md, item 27). Captures what the test logging configuration lets through
 * (WARN and above).
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {
  private final List<String> lines = new ArrayList<>();

  private LogCapture() {
    super("claimlens-log-capture", null, null, true, Property.EMPTY_ARRAY);
  }

  /** Starts capturing on the root logger until {@link #close}. */
  public static LogCapture warnings() {
    LogCapture capture = new LogCapture();
    capture.start();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().addAppender(capture, Level.WARN, null);
    context.updateLoggers();
    return capture;
  }

  @Override
  public synchronized void append(LogEvent event) {
    lines.add(event.getLoggerName() + ": " + event.getMessage().getFormattedMessage());
  }

  /** What was logged so far, in order. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().removeAppender(getName());
    context.updateLoggers();
    stop();
  }
}
