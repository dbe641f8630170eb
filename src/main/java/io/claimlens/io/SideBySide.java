package io.claimlens.io;

import io.claimlens.config.ClaimlensException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Independent Spark actions of one step run side by side from the driver, a few at a time.
 *
 * <p>One action at a time leaves the executors idle while the driver analyses and plans it, and
 * whenever one task of a stage finishes before the others. On two cores that was a sixth of a night
 * at 1,000,000 orders and most of the sample's (docs/benchmarks.md). A second action fills those
 * gaps. The tasks running at once are still one per core, so a task's memory is what it would have
 * been. Spark's scheduler serves jobs first come first served, but with adaptive execution each
 * stage of a query is a job of its own, submitted when the stage before it ends: two long actions
 * take turns stage by stage, and the longer one ends later than alone: a backfill's table writes,
 * each of which keeps the cores busy, took 1.2 times as long side by side as {@link #inTurn}
 * (docs/benchmarks.md).
 *
 * <p>Each action runs with the active session and the job description of the thread that started
 * it. A step waits for all its actions before it fails with the first one's error, so that no
 * action outlives the step (a write into staging after the run aborted, for one).
 */
public final class SideBySide implements AutoCloseable {
  /** How many actions a step runs at once; 1 runs them one after another. */
  public static final String ACTIONS = "spark.claimlens.sideBySide.actions";

  public static final String ACTIONS_DEFAULT = "2";

  /**
   * The local property {@code SparkContext.setJobDescription} sets, which names a thread's Spark
   * jobs in the UI (Spark's own constant is internal).
   */
  public static final String JOB_DESCRIPTION = "spark.job.description";

  private final SparkSession spark;
  private final ExecutorService pool;
  // a task that runs tasks side by side itself runs them on its own thread: waiting for the pool
  // from inside it could leave every thread waiting
  private final ThreadLocal<Boolean> inPool = ThreadLocal.withInitial(() -> false);

  private SideBySide(SparkSession spark, ExecutorService pool) {
    this.spark = spark;
    this.pool = pool;
  }

  /** Side by side as the session's {@link #ACTIONS} says; exit 2 when it is not a number. */
  public static SideBySide of(SparkSession spark) {
    String actions = spark.conf().get(ACTIONS, ACTIONS_DEFAULT);
    try {
      return of(spark, Integer.parseInt(actions.trim()));
    } catch (NumberFormatException e) {
      throw ClaimlensException.badArguments(
          ACTIONS + " must be a whole number of actions, not '" + actions + "'");
    }
  }

  /** At most {@code actions} at once; 1 or less runs each on the calling thread. */
  public static SideBySide of(SparkSession spark, int actions) {
    if (actions <= 1) {
      return new SideBySide(spark, null);
    }
    return new SideBySide(
        spark,
        Executors.newFixedThreadPool(
            actions,
            task -> {
              Thread thread = new Thread(task, "claimlens-side-by-side");
              thread.setDaemon(true);
              return thread;
            }));
  }

  /**
   * Runs every task, side by side, and returns their results in the tasks' order. When some fail,
   * the first one's error is thrown, as it was thrown, once all have ended.
   */
  public <K, V> Map<K, V> all(Map<K, Supplier<V>> tasks) {
    if (oneByOne()) {
      return inTurn(tasks);
    }
    Map<K, V> results = new LinkedHashMap<>();
    Map<K, Future<V>> started = new LinkedHashMap<>();
    tasks.forEach((key, task) -> started.put(key, start(task)));
    awaitAll(started.values());
    started.forEach((key, done) -> results.put(key, completed(done)));
    return results;
  }

  /**
   * Runs {@code work} on this thread with its Spark jobs named {@code description} (in the UI and
   * the event log), then names the thread's jobs as they were named before.
   */
  public static <T> T described(SparkContext context, String description, Supplier<T> work) {
    String before = context.getLocalProperty(JOB_DESCRIPTION);
    context.setJobDescription(description);
    try {
      return work.get();
    } finally {
      context.setJobDescription(before);
    }
  }

  /** Runs every task on the calling thread, one after another, and returns their results. */
  public static <K, V> Map<K, V> inTurn(Map<K, Supplier<V>> tasks) {
    Map<K, V> results = new LinkedHashMap<>();
    tasks.forEach((key, task) -> results.put(key, task.get()));
    return results;
  }

  /** Both tasks side by side: {@code first}'s result with {@code second}'s. */
  public <A, B> Both<A, B> both(Supplier<A> first, Supplier<B> second) {
    if (oneByOne()) {
      return new Both<>(first.get(), second.get());
    }
    Future<A> a = start(first);
    Future<B> b = start(second);
    awaitAll(List.of(a, b));
    return new Both<>(completed(a), completed(b));
  }

  /** The results of {@link #both}. */
  public record Both<A, B>(A first, B second) {}

  private boolean oneByOne() {
    return pool == null || inPool.get();
  }

  private <V> Future<V> start(Supplier<V> task) {
    SparkContext context = spark.sparkContext();
    String description = context.getLocalProperty(JOB_DESCRIPTION);
    return pool.submit(
        () -> {
          SparkSession.setActiveSession(spark);
          context.setJobDescription(description);
          inPool.set(true);
          return task.get();
        });
  }

  /** Waits for every one of {@code started}, then throws the first failure's error as it was. */
  private static void awaitAll(Collection<? extends Future<?>> started) {
    Throwable failed = null;
    for (Future<?> future : started) {
      try {
        future.get();
      } catch (ExecutionException e) {
        failed = failed == null ? e.getCause() : failed;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed = new IllegalStateException("interrupted while waiting for Spark actions", e);
      }
    }
    if (failed != null) {
      throw SideBySide.<RuntimeException>rethrow(failed);
    }
  }

  /** The result of a task {@link #awaitAll} saw succeed. */
  private static <V> V completed(Future<V> done) {
    try {
      return done.get();
    } catch (ExecutionException | InterruptedException e) {
      throw new IllegalStateException("a finished Spark action has no result", e);
    }
  }

  /**
   * Throws {@code t} as it is: Spark throws the store's checked exceptions undeclared, and the run
   * reports what it caught by its type.
   */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E rethrow(Throwable t) throws E {
    throw (E) t;
  }

  @Override
  public void close() {
    if (pool == null) {
      return;
    }
    pool.shutdown();
    try {
      pool.awaitTermination(1, TimeUnit.HOURS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
