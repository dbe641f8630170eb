package io.claimlens.testing;

import static io.claimlens.testing.RowAssertions.assertRows;
import static io.claimlens.testing.RowAssertions.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The row comparison every table test relies on really fails on a difference. */
class RowAssertionsTest extends SparkTestBase {

  @Test
  void equalRowsInAnyOrderPass() {
    Dataset<Row> t = spark.sql("select * from values ('a', 1L), ('b', 2L) as t(k, v)");
    assertRows(t, List.of("k", "v"), new Object[] {"b", 2L}, new Object[] {"a", 1L});
  }

  @Test
  void aDifferentValueAMissingRowOrAnExtraRowFailsWithBothSidesShown() {
    Dataset<Row> t = spark.sql("select * from values ('a', 1L), ('b', 2L) as t(k, v)");
    AssertionFailedError changed =
        assertThrows(
            AssertionFailedError.class,
            () -> assertRows(t, List.of("k", "v"), new Object[] {"a", 1L}, new Object[] {"b", 3L}));
    assertTrue(
        changed.getMessage().contains("[b, 3]") && changed.getMessage().contains("[b, 2]"),
        changed.getMessage());
    assertThrows(
        AssertionFailedError.class, () -> assertRows(t, List.of("k", "v"), new Object[] {"a", 1L}));
    assertThrows(
        AssertionFailedError.class,
        () ->
            assertRows(
                t,
                List.of("k", "v"),
                new Object[] {"a", 1L},
                new Object[] {"b", 2L},
                new Object[] {"b", 2L}));
  }

  @Test
  void tablesEqualInRowsButNotInNullabilityPassAndAMissingCopyFails() {
    // a literal column is non-nullable; the same values from a nullable column are equal data
    Dataset<Row> computed = spark.sql("select 'a' as k, 1L as v union all select 'b', 2L");
    Dataset<Row> read = spark.sql("select * from values ('b', 2L), ('a', 1L) as t(k, v)");
    assertSameRows(computed, read);

    Dataset<Row> twice = computed.union(computed.filter("k = 'a'"));
    AssertionFailedError missing =
        assertThrows(AssertionFailedError.class, () -> assertSameRows(twice, read));
    assertTrue(missing.getMessage().contains("[a, 1]\n  [a, 1]"), missing.getMessage());
  }
}
