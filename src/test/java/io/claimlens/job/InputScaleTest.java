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
    assertFalse(night(0).isLarge());
    // the committed sample
    assertFalse(night(454_545).isLarge());
    assertFalse(night(MIN - 1).isLarge());
    assertTrue(night(MIN).isLarge());
    // 1,000,000 generated orders
    assertTrue(night(105_760_978).isLarge());
  }

  @Test
  void aBackfillsInputCountsOncePerDate() {
    // the committed sample in a backfill of 36 dates is still small, of 37 large
    assertFalse(new InputScale(454_545, 36, MIN).isLarge());
    assertTrue(new InputScale(454_545, 37, MIN).isLarge());
    assertEquals(454_545L * 37, new InputScale(454_545, 37, MIN).bytesTimesDates());
    // the product saturates instead of wrapping round to a small input
    assertEquals(Long.MAX_VALUE, new InputScale(Long.MAX_VALUE / 2, 3, MIN).bytesTimesDates());
    assertTrue(new InputScale(Long.MAX_VALUE / 2, 3, MIN).isLarge());
  }

  @Test
  void aMinimumOfZeroTakesEveryInputAsLarge() {
    assertTrue(new InputScale(0, 1, 0).isLarge());
  }

  @Test
  void theSessionSetsTheMinimum() {
    spark.conf().set(InputScale.MIN_LARGE_INPUT_BYTES, "1k");
    try {
      assertEquals(1024, InputScale.of(spark, 454_545, 1).minLargeInputBytes());
    } finally {
      spark.conf().unset(InputScale.MIN_LARGE_INPUT_BYTES);
    }
    assertEquals(MIN, InputScale.of(spark, 454_545, 1).minLargeInputBytes());
  }

  @Test
  void aRunsChoiceLastsUntilItClosesAndTheSessionsOwnSettingsComeBack() {
    spark.conf().set(InputScale.WHOLE_STAGE, "true");
    spark.conf().set(InputScale.ADAPTIVE, "true");
    spark.conf().set(ShufflePartitions.SETTING, "7");
    boolean filtersSet = spark.conf().getAll().contains(RunSettings.RUNTIME_BLOOM_FILTER);
    boolean mapSet = spark.conf().getAll().contains(RunSettings.TWO_LEVEL_AGGREGATE_MAP);
    try (RunSettings small = RunSettings.open(spark)) {
      InputScale sample = night(454_545);
      ShufflePartitions.chooseFor(spark, small, sample);
      sample.chooseFor(small);
      assertEquals("false", spark.conf().get(InputScale.WHOLE_STAGE));
      assertEquals("NO_CODEGEN", spark.conf().get(InputScale.FACTORY_MODE));
      assertEquals("false", spark.conf().get(InputScale.ADAPTIVE));
      assertEquals("1", spark.conf().get(ShufflePartitions.SETTING));
      assertEquals("false", spark.conf().get(RunSettings.RUNTIME_BLOOM_FILTER));
      assertEquals("false", spark.conf().get(RunSettings.TWO_LEVEL_AGGREGATE_MAP));
    }
    assertEquals("true", spark.conf().get(InputScale.WHOLE_STAGE));
    assertFalse(spark.conf().getAll().contains(InputScale.FACTORY_MODE));
    assertEquals("true", spark.conf().get(InputScale.ADAPTIVE));
    assertEquals("7", spark.conf().get(ShufflePartitions.SETTING));
    assertEquals(filtersSet, spark.conf().getAll().contains(RunSettings.RUNTIME_BLOOM_FILTER));
    assertEquals(mapSet, spark.conf().getAll().contains(RunSettings.TWO_LEVEL_AGGREGATE_MAP));

    try (RunSettings large = RunSettings.open(spark)) {
      InputScale millionOrders = night(105_760_978);
      ShufflePartitions.chooseFor(spark, large, millionOrders);
      millionOrders.chooseFor(large);
      assertEquals("true", spark.conf().get(InputScale.WHOLE_STAGE));
      assertEquals("FALLBACK", spark.conf().get(InputScale.FACTORY_MODE));
      assertEquals("true", spark.conf().get(InputScale.ADAPTIVE));
      // two partitions of 64 MB for the input's 101 MB, as many as the session's parallelism
      assertEquals("2", spark.conf().get(ShufflePartitions.SETTING));
    }
    assertEquals("7", spark.conf().get(ShufflePartitions.SETTING));
  }

  /** {@code bytes} of input judged at one date, by the default minimum. */
  private static InputScale night(long bytes) {
    return new InputScale(bytes, 1, MIN);
  }
}
