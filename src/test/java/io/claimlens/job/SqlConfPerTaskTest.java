package io.claimlens.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.claimlens.testing.SparkTestBase;
import java.util.List;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.internal.SQLConf;
import org.junit.jupiter.api.Test;

/** The shared test session registers the plugin as the entry points do in local mode. */
class SqlConfPerTaskTest extends SparkTestBase {
  private static final String ZONE = "spark.sql.session.timeZone";

  @Test
  void aTaskReadsOneConfigurationWhereSparkBuiltOnePerCall() {
    List<Boolean> same =
        spark
            .range(0, 4, 1, 2)
            .map(
                (MapFunction<Long, Boolean>) x -> SQLConf.get() == SQLConf.get(),
                Encoders.BOOLEAN())
            .collectAsList();
    assertEquals(List.of(true, true, true, true), same);
  }

  /** Each task's configuration is the session's as of its job, as Spark's own per call was. */
  @Test
  void eachJobsTasksSeeTheSessionsSettingsOfThatJob() {
    String before = spark.conf().get(ZONE);
    try {
      for (String zone : List.of("Asia/Tokyo", "America/Los_Angeles")) {
        spark.conf().set(ZONE, zone);
        List<String> seen =
            spark
                .range(0, 2, 1, 2)
                .map(
                    (MapFunction<Long, String>) x -> SQLConf.get().sessionLocalTimeZone(),
                    Encoders.STRING())
                .collectAsList();
        assertEquals(List.of(zone, zone), seen);
      }
    } finally {
      spark.conf().set(ZONE, before);
    }
  }

  @Test
  void localMastersGetThePluginBesideTheUsersOwn() {
    String mine = SqlConfPerTask.class.getName();
    assertEquals(
        Optional.of(mine),
        SqlConfPerTask.plugins(new SparkConf(false).set("spark.master", "local[*]")));
    assertEquals(
        Optional.of("com.example.Theirs," + mine),
        SqlConfPerTask.plugins(
            new SparkConf(false)
                .set("spark.master", "local[2]")
                .set(SqlConfPerTask.PLUGINS, "com.example.Theirs")));
  }

  @Test
  void clusterMastersKeepSparksOwnBehaviour() {
    assertEquals(
        Optional.empty(),
        SqlConfPerTask.plugins(new SparkConf(false).set("spark.master", "spark://host:7077")));
    assertEquals(Optional.empty(), SqlConfPerTask.plugins(new SparkConf(false)));
  }
}
