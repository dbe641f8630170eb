package io.claimlens.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.io.SideBySide;
import io.claimlens.job.InputScale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.internal.SQLConf;
import org.junit.jupiter.api.Test;

/** What one test class leaves in the shared session is gone before the next class starts. */
class SharedSparkTest extends SparkTestBase {
  @Test
  void resetDropsViewsCachesAndChangedSettingsButKeepsTheSession() {
    String zone = spark.conf().get("spark.sql.session.timeZone");
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    spark.conf().set("claimlens.test.left-behind", "yes");
    spark.conf().unset(SQLConf.SHUFFLE_PARTITIONS().key());
    Dataset<Row> cached = spark.range(3).toDF().cache();
    cached.count();
    cached.createOrReplaceTempView("left_behind");
    spark.sparkContext().setJobDescription("left behind");

    SharedSpark.reset();

    assertSame(spark, SharedSpark.session(), "the same session goes on");
    assertEquals(zone, spark.conf().get("spark.sql.session.timeZone"));
    assertEquals("2", spark.conf().get(SQLConf.SHUFFLE_PARTITIONS().key()));
    assertTrue(spark.conf().getOption("claimlens.test.left-behind").isEmpty(), "a new setting");
    assertFalse(spark.catalog().tableExists("left_behind"), "temporary view");
    assertTrue(spark.sparkContext().getPersistentRDDs().isEmpty(), "cached data");
    assertEquals(null, spark.sparkContext().getLocalProperty(SideBySide.JOB_DESCRIPTION));
  }

  @Test
  void smallInputSettingsLastUntilTheClassIsDone() {
    String wholeStage = spark.conf().get(InputScale.WHOLE_STAGE);
    String factoryMode = spark.conf().get(InputScale.FACTORY_MODE);
    String adaptive = spark.conf().get(InputScale.ADAPTIVE);
    SharedSpark.runAsSmallInput();
    assertEquals("NO_CODEGEN", spark.conf().get(InputScale.FACTORY_MODE));
    assertEquals("false", spark.conf().get(InputScale.ADAPTIVE));
    Dataset<Row> doubled = spark.range(3).selectExpr("id * 2 as twice");
    assertFalse(
        doubled.queryExecution().executedPlan().toString().contains("*("),
        "no whole-stage code: " + doubled.queryExecution().executedPlan());
    assertEquals(4L, doubled.collectAsList().get(2).getLong(0));

    SharedSpark.reset();

    assertEquals(wholeStage, spark.conf().get(InputScale.WHOLE_STAGE));
    assertEquals(factoryMode, spark.conf().get(InputScale.FACTORY_MODE));
    assertEquals(adaptive, spark.conf().get(InputScale.ADAPTIVE));
  }
}
