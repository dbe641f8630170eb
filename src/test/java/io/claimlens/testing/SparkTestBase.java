package io.claimlens.testing;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Gives a test class the JVM's shared local session ({@link SharedSpark}) as {@code spark}, and
 * puts the session back as it started when the class is done.
 */
public abstract class SparkTestBase {
  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SharedSpark.session();
  }

  @AfterAll
  static void resetSpark() {
    SharedSpark.reset();
    spark = null;
  }
}
