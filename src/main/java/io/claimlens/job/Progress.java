package io.claimlens.job;

import io.claimlens.config.AsOfDates;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress lines of a run, for the data engineer following a long one: one line per finished
 * step with its time, the rows it wrote where it wrote, and the time since the run started; a
 * backfill's dates up front; on failure, the step that failed and what was left unpublished.
 */
final class Progress {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

  private final AsOfDates dates;
  private final long started = System.nanoTime();
  private String step;
  private long stepStarted;
  private boolean published;

  Progress(AsOfDates dates) {
    this.dates = dates;
  }

  /** The run's first line: its id, and a backfill's dates. */
  void begin(String runId, String output) {
    if (dates.isSingle()) {
      LOG.info("{}: run {} into {}", prefix(), runId, output);
    } else {
      LOG.info(
          "{}: run {} into {}, a backfill of {} as-of dates: {}",
          prefix(),
          runId,
          output,
          dates.size(),
          dates.dates().stream().map(LocalDate::toString).collect(Collectors.joining(", ")));
    }
  }

  /** Ends the current step, logging its line, and starts {@code next}. */
  void step(String next) {
    end();
    step = next;
    stepStarted = System.nanoTime();
  }

  /**
   * A part of the current step that ran beside others, on a line of its own: its time and the rows
   * it wrote.
   */
  void wrote(String part, Map<LocalDate, Long> perDate, long nanos) {
    LOG.info("{}: {}: {}{}", prefix(), part, seconds(nanos), rowsText(perDate));
  }

  /** From now on a failure leaves the tables published (the steps after publishing failed). */
  void published() {
    published = true;
  }

  /** Ends the last step. */
  void finish() {
    end();
    LOG.info("{}: done in {}", prefix(), seconds(System.nanoTime() - started));
  }

  /** Logs which step failed, after how long, and what the run leaves published. */
  void failed(Throwable e) {
    LOG.error(
        "{}: failed at step '{}' after {} ({}): {}",
        prefix(),
        step,
        seconds(System.nanoTime() - started),
        e.toString(),
        published
            ? "its tables are published; the steps after publishing did not finish"
            : "nothing of this run is published; every table is as the last run left it");
  }

  private void end() {
    if (step == null) {
      return;
    }
    LOG.info(
        "{}: {}: {} (elapsed {})",
        prefix(),
        step,
        seconds(System.nanoTime() - stepStarted),
        seconds(System.nanoTime() - started));
    step = null;
  }

  private String rowsText(Map<LocalDate, Long> perDate) {
    long total = perDate.values().stream().mapToLong(Long::longValue).sum();
    return String.format(Locale.ROOT, ", %,d rows", total)
        + (dates.isSingle() ? "" : " over " + dates.size() + " dates");
  }

  private String prefix() {
    return "claimlens " + dates;
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f s", Duration.ofNanos(nanos).toMillis() / 1000.0);
  }
}
