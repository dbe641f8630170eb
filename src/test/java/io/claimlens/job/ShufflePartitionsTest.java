package io.claimlens.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShufflePartitionsTest {
  private static final long MB = 1L << 20;

  /** The count for {@code bytes} of input at {@code dates} dates, at least {@code atLeast}. */
  private static int count(long bytes, int dates, int atLeast) {
    return ShufflePartitions.count(new InputScale(bytes, dates, 0), atLeast);
  }

  @Test
  void smallInputsGetOnePartitionPerCore() {
    assertEquals(2, count(0, 1, 2));
    assertEquals(2, count(MB, 1, 2));
    assertEquals(8, count(100 * MB, 1, 8));
  }

  @Test
  void aSmallInputsFloorOfOneGivesItOnePartition() {
    // the committed sample, a night and an eight-date backfill
    assertEquals(1, count(421_777, 1, 1));
    assertEquals(1, count(421_777, 8, 1));
    // a floor, not a cap
    assertEquals(3, count(128 * MB + 1, 1, 1));
  }

  @Test
  void largeInputsGetOnePartitionPerSixtyFourMegabytes() {
    assertEquals(2, count(128 * MB, 1, 2));
    assertEquals(3, count(128 * MB + 1, 1, 2));
    // 20,000,000 generated orders are about 2.1 GB of Parquet
    assertEquals(34, count(2150 * MB, 1, 2));
  }

  @Test
  void aBackfillGetsAPartitionPerSixtyFourMegabytesForEachFourDates() {
    // up to four dates, a night's count
    assertEquals(34, count(2150 * MB, 4, 2));
    assertEquals(2, count(MB, 366, 2));
    assertEquals(8, count(64 * MB, 32, 2));
    assertEquals(9, count(64 * MB + 1, 32, 2));
    // 1,000,000 generated orders are 101 MB of Parquet, 30 dates 3,025 MB: 12 partitions
    assertEquals(12, count(105_727_726, 30, 2));
    assertEquals(252, count(2150 * MB, 30, 2));
  }

  @Test
  void theCountIsBounded() {
    assertEquals(100_000, count(Long.MAX_VALUE / 2, 1, 2));
    assertEquals(100_000, count(Long.MAX_VALUE / 2, 366, 2));
  }
}
