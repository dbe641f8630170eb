package io.claimlens.testing;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One local SparkSession per test class, sized for a 2-core machine: local[2], two shuffle
 * partitions, no UI, loopback only. The session time zone is deliberately not UTC, so that a result
 * that leaked the session zone into a day boundary would show.
 */
public abstract class SparkTestBase {
  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("claimlens-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.session.timeZone", "Pacific/Auckland")
            .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
    spark = null;
  }
}
