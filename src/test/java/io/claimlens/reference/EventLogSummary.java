package io.claimlens.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a run's time went, read from its Spark event log (docs/benchmarks.md): per step of the job
 * (the part of each query's description after the run's dates), its queries, stages, the wall time
 * its queries spanned, and the CPU and run time of their tasks; then how much of the run had two or
 * more tasks running, one, or none (the driver planning, starting or ending).
 *
 * <pre>
 * EventLogSummary EVENT_LOG_FOLDER
 * </pre>
 */
public final class EventLogSummary {
  /** A step's name for the jobs of no query: the report's file listing, Delta's commits. */
  static final String NO_QUERY = "(jobs outside a query)";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One step's totals: its queries' spans, stages, and tasks' CPU and run time; and the tasks' CPU
   * of each of its named queries (the kept results, "quality gate: orders").
   */
  static final class Step {
    final String name;
    int queries;
    int stages;
    long cpuNanos;
    long runMillis;
    final List<long[]> spans = new ArrayList<>();
    final Map<String, Long> cpuNanosByQueryName = new LinkedHashMap<>();

    Step(String name) {
      this.name = name;
    }

    /** The wall time the step's queries spanned, overlapping spans counted once. */
    long wallMillis() {
      return unionMillis(spans);
    }

    long firstStart() {
      return spans.stream().mapToLong(span -> span[0]).min().orElse(Long.MAX_VALUE);
    }
  }

  /** A run's steps in the order they began, and the share of its time by tasks running. */
  record Summary(List<Step> steps, long runMillis, long[] millisByTasksRunning) {}

