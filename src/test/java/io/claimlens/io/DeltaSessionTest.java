package io.claimlens.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.claimlens.testing.SparkTestBase;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The snapshot size a Delta run gets: the session's parallelism, unless the user chose one. */
class DeltaSessionTest extends SparkTestBase {
  @Test
  void snapshotPartitionsFollowTheSessionsParallelism() {
    SparkSession session = spark.newSession();
    session.conf().set(DeltaSession.SNAPSHOT_PARTITIONS, "50");

    DeltaSession.tune(new SparkConf(false), session);

    assertEquals(
        String.valueOf(spark.sparkContext().defaultParallelism()),
        session.conf().get(DeltaSession.SNAPSHOT_PARTITIONS));
  }

  @Test
  void aValueTheUserGaveIsKept() {
    SparkSession session = spark.newSession();
    session.conf().set(DeltaSession.SNAPSHOT_PARTITIONS, "7");

    DeltaSession.tune(new SparkConf(false).set(DeltaSession.SNAPSHOT_PARTITIONS, "7"), session);

    assertEquals("7", session.conf().get(DeltaSession.SNAPSHOT_PARTITIONS));
  }
}
