package io.claimlens.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Order-insensitive comparison of a table with hand-written rows or with another table.
 * spark-testing-base does the comparison; on a mismatch the message lists both sides, sorted, so
 * the difference is readable.
 *
 * <p>Each side is computed once and handed to the comparison as local rows (test tables are small):
 * spark-testing-base reads a side three times (two counts, then its grouped comparison), and a
 * table under test here is often a whole job's lineage, which it computed again each time.
 */
public final class RowAssertions {
  private static final JavaDataFrameSuiteBase STB = new JavaDataFrameSuiteBase();

  private RowAssertions() {}

  /** {@code actual}'s {@code columns} hold exactly {@code expected} (one Object[] per row). */
  public static void assertRows(Dataset<Row> actual, List<String> columns, Object[]... expected) {
    Dataset<Row> selected =
        actual.select(columns.stream().map(functions::col).toArray(Column[]::new));
    List<Row> rows = new ArrayList<>();
    for (Object[] values : expected) {
      rows.add(RowFactory.create(values));
    }
    compare(
        "rows differ in " + columns,
        actual.sparkSession().createDataFrame(rows, selected.schema()),
        local(selected, selected.schema()));
  }

  /**
   * {@code actual} holds exactly the rows of {@code expected}, in any order. Column nullability is
   * not compared: a count computed in the test and the same count read back from Parquet are equal
   * data even though Spark types one as non-nullable.
   */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    compare("rows differ", local(expected, nullable(expected)), local(actual, nullable(actual)));
  }

  private static void compare(String what, Dataset<Row> expected, Dataset<Row> actual) {
    try {
      STB.assertDataFrameNoOrderEquals(expected, actual);
    } catch (AssertionError e) {
      fail(what + "\nexpected:\n" + render(expected) + "\nactual:\n" + render(actual));
    }
  }

  /** {@code rows}, computed now, as a local relation of {@code schema}. */
  private static Dataset<Row> local(Dataset<Row> rows, StructType schema) {
    return rows.sparkSession().createDataFrame(rows.collectAsList(), schema);
  }

  private static StructType nullable(Dataset<Row> rows) {
    StructType schema = rows.schema();
    StructField[] fields = new StructField[schema.fields().length];
    for (int i = 0; i < fields.length; i++) {
      StructField f = schema.fields()[i];
      fields[i] = new StructField(f.name(), f.dataType(), true, f.metadata());
    }
    return new StructType(fields);
  }

  private static String render(Dataset<Row> rows) {
    return rows.collectAsList().stream()
        .map(r -> "  " + Arrays.toString(rowValues(r)))
        .sorted()
        .collect(Collectors.joining("\n"));
  }

  private static Object[] rowValues(Row r) {
    Object[] values = new Object[r.length()];
    for (int i = 0; i < r.length(); i++) {
      values[i] = r.get(i);
    }
    return values;
  }
}
