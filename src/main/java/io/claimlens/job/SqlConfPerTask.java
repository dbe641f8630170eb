package io.claimlens.job;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.internal.ReadOnlySQLConf;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.internal.SQLConf$;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One read-only SQL configuration per task instead of one per call (an executor plugin, for local
 * runs).
 *
 * <p>Inside a task, Spark's {@code SQLConf.get} builds a new {@link ReadOnlySQLConf} from the
 * task's properties on every call unless the thread has one already, and each build copies the
 * JVM's system properties into a map. Spark 4.2 asks for it once per value in interpreted
 * evaluation (its type dispatch checks a flag before every field access), which the job uses for
 * small inputs ({@link InputScale}): on the sample that was 15% of the executors' CPU samples. This
 * plugin builds the task's configuration once, when the task starts, and hands it to Spark through
 * the thread slot Spark reads first; the values are the ones each call would have built, since a
 * task's properties do not change while it runs.
 *
 * <p>Spark has no public way to fill that slot for a whole task, so the plugin reaches its private
 * accessor; should a later Spark rename it, the plugin logs that once and Spark behaves as without
 * it. It is registered for local masters only ({@link #register}): a cluster's executors would have
 * to load it from the application jar before any task, which not every cluster manager promises.
 */
public final class SqlConfPerTask implements SparkPlugin {
  static final String PLUGINS = "spark.plugins";

  private static final Logger LOG = LoggerFactory.getLogger(SqlConfPerTask.class);

  /**
   * Adds this plugin to {@code builder} when {@code given} (spark-submit's configuration) runs the
   * driver in local mode, keeping the user's own plugins.
   */
  static void register(SparkConf given, SparkSession.Builder builder) {
    plugins(given).ifPresent(plugins -> builder.config(PLUGINS, plugins));
  }

  /** The plugin list with this plugin added, for a local master; empty for any other. */
  static Optional<String> plugins(SparkConf given) {
    if (!given.get("spark.master", "").startsWith("local")) {
      return Optional.empty();
    }
    String mine = SqlConfPerTask.class.getName();
    String theirs = given.get(PLUGINS, "");
    return Optional.of(theirs.isBlank() ? mine : theirs + "," + mine);
  }

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return slot().map(PerTask::new).orElse(null);
  }

  /** The thread slot {@code SQLConf.get} reads before it builds a configuration, if reachable. */
  @SuppressWarnings("unchecked")
  private static Optional<ThreadLocal<SQLConf>> slot() {
    try {
      Method existing = SQLConf$.class.getDeclaredMethod("existingConf");
      existing.setAccessible(true);
      return Optional.of((ThreadLocal<SQLConf>) existing.invoke(SQLConf$.MODULE$));
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("Spark builds a SQL configuration per call in tasks: {}", e.toString());
      return Optional.empty();
    }
  }

  /** Fills the slot as a task starts and empties it as the task ends, on the task's thread. */
  private static final class PerTask implements ExecutorPlugin {
    private final ThreadLocal<SQLConf> slot;

    PerTask(ThreadLocal<SQLConf> slot) {
      this.slot = slot;
    }

    @Override
    public void init(PluginContext context, Map<String, String> extraConf) {}

    @Override
    public void onTaskStart() {
      slot.set(new ReadOnlySQLConf(TaskContext.get()));
    }

    @Override
    public void onTaskSucceeded() {
      slot.remove();
    }

    @Override
    public void onTaskFailed(TaskFailedReason failureReason) {
      slot.remove();
    }
  }
}
