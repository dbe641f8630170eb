package io.claimlens.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.testing.SparkTestBase;
import org.apache.spark.network.util.JavaUtils;
import org.junit.jupiter.api.Test;

class InputScaleTest extends SparkTestBase {
  private static final long MIN =
      JavaUtils.byteStringAsBytes(InputScale.MIN_LARGE_INPUT_BYTES_DEFAULT);

  @Test
  void theDefaultIsSixteenMegabytes() {
    assertEquals(16L << 20, MIN);
  }

  @Test
  void inputsFromTheMinimumUpAreLarge() {
    assertFalse(InputScale.isLarge(0, MIN));
    // the committed sample
    assertFalse(InputScale.isLarge(454_545, MIN));
    assertFalse(InputScale.isLarge(MIN - 1, MIN));
    assertTrue(InputScale.isLarge(MIN, MIN));
    // 1,000,000 generated orders
    assertTrue(InputScale.isLarge(105_760_978, MIN));
  }

  @Test
  void aMinimumOfZeroTakesEveryInputAsLarge() {
    assertTrue(InputScale.isLarge(0, 0));
  }

  @Test
  void aRunsChoiceLastsUntilItClosesAndTheSessionsOwnSettingsComeBack() {
    spark.conf().set(InputScale.WHOLE_STAGE, "true");
    spark.conf().set(InputScale.ADAPTIVE, "true");
    boolean filtersSet = spark.conf().getAll().contains(RunSettings.RUNTIME_BLOOM_FILTER);
    boolean mapSet = spark.conf().getAll().contains(RunSettings.TWO_LEVEL_AGGREGATE_MAP);
    try (RunSettings small = RunSettings.open(spark)) {
      InputScale.chooseFor(spark, small, 454_545);
      assertEquals("false", spark.conf().get(InputScale.WHOLE_STAGE));
      assertEquals("NO_CODEGEN", spark.conf().get(InputScale.FACTORY_MODE));
      assertEquals("false", spark.conf().get(InputScale.ADAPTIVE));
      assertEquals("false", spark.conf().get(RunSettings.RUNTIME_BLOOM_FILTER));
      assertEquals("false", spark.conf().get(RunSettings.TWO_LEVEL_AGGREGATE_MAP));
    }
    assertEquals("true", spark.conf().get(InputScale.WHOLE_STAGE));
    assertFalse(spark.conf().getAll().contains(InputScale.FACTORY_MODE));
    assertEquals("true", spark.conf().get(InputScale.ADAPTIVE));
    assertEquals(filtersSet, spark.conf().getAll().contains(RunSettings.RUNTIME_BLOOM_FILTER));
    assertEquals(mapSet, spark.conf().getAll().contains(RunSettings.TWO_LEVEL_AGGREGATE_MAP));

    try (RunSettings large = RunSettings.open(spark)) {
      InputScale.chooseFor(spark, large, 105_760_978);
      assertEquals("true", spark.conf().get(InputScale.WHOLE_STAGE));
      assertEquals("FALLBACK", spark.conf().get(InputScale.FACTORY_MODE));
      assertEquals("true", spark.conf().get(InputScale.ADAPTIVE));
    }
  }
}
