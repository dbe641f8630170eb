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
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Order-insensitive comparison of a table with hand-written rows. spark-testing-base does the
 * comparison; on a mismatch the message lists both sides, sorted, so the difference is readable.
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
    SparkSession spark = actual.sparkSession();
    Dataset<Row> wanted = spark.createDataFrame(rows, selected.schema());
    try {
      STB.assertDataFrameNoOrderEquals(wanted, selected);
    } catch (AssertionError e) {
      fail(
          "rows differ in "
              + columns
              + "\nexpected:\n"
              + render(wanted)
              + "\nactual:\n"
              + render(selected));
    }
  }

  /**
   * {@code actual} holds exactly the rows of {@code expected}, in any order. Column nullability is
   * not compared: a count computed in the test and the same count read back from Parquet are equal
   * data even though Spark types one as non-nullable.
   */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    try {
      STB.assertDataFrameNoOrderEquals(nullable(expected), nullable(actual));
    } catch (AssertionError e) {
      fail("rows differ\nexpected:\n" + render(expected) + "\nactual:\n" + render(actual));
    }
  }

  private static Dataset<Row> nullable(Dataset<Row> rows) {
    StructType schema = rows.schema();
    StructField[] fields = new StructField[schema.fields().length];
    for (int i = 0; i < fields.length; i++) {
      StructField f = schema.fields()[i];
      fields[i] = new StructField(f.name(), f.dataType(), true, f.metadata());
    }
    return rows.sparkSession().createDataFrame(rows.javaRDD(), new StructType(fields));
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
