package io.claimlens.schema;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * An output table declared once (SPEC §4): its folder name, its columns in published order with
 * their types, and the columns that order its rows within each file. The {@code as_of_date}
 * partition column is left out of {@code schema} and {@code sortKey}: every table has it, first.
 *
 * <p>Nullability is part of the declaration only where rows are built from it (run_manifest);
 * elsewhere Spark infers it from the computation, and Parquet read back makes every column
 * nullable.
 */
public record OutputTable(String name, StructType schema, List<String> sortKey) {

  public OutputTable {
    sortKey = List.copyOf(sortKey);
    for (String c : sortKey) {
      // fails when the class loads, not in the night's sort
      schema.fieldIndex(c);
    }
  }

  /** The as-of date, then the declared columns in order: the table's final projection. */
  public Column[] columns() {
    return withAsOfDate(Arrays.asList(schema.fieldNames()));
  }

  /**
   * The table's final projection of {@code rows}, in one select: the as-of date, then each declared
   * column, from {@code computed} where it names the column, else as {@code rows} has it.
   *
   * @throws IllegalArgumentException when {@code computed} names a column the table does not have
   */
  public Dataset<Row> project(Dataset<Row> rows, Map<String, Column> computed) {
    for (String name : computed.keySet()) {
      if (!List.of(schema.fieldNames()).contains(name)) {
        throw new IllegalArgumentException(name + " is not a column of " + this.name);
      }
    }
    List<Column> columns = new ArrayList<>();
    columns.add(col(OutputTables.AS_OF_DATE));
    for (String name : schema.fieldNames()) {
      Column c = computed.get(name);
      columns.add(c == null ? col(name) : c.as(name));
    }
    return rows.select(columns.toArray(Column[]::new));
  }

  /** The as-of date, then the sort key: the order of the rows within each written file. */
  public Column[] sortOrder() {
    return withAsOfDate(sortKey);
  }

  /** The declared fields named, in the order given, for a reader of a few of the columns. */
  public List<StructField> fields(String... names) {
    return Arrays.stream(names).map(schema::apply).toList();
  }

  /** Rows as staged: the as-of date first, which the writer turns into the partition. */
  public StructType staged() {
    StructType staged = new StructType().add(OutputTables.AS_OF_DATE, DataTypes.DateType, false);
    for (StructField f : schema.fields()) {
      staged = staged.add(f);
    }
    return staged;
  }

  private static Column[] withAsOfDate(List<String> names) {
    List<Column> columns = new ArrayList<>();
    columns.add(col(OutputTables.AS_OF_DATE));
    names.forEach(n -> columns.add(col(n)));
    return columns.toArray(Column[]::new);
  }
}
