package io.claimlens.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.testing.SparkTestBase;
import org.apache.spark.network.util.JavaUtils;
import org.junit.jupiter.api.Test;

class CodeGenerationTest extends SparkTestBase {
  private static final long MIN =
      JavaUtils.byteStringAsBytes(CodeGeneration.MIN_INPUT_BYTES_DEFAULT);

  @Test
  void theDefaultIsSixteenMegabytes() {
    assertEquals(16L << 20, MIN);
  }

  @Test
  void inputsFromTheMinimumUpCompile() {
    assertFalse(CodeGeneration.compiles(0, MIN));
    // the committed sample
    assertFalse(CodeGeneration.compiles(454_545, MIN));
    assertFalse(CodeGeneration.compiles(MIN - 1, MIN));
    assertTrue(CodeGeneration.compiles(MIN, MIN));
    // 1,000,000 generated orders
    assertTrue(CodeGeneration.compiles(105_760_978, MIN));
  }

  @Test
  void aMinimumOfZeroAlwaysCompiles() {
    assertTrue(CodeGeneration.compiles(0, 0));
  }

  @Test
  void aRunsChoiceLastsUntilItClosesAndTheSessionsOwnSettingsComeBack() {
    spark.conf().set(CodeGeneration.WHOLE_STAGE, "true");
    boolean filtersSet = spark.conf().getAll().contains(RunSettings.RUNTIME_BLOOM_FILTER);
    boolean mapSet = spark.conf().getAll().contains(RunSettings.TWO_LEVEL_AGGREGATE_MAP);
    try (RunSettings small = RunSettings.open(spark)) {
      CodeGeneration.chooseFor(spark, small, 454_545);
      assertEquals("false", spark.conf().get(CodeGeneration.WHOLE_STAGE));
      assertEquals("NO_CODEGEN", spark.conf().get(CodeGeneration.FACTORY_MODE));
      assertEquals("false", spark.conf().get(RunSettings.RUNTIME_BLOOM_FILTER));
      assertEquals("false", spark.conf().get(RunSettings.TWO_LEVEL_AGGREGATE_MAP));
    }
    assertEquals("true", spark.conf().get(CodeGeneration.WHOLE_STAGE));
    assertFalse(spark.conf().getAll().contains(CodeGeneration.FACTORY_MODE));
    assertEquals(filtersSet, spark.conf().getAll().contains(RunSettings.RUNTIME_BLOOM_FILTER));
    assertEquals(mapSet, spark.conf().getAll().contains(RunSettings.TWO_LEVEL_AGGREGATE_MAP));

    try (RunSettings large = RunSettings.open(spark)) {
      CodeGeneration.chooseFor(spark, large, 105_760_978);
      assertEquals("true", spark.conf().get(CodeGeneration.WHOLE_STAGE));
      assertEquals("FALLBACK", spark.conf().get(CodeGeneration.FACTORY_MODE));
    }
  }
}
