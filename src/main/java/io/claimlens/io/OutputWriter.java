package io.claimlens.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;

import io.claimlens.config.AsOfDates;
import io.claimlens.config.TableFormat;
import io.claimlens.schema.OutputTables;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run's output tables as Hive partitions {@code <table>/as_of_date=D/} (SPEC §4), one per
 * as-of date of the run.
 *
 * <p>Every table is first written whole to {@code <table>/_staging/<run id>/}, which readers skip
 * (Spark, Hive and Trino ignore names starting with '_'). Only when every table is staged does
 * {@link #publish()} swap each partition in with two directory renames: the old partition moves to
 * {@code _trash/<run id>}, the staged one takes its place. On HDFS and local disk a rename is
 * atomic, so a reader lists either the old partition's files or the new one's, never a mix; between
 * the two renames of one partition, for milliseconds, that partition is absent.
 *
 * <p>A publish is journaled: {@code <root>/_publishing/<run id>} lists its partitions before the
 * first rename and is deleted after the last one, which commits the run; the old partitions stay in
 * trash until then. A run that dies in between leaves the journal, and {@link #recover} (the next
 * run's first step, under the root's {@link RunLock}) rolls it back: each new partition moves back
 * to staging and its old one back from trash, in an order that can itself be cut short and resumed.
 * A failed run publishes nothing: {@link #abort()} rolls back the same way.
 *
 * <p>With {@link TableFormat#DELTA} the staging is the same, and {@link #publish()} commits each
 * staged table into its Delta table instead, the data tables side by side: one commit per table
 * that replaces the run's dates ({@code replaceWhere}) and is tagged with the run id, run_manifest
 * after all the others. Each commit is atomic on any file system, S3 included; across tables there
 * is no transaction, so the journal and trash are not used (docs/running.md says what a crash
 * between commits leaves).
 */
public final class OutputWriter {
  private static final Logger LOG = LoggerFactory.getLogger(OutputWriter.class);
  private static final String STAGING = "_staging";
  private static final String TRASH = "_trash";

  /** Delta commits under way at once; more than a night's six tables gain nothing. */
  private static final int COMMIT_THREADS = 6;

  /** The folder of the journals of publishes under way, under the output root. */
  static final String PUBLISHING = "_publishing";

  private final SparkSession spark;
  private final String root;
  private final String runId;
  private final AsOfDates dates;
  private final Faults faults;
  private final TableFormat format;
  // tables are staged side by side (SideBySide); they publish in OutputTables.ALL's order
  private final List<String> staged = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, StructType> stagedSchemas = new ConcurrentHashMap<>();

  /** A writer of Hive-partitioned Parquet tables. */
  public OutputWriter(SparkSession spark, String root, String runId, AsOfDates dates) {
    this(spark, root, runId, dates, TableFormat.PARQUET);
  }

  public OutputWriter(
      SparkSession spark, String root, String runId, AsOfDates dates, TableFormat format) {
    this(spark, root, runId, dates, Faults.NONE, format);
  }

  /** A writer whose publish calls {@code faults} at each step, for the fault tests. */
  OutputWriter(SparkSession spark, String root, String runId, AsOfDates dates, Faults faults) {
    this(spark, root, runId, dates, faults, TableFormat.PARQUET);
  }

  private OutputWriter(
      SparkSession spark,
      String root,
      String runId,
      AsOfDates dates,
      Faults faults,
      TableFormat format) {
    this.spark = spark;
    this.root = trimmed(root);
    this.runId = runId;
    this.dates = dates;
    this.faults = faults;
    this.format = format;
  }

  /** The {@code userMetadata} of a run's Delta commits, which DESCRIBE HISTORY shows. */
  public static String commitTag(String runId) {
    return "claimlens run " + runId;
  }

  /** The steps of a publish, after each of which the fault tests can stop a run. */
  enum Step {
    /** The journal is written; nothing is renamed yet. */
    JOURNALED,
    /** A partition's old files are in trash and its new ones still staged: it is absent. */
    TRASHED,
    /** A partition is swapped in. */
    SWAPPED,
    /** The journal is deleted: the run is published; its trash and staging remain. */
    COMMITTED
  }

  /** Called at each publish step; a test's implementation throws to stop the run there. */
  @FunctionalInterface
  interface Faults {
    Faults NONE = (step, partition) -> {};

    /** {@code partition} is the table's partition folder, or null for a step of the run. */
    void at(Step step, Path partition);
  }

  /**
   * Writes {@code rows}, whose {@link OutputTables#AS_OF_DATE} column names their partition, into
   * staging; returns the rows per as-of date. A date without rows gets an empty partition that
   * still carries the schema, so that it replaces what an earlier run published for it.
   */
  public Map<LocalDate, Long> stage(String table, Dataset<Row> rows) {
    Path staging = stagingRoot(table);
    // recorded first, so that abort() also clears what a failed write left behind
    staged.add(table);
    stagedSchemas.put(table, rows.schema());
    // the rows per date are counted by the write itself, not by a second job over its output
    Observation written = new Observation(table);
    List<Column> perDate = new ArrayList<>();
    for (LocalDate d : dates.dates()) {
      perDate.add(count_if(col(OutputTables.AS_OF_DATE).equalTo(lit(d))).as(d.toString()));
    }
    rows.observe(written, perDate.get(0), perDate.subList(1, perDate.size()).toArray(Column[]::new))
        .write()
        .mode(SaveMode.ErrorIfExists)
        .partitionBy(OutputTables.AS_OF_DATE)
        .parquet(staging.toString());
    Map<LocalDate, Long> counts = new LinkedHashMap<>();
    for (LocalDate d : dates.dates()) {
      long n = Observations.count(written, d.toString());
      if (n == 0) {
        spark
            .createDataFrame(List.<Row>of(), rows.drop(OutputTables.AS_OF_DATE).schema())
            .write()
            .parquet(stagedPartition(table, d).toString());
      }
      counts.put(d, n);
    }
    return counts;
  }

  /**
   * The staged tables in the order they publish: the run's tables in {@link OutputTables#ALL}'s
   * order (run_manifest last), any other before them in staging order.
   */
  private List<String> publishOrder() {
    synchronized (staged) {
      return staged.stream().sorted(Comparator.comparingInt(OutputTables.ALL::indexOf)).toList();
    }
  }

  /**
   * Swaps every staged partition in, in publish order (run_manifest last), then removes the run's
   * journal, trash and staging.
   */
  public void publish() {
    if (format == TableFormat.DELTA) {
      commitDelta();
      return;
    }
    try {
      FileSystem fs = fs(spark.sparkContext().hadoopConfiguration(), root);
      Path journal = journal(root, runId);
      List<String> order = publishOrder();
      try (FSDataOutputStream out = fs.create(journal, false)) {
        for (String table : order) {
          for (LocalDate d : dates.dates()) {
            out.write((table + "\t" + partition(d) + "\n").getBytes(StandardCharsets.UTF_8));
          }
        }
      }
      faults.at(Step.JOURNALED, null);
      for (String table : order) {
        for (LocalDate d : dates.dates()) {
          Path target = new Path(root + "/" + table + "/" + partition(d));
          if (fs.exists(target)) {
            Path trash = trashed(root, table, runId, partition(d));
            fs.mkdirs(trash.getParent());
            rename(fs, target, trash);
            faults.at(Step.TRASHED, target);
          }
          rename(fs, stagedPartition(table, d), target);
          faults.at(Step.SWAPPED, target);
        }
      }
      delete(fs, journal);
      faults.at(Step.COMMITTED, null);
      staged.forEach(table -> tidy(fs, root, table, runId));
      removeIfEmpty(fs, journal.getParent());
      LOG.info("published {} for {}", order, dates);
      staged.clear();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot publish outputs under " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Commits each staged table into its Delta table under the root, the data tables side by side and
   * run_manifest after all of them: one commit per table replacing the run's dates, with the
   * columns in the order a Parquet reader sees them (the date last). A column added by a newer
   * release is added to the table (older rows read it as null).
   */
  private void commitDelta() {
    FileSystem fs;
    try {
      fs = fs(spark.sparkContext().hadoopConfiguration(), root);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot publish outputs under " + root + ": " + e.getMessage(), e);
    }
    String replaced =
        OutputTables.AS_OF_DATE
            + " >= DATE'"
            + dates.first()
            + "' AND "
            + OutputTables.AS_OF_DATE
            + " <= DATE'"
            + dates.last()
            + "'";
    List<String> data =
        publishOrder().stream().filter(t -> !t.equals(OutputTables.RUN_MANIFEST)).toList();
    commitSideBySide(data, replaced);
    if (staged.contains(OutputTables.RUN_MANIFEST)) {
      commitDelta(OutputTables.RUN_MANIFEST, replaced);
    }
    staged.forEach(table -> tidy(fs, root, table, runId));
    staged.clear();
  }

  /**
   * Commits {@code tables}, at most {@link #COMMIT_THREADS} at a time, and returns when all are
   * done. The commits are independent (a table each) and mostly wait for the store: one after
   * another, a night's six took 24.5 s on s3proxy. A failed commit fails the publish with its error
   * once the others have finished, so that none is cut off half way.
   */
  private void commitSideBySide(List<String> tables, String replaced) {
    Map<String, Supplier<Void>> commits = new LinkedHashMap<>();
    tables.forEach(
        table ->
            commits.put(
                table,
                () -> {
                  commitDelta(table, replaced);
                  return null;
                }));
    try (SideBySide side = SideBySide.of(spark, Math.min(tables.size(), COMMIT_THREADS))) {
      side.all(commits);
    }
  }

  /** One table's commit, replacing the run's dates. */
  private void commitDelta(String table, String replaced) {
    StructType schema = stagedSchemas.get(table);
    List<Column> columns = new ArrayList<>();
    for (String name : schema.fieldNames()) {
      if (!name.equals(OutputTables.AS_OF_DATE)) {
        columns.add(col(name));
      }
    }
    columns.add(col(OutputTables.AS_OF_DATE));
    spark
        .read()
        .schema(schema)
        .parquet(stagingRoot(table).toString())
        .select(columns.toArray(Column[]::new))
        .write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", replaced)
        .option("mergeSchema", "true")
        .option("userMetadata", commitTag(runId))
        .partitionBy(OutputTables.AS_OF_DATE)
        .save(root + "/" + table);
    LOG.info("committed {} for {} to its Delta table", table, dates);
  }

  /**
   * Leaves the published tables as they were before this run: rolls back a publish cut short by a
   * failure and removes whatever this run staged. Best effort: what it cannot undo (the store is
   * down) the next run's {@link #recover} does.
   */
  public void abort() {
    try {
      FileSystem fs = fs(spark.sparkContext().hadoopConfiguration(), root);
      if (fs.exists(journal(root, runId))) {
        rollBack(fs, root, runId)
            .forEach(line -> LOG.warn("undid the publish under {}: {}", root, line));
      }
      for (String table : publishOrder()) {
        tidy(fs, root, table, runId);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "could not undo run {} under {} ({}); the next run into it restores the last published"
              + " state first",
          runId,
          root,
          e.toString());
    }
    staged.clear();
  }

  /**
   * Puts the output root back in its last published state after runs that died: rolls back every
   * publish whose journal is left, restores any partition left in trash with nothing in its place,
   * and removes the scratch folders of dead runs. Call it holding the root's {@link RunLock},
   * before staging anything. Returns what it did, one line per action, also logged.
   */
  public static List<String> recover(Configuration conf, String root) {
    String r = trimmed(root);
    List<String> done = new ArrayList<>();
    try {
      FileSystem fs = fs(conf, r);
      if (!fs.exists(new Path(r))) {
        return done;
      }
      Path journals = new Path(r, PUBLISHING);
      if (fs.exists(journals)) {
        for (FileStatus journal : fs.listStatus(journals)) {
          done.addAll(rollBack(fs, r, journal.getPath().getName()));
        }
        removeIfEmpty(fs, journals);
      }
      for (FileStatus table : fs.listStatus(new Path(r))) {
        String name = table.getPath().getName();
        if (table.isDirectory() && !ParquetFolder.hidden(name)) {
          done.addAll(leftovers(fs, r, name));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot recover the output root " + r + " after an earlier run: " + e.getMessage(), e);
    }
    done.forEach(line -> LOG.warn("recovered {}: {}", r, line));
    return done;
  }

  /**
   * Undoes the journaled publish of {@code run}, partition by partition: the new partition moves
   * back to staging, then the old one back from trash. Every state in between is one the same steps
   * resume from, so a rollback cut short is finished by the next.
   */
  private static List<String> rollBack(FileSystem fs, String root, String run) throws IOException {
    Path journal = journal(root, run);
    List<String> lines;
    try (InputStream in = fs.open(journal)) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    List<String> done = new ArrayList<>();
    Set<String> tables = new LinkedHashSet<>();
    for (String line : lines) {
      String[] tableAndPartition = line.split("\t", 2);
      String table = tableAndPartition[0];
      String partition = tableAndPartition[1];
      tables.add(table);
      Path target = new Path(root + "/" + table + "/" + partition);
      Path staging = new Path(root + "/" + table + "/" + STAGING + "/" + run + "/" + partition);
      Path trash = trashed(root, table, run, partition);
      // a partition still staged was never swapped in; otherwise the one in place is the run's
      boolean withdrawn = false;
      if (!fs.exists(staging) && fs.exists(target)) {
        fs.mkdirs(staging.getParent());
        rename(fs, target, staging);
        withdrawn = true;
      }
      if (fs.exists(trash)) {
        rename(fs, trash, target);
        done.add(table + "/" + partition + ": the partition before run " + run + " restored");
      } else if (withdrawn) {
        done.add(table + "/" + partition + ": run " + run + "'s first publication withdrawn");
      }
    }
    // the journal goes before the scratch folders: with it, a staging folder half deleted would
    // read as a partition swapped in, and a second rollback would withdraw the restored one
    delete(fs, journal);
    removeIfEmpty(fs, journal.getParent());
    for (String table : tables) {
      tidy(fs, root, table, run);
    }
    done.add("run " + run + " had not finished publishing: rolled back");
    return done;
  }

  /**
   * A dead run's scratch folders in {@code table} with no journal left: staging of a run that died
   * before publishing, trash of one that died after committing. A partition in trash with nothing
   * in its place (left by a version without the journal) is restored first.
   */
  private static List<String> leftovers(FileSystem fs, String root, String table)
      throws IOException {
    List<String> done = new ArrayList<>();
    Path trashes = new Path(root + "/" + table + "/" + TRASH);
    if (fs.exists(trashes)) {
      for (FileStatus run : fs.listStatus(trashes)) {
        for (FileStatus partition : fs.listStatus(run.getPath())) {
          Path target = new Path(root + "/" + table + "/" + partition.getPath().getName());
          if (!fs.exists(target)) {
            rename(fs, partition.getPath(), target);
            done.add(
                table
                    + "/"
                    + target.getName()
                    + ": restored from the trash of run "
                    + run.getPath().getName());
          }
        }
      }
    }
    for (String scratch : List.of(STAGING, TRASH)) {
      Path runs = new Path(root + "/" + table + "/" + scratch);
      if (fs.exists(runs)) {
        for (FileStatus run : fs.listStatus(runs)) {
          tidy(fs, root, table, run.getPath().getName());
          done.add(
              table + "/" + scratch + "/" + run.getPath().getName() + " of a dead run removed");
        }
      }
    }
    return done;
  }

  /** Removes {@code run}'s staging and trash in {@code table}, and their parents when empty. */
  private static void tidy(FileSystem fs, String root, String table, String run) {
    for (String scratch : List.of(STAGING, TRASH)) {
      Path dir = new Path(root + "/" + table + "/" + scratch + "/" + run);
      try {
        fs.delete(dir, true);
      } catch (IOException e) {
        // readers skip '_' folders; the next run's recovery removes what is left
        LOG.warn("cannot remove {}: {}", dir, e.toString());
      }
      removeIfEmpty(fs, dir.getParent());
    }
  }

  private Path stagingRoot(String table) {
    return new Path(root + "/" + table + "/" + STAGING + "/" + runId);
  }

  private Path stagedPartition(String table, LocalDate asOf) {
    return new Path(stagingRoot(table), partition(asOf));
  }

  private static Path trashed(String root, String table, String run, String partition) {
    return new Path(root + "/" + table + "/" + TRASH + "/" + run + "/" + partition);
  }

  private static Path journal(String root, String run) {
    return new Path(root + "/" + PUBLISHING + "/" + run);
  }

  private static String partition(LocalDate asOf) {
    return OutputTables.AS_OF_DATE + "=" + asOf;
  }

  private static String trimmed(String root) {
    return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  private static FileSystem fs(Configuration conf, String root) throws IOException {
    return new Path(root).getFileSystem(conf);
  }

  /**
   * Tidies a scratch parent; a concurrent run's folder in it makes the non-recursive delete fail.
   */
  private static void removeIfEmpty(FileSystem fs, Path dir) {
    try {
      if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
      }
    } catch (IOException e) {
      // another run is using it
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " failed");
    }
  }

  private static void delete(FileSystem fs, Path file) throws IOException {
    if (!fs.delete(file, false) && fs.exists(file)) {
      throw new IOException("cannot delete " + file);
    }
  }
}
