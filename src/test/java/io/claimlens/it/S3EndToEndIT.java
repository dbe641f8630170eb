package io.claimlens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.job.QueryMain;
import io.claimlens.schema.OutputTables;
import io.claimlens.testing.SparkTestBase;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged jar as a data engineer deploys it: submitted to a Spark standalone cluster (a master
 * and a worker on 127.0.0.1, executors in their own JVMs), reading the sample's inputs from S3
 * through hadoop-aws ({@code s3a://}) against a real S3-compatible server (s3proxy on loopback) and
 * writing every table there; then a rerun of the same date in local mode. The executors ran the
 * tasks, every table equals the local-disk run's, the rerun replaced the date, and the secret is in
 * no log (driver's or executors'), no manifest and no output object. The same command line as on
 * disk; credentials from the usual mechanisms (a spark-defaults style properties file, then the AWS
 * environment variables).
 *
 * <p>One cluster run serves both the S3 and the cluster guarantees: a whole-job run is the dearest
 * step of the suite, and a cluster's executors write to S3 (or HDFS) in production, not to a
 * driver's local disk.
 */
@ExtendWith(SharedServers.class)
class S3EndToEndIT extends SparkTestBase {
  private static final Pattern APP_ID =
      Pattern.compile("Connected to Spark cluster with app ID (\\S+)");

  private static S3Proxy s3;
  private static StandaloneCluster cluster;
  private static String input;
  private static String output;
  private static Submit.Result first;
  private static Submit.Result rerun;
  private static FileSystem bucket;

  /** The session's S3A settings before this class set its own: null where there was none. */
  private static Map<String, String> replaced;

  @BeforeAll
  static void runTheJobOnS3(S3Proxy server, StandaloneCluster started) throws IOException {
    s3 = server;
    cluster = started;
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    replaced = s3.configure(hadoop);
    input = s3.uri("raw");
    output = s3.uri("claimlens");
    bucket = FileSystem.get(URI.create(s3.uri("")), hadoop);
    // the sample's files, as they are, into the bucket
    bucket.copyFromLocalFile(
        false,
        true,
        new org.apache.hadoop.fs.Path(SampleRuns.sample().toUri()),
        new org.apache.hadoop.fs.Path(input));

    Path logs = ItEnvironment.dir().resolve("s3-logs");
    // 1. on the cluster, credentials in a properties file, as a cluster's spark-defaults.conf holds
    // them; the executors get them with the job's other settings
    Path properties = ItEnvironment.dir().resolve("s3-spark-defaults.conf");
    Files.writeString(
        properties,
        "spark.hadoop.fs.s3a.access.key "
            + s3.accessKey()
            + "\nspark.hadoop.fs.s3a.secret.key "
            + s3.secretKey()
            + "\n");
    first =
        cluster
            .submit()
            .hadoop(s3.s3aSettings())
            .spark("--properties-file", properties.toString(), "--verbose")
            .job(SampleRuns.arguments(input, output))
            .run(logs.resolve("first.log"));
    // 2. a rerun of the same date in local mode, credentials from AWS_ACCESS_KEY_ID /
    // AWS_SECRET_ACCESS_KEY
    rerun =
        Submit.local()
            .hadoop(s3.s3aSettings())
            .env(
                Map.of(
                    "AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey()))
            .job(SampleRuns.arguments(input, output))
            .run(logs.resolve("rerun.log"));
  }

  /** The session is shared with the JVM's other classes, which must not inherit this server. */
  @AfterAll
  static void restoreTheSessionsS3Settings() {
    S3Proxy.restore(spark.sparkContext().hadoopConfiguration(), replaced);
  }

  @Test
  void bothRunsSucceedWithTheSummaryLine() {
    for (Submit.Result r : List.of(first, rerun)) {
      assertEquals(0, r.exitCode(), r.log());
      assertTrue(
          r.log()
              .lines()
              .anyMatch(l -> l.matches("claimlens: as_of=2026-06-30 run_id=\\S+ rows_in=\\d+ .*")),
          r.log());
    }
  }

  @Test
  void executorsOnTheWorkerRanTheTasks() {
    List<Path> executorLogs = executorLogs();
    assertFalse(executorLogs.isEmpty(), "no executor ran for the first run");
    long finished =
        executorLogs.stream()
            .map(ItEnvironment::read)
            .flatMap(String::lines)
            .filter(l -> l.contains("Finished task"))
            .count();
    assertTrue(finished > 0, "no task finished on an executor: " + executorLogs);
    assertTrue(first.log().contains("Registered executor"), "the driver registered an executor");
  }

  /** The stderr of the executors the worker ran for the first run. */
  private static List<Path> executorLogs() {
    Matcher m = APP_ID.matcher(first.log());
    assertTrue(m.find(), "the driver connected to the cluster:\n" + first.log());
    return cluster.executorLogs(m.group(1));
  }

  @Test
  void everyTableOnS3EqualsTheLocalDiskRun() {
    SampleRuns.assertSameOutputs(spark, SampleRuns.localReference(spark), output);
  }

  @Test
  void theRerunReplacedTheDateAndLeftNoScratchOnS3() throws IOException {
    assertEquals(0, rerun.exitCode(), rerun.log());
    for (String table : OutputTables.ALL) {
      List<String> partitions = new ArrayList<>();
      for (FileStatus s : bucket.listStatus(new org.apache.hadoop.fs.Path(output + "/" + table))) {
        String name = s.getPath().getName();
        if (name.startsWith("_")) {
          // no staged or trashed object is left; s3proxy's filesystem backend can keep an empty
          // folder where S3 itself keeps nothing, and readers skip '_' names anyway
          RemoteIterator<LocatedFileStatus> left = bucket.listFiles(s.getPath(), true);
          assertFalse(left.hasNext(), () -> table + ": left behind under " + s.getPath());
        } else {
          partitions.add(name);
        }
      }
      assertEquals(List.of("as_of_date=" + SampleRuns.AS_OF), partitions, table);
    }
    assertEquals(
        1,
        spark.read().parquet(output + "/" + OutputTables.RUN_MANIFEST).count(),
        "one manifest row: the rerun's");
  }

  @Test
  void theSecretKeyIsInNoLogNoManifestAndNoStoredObject() throws IOException {
    String secret = s3.secretKey();
    assertTrue(first.log().contains("claimlens: as_of="), "the log was captured");
    assertTrue(first.log().contains("fs.s3a"), "--verbose printed the S3A settings");
    assertFalse(first.log().contains(secret), "secret in the first run's log");
    assertFalse(rerun.log().contains(secret), "secret in the rerun's log");
    for (Path log : executorLogs()) {
      assertFalse(ItEnvironment.read(log).contains(secret), "secret in " + log);
    }
    for (String json :
        spark.read().parquet(output + "/" + OutputTables.RUN_MANIFEST).toJSON().collectAsList()) {
      assertFalse(json.contains(secret), "secret in the run manifest: " + json);
    }
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    List<Path> objects;
    try (Stream<Path> files = Files.walk(s3.dataDir())) {
      objects = files.filter(Files::isRegularFile).toList();
    }
    assertTrue(objects.size() > 10, "objects stored: " + objects.size());
    for (Path object : objects) {
      assertFalse(contains(Files.readAllBytes(object), needle), "secret in " + object);
    }
  }

  @Test
  void queryShRunsAReadyQueryOverTheS3Output() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code =
        QueryMain.run(
            new String[] {"--output", output, "-f", "jobs/queries/run_reconciliation.sql"},
            () -> spark,
            new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
            new java.io.PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("|orders") || printed.contains(" orders|"), printed);
    assertTrue(printed.endsWith("7 rows\n"), "one row per input dataset:\n" + printed);
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
