package io.claimlens.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShufflePartitionsTest {
  private static final long MB = 1L << 20;

  @Test
  void smallInputsGetOnePartitionPerCore() {
    assertEquals(2, ShufflePartitions.count(0, 2));
    assertEquals(2, ShufflePartitions.count(MB, 2));
    assertEquals(8, ShufflePartitions.count(100 * MB, 8));
  }

  @Test
  void largeInputsGetOnePartitionPerSixtyFourMegabytes() {
    assertEquals(2, ShufflePartitions.count(128 * MB, 2));
    assertEquals(3, ShufflePartitions.count(128 * MB + 1, 2));
    // 20,000,000 generated orders are about 2.1 GB of Parquet
    assertEquals(34, ShufflePartitions.count(2150 * MB, 2));
  }

  @Test
  void theCountIsBounded() {
    assertEquals(100_000, ShufflePartitions.count(Long.MAX_VALUE / 2, 2));
  }
}