  private EventLogSummary() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: EventLogSummary EVENT_LOG_FOLDER");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    List<Path> files = List.of();
    if (Files.isDirectory(folder)) {
      try (Stream<Path> all = Files.walk(folder)) {
        // Spark 4 rolls its log into a folder of numbered event files
        files = all.filter(p -> p.getFileName().toString().startsWith("events_")).sorted().toList();
      }
    }
    if (files.isEmpty()) {
      System.err.println("EventLogSummary: no Spark event files (events_*) under " + folder);
      System.exit(2);
    }
    print(summarize(files.stream().flatMap(EventLogSummary::lines)), System.out);
  }

  /**
   * A file's lines, closed once read: the summary holds one event file's lines at a time (Spark
   * rolls its log at 128 MB), not a long backfill's whole log.
   */
  private static Stream<String> lines(Path file) {
    try {
      return Files.lines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Summary summarize(Stream<String> lines) {
    Map<Long, String> stepOfQuery = new HashMap<>();
    Map<Long, String> nameOfQuery = new HashMap<>();
    Map<Integer, String> nameOfStage = new HashMap<>();
    Map<Long, Long> queryStart = new HashMap<>();
    Map<Integer, String> stepOfStage = new HashMap<>();
    Map<String, Step> steps = new LinkedHashMap<>();
    List<long[]> tasks = new ArrayList<>();
    long appStart = Long.MAX_VALUE;
    long appEnd = Long.MIN_VALUE;
    for (String line : (Iterable<String>) lines::iterator) {
      JsonNode event = parse(line);
      String type = event.path("Event").asText();
      if (type.endsWith("SparkListenerApplicationStart")) {
        appStart = event.path("Timestamp").asLong();
      } else if (type.endsWith("SparkListenerApplicationEnd")) {
        appEnd = event.path("Timestamp").asLong();
      } else if (type.endsWith("SparkListenerSQLExecutionStart")) {
        long id = event.path("executionId").asLong();
        String description = event.path("description").asText();
        String step = stepName(description);
        stepOfQuery.put(id, step);
        queryName(description).ifPresent(name -> nameOfQuery.put(id, name));
        queryStart.put(id, event.path("time").asLong());
        steps.computeIfAbsent(step, Step::new).queries++;
      } else if (type.endsWith("SparkListenerSQLExecutionEnd")) {
        long id = event.path("executionId").asLong();
        if (queryStart.containsKey(id)) {
          steps
              .get(stepOfQuery.get(id))
              .spans
              .add(new long[] {queryStart.get(id), event.path("time").asLong()});
        }
      } else if (type.equals("SparkListenerJobStart")) {
        JsonNode query = event.path("Properties").path("spark.sql.execution.id");
        String step =
            query.isMissingNode() ? NO_QUERY : stepOfQuery.getOrDefault(query.asLong(), NO_QUERY);
        String name = query.isMissingNode() ? null : nameOfQuery.get(query.asLong());
        event
            .path("Stage IDs")
            .forEach(
                stage -> {
                  stepOfStage.put(stage.asInt(), step);
                  if (name != null) {
                    nameOfStage.put(stage.asInt(), name);
                  }
                });
      } else if (type.equals("SparkListenerStageCompleted")) {
        steps.computeIfAbsent(
                stepOfStage.getOrDefault(
                    event.path("Stage Info").path("Stage ID").asInt(), NO_QUERY),
                Step::new)
            .stages++;
      } else if (type.equals("SparkListenerTaskEnd")) {
        Step step =
            steps.computeIfAbsent(
                stepOfStage.getOrDefault(event.path("Stage ID").asInt(), NO_QUERY), Step::new);
        JsonNode metrics = event.path("Task Metrics");
        long cpu = metrics.path("Executor CPU Time").asLong();
        step.cpuNanos += cpu;
        String name = nameOfStage.get(event.path("Stage ID").asInt());
        if (name != null) {
          step.cpuNanosByQueryName.merge(name, cpu, Long::sum);
        }
        step.runMillis += metrics.path("Executor Run Time").asLong();
        JsonNode info = event.path("Task Info");
        tasks.add(
            new long[] {info.path("Launch Time").asLong(), info.path("Finish Time").asLong()});
      }
    }
    List<Step> ordered = new ArrayList<>(steps.values());
    ordered.sort(Comparator.comparingLong(Step::firstStart));
    return new Summary(ordered, appEnd - appStart, millisByTasksRunning(tasks, appStart, appEnd));
  }

  /**
   * The step that ran a query: in its description "claimlens DATES: STEP" or "claimlens DATES:
   * STEP: NAME", the STEP.
   */
  static String stepName(String description) {
    String named = afterColon(description).orElse(description);
    int colon = named.indexOf(": ");
    return colon < 0 ? named : named.substring(0, colon);
  }

  /** The NAME of a query described "claimlens DATES: STEP: NAME", if it has one. */
  static Optional<String> queryName(String description) {
    return afterColon(description).flatMap(EventLogSummary::afterColon);
  }

  private static Optional<String> afterColon(String text) {
    int colon = text.indexOf(": ");
    return colon < 0 ? Optional.empty() : Optional.of(text.substring(colon + 2));
  }

  /**
   * Milliseconds of [start, end) with no task running, one, and two or more, from the tasks'
   * [launch, finish) spans.
   */
  static long[] millisByTasksRunning(List<long[]> tasks, long start, long end) {
    List<long[]> changes = new ArrayList<>();
    for (long[] task : tasks) {
      changes.add(new long[] {task[0], 1});
      changes.add(new long[] {task[1], -1});
    }
    changes.add(new long[] {end, 0});
    changes.sort(Comparator.comparingLong((long[] change) -> change[0]));
    long[] millis = new long[3];
    long running = 0;
    long at = start;
    for (long[] change : changes) {
      long time = Math.min(Math.max(change[0], start), end);
      millis[(int) Math.min(running, 2)] += time - at;
      at = time;
      running += change[1];
    }
    return millis;
  }

  /** Milliseconds covered by the union of [start, end) spans. */
  static long unionMillis(List<long[]> spans) {
    List<long[]> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingLong((long[] span) -> span[0]));
    long total = 0;
    long coveredUntil = Long.MIN_VALUE;
    for (long[] span : sorted) {
      long from = Math.max(span[0], coveredUntil);
      if (span[1] > from) {
        total += span[1] - from;
        coveredUntil = span[1];
      }
    }
    return total;
  }

  static void print(Summary summary, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%-46s %7s %6s %8s %15s %8s%n",
        "where the time went (event log): step",
        "queries",
        "stages",
        "wall s",
        "executor CPU s",
        "task s");
    for (Step step : summary.steps()) {
      out.printf(
          Locale.ROOT,
          "  %-44s %7d %6d %8.1f %15.1f %8.1f%n",
          step.name,
          step.queries,
          step.stages,
          step.wallMillis() / 1e3,
          step.cpuNanos / 1e9,
          step.runMillis / 1e3);
      step.cpuNanosByQueryName.forEach(
          (name, cpu) ->
              out.printf(
                  Locale.ROOT, "    %-42s %7s %6s %8s %15.1f%n", name, "", "", "", cpu / 1e9));
    }
    long[] byTasks = summary.millisByTasksRunning();
    long run = Math.max(summary.runMillis(), 1);
    out.printf(
        Locale.ROOT,
        "tasks running over the run's %.1f s: two or more %.0f%%, one %.0f%%, none %.0f%%%n",
        summary.runMillis() / 1e3,
        100.0 * byTasks[2] / run,
        100.0 * byTasks[1] / run,
        100.0 * byTasks[0] / run);
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException("not an event log line: " + line, e);
    }
  }
}
