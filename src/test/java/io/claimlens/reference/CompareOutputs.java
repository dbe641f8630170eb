package io.claimlens.reference;

import static io.claimlens.reference.DuckDbReference.quoted;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Compares two output roots table by table, row by row: claimlens's and the DuckDB reference's
 * (docs/benchmarks.md). Each table is read from its Hive-partitioned Parquet on both sides, joined
 * on its key (as_of_date included), and every column compared: doubles within a relative {@value
 * #RELATIVE_TOLERANCE}, timestamps as instants, everything else exactly (lists and structs too).
 * Prints one line per table, {@code table: N rows claimlens, M rows reference, K differ}, then up
 * to {@value #SHOWN} differing rows; exits 1 when anything differs.
 *
 * <pre>
 * CompareOutputs --claimlens DIR --reference DIR
 * </pre>
 */
public final class CompareOutputs {
  /**
   * How far two doubles may be apart, relative to the larger: the same formula in another order.
   */
  static final double RELATIVE_TOLERANCE = 1e-9;

  /**
   * Below this, two doubles are equal whatever their ratio: a Wilson bound of 0 of n is 0 computed
   * one way and 1e-18 another, before clamping.
   */
  static final double ABSOLUTE_TOLERANCE = 1e-15;

  /** Differing rows printed per table. */
  static final int SHOWN = 10;

  /** Each compared table and the columns that identify a row in it. */
  static final Map<String, List<String>> KEYS = new LinkedHashMap<>();

  static {
    KEYS.put("seller_metrics", List.of("marketplace_id", "seller_id", "metric", "channel"));
    KEYS.put("sku_metrics", List.of("marketplace_id", "seller_id", "sku"));
    KEYS.put("claim_attribution", List.of("marketplace_id", "claim_id"));
    KEYS.put("claims_awaiting_response", List.of("marketplace_id", "claim_id"));
    KEYS.put("seller_risk", List.of("marketplace_id", "seller_id"));
  }

  private CompareOutputs() {}

  /** Compares the two roots; exit status 1 when any table differs. */
  public static void main(String[] args) throws SQLException {
    Path claimlens = null;
    Path reference = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--claimlens" -> claimlens = Path.of(args[i + 1]);
        case "--reference" -> reference = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
      }
    }
    if (claimlens == null || reference == null) {
      throw new IllegalArgumentException("usage: CompareOutputs --claimlens DIR --reference DIR");
    }
    System.exit(matches(claimlens, reference, System.out) ? 0 : 1);
  }

  /**
   * Whether every table of the two roots holds the same rows; prints the per-table summary and the
   * differing rows to {@code out}.
   */
  public static boolean matches(Path claimlens, Path reference, PrintStream out)
      throws SQLException {
    boolean same = true;
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SET threads = " + DuckDbReference.THREADS);
      statement.execute("SET TimeZone = 'UTC'");
      for (Map.Entry<String, List<String>> table : KEYS.entrySet()) {
        same &= compare(statement, table.getKey(), table.getValue(), claimlens, reference, out);
      }
    }
    out.println(same ? "comparison: every row matches" : "comparison: TABLES DIFFER");
    return same;
  }

  private static boolean compare(
      Statement statement,
      String table,
      List<String> key,
      Path claimlens,
      Path reference,
      PrintStream out)
      throws SQLException {
    statement.execute(view("c_" + table, claimlens, table));
    statement.execute(view("r_" + table, reference, table));
    Map<String, String> claimlensColumns = columns(statement, "c_" + table);
    Map<String, String> referenceColumns = columns(statement, "r_" + table);
    List<String> keyColumns = new ArrayList<>(List.of("as_of_date"));
    keyColumns.addAll(key);

    List<String> problems = new ArrayList<>();
    List<String> compared = new ArrayList<>();
    for (String column : claimlensColumns.keySet()) {
      if (!referenceColumns.containsKey(column)) {
        problems.add("column " + column + " only in claimlens");
      } else if (!keyColumns.contains(column)) {
        compared.add(column);
      }
    }
    for (String column : referenceColumns.keySet()) {
      if (!claimlensColumns.containsKey(column)) {
        problems.add("column " + column + " only in the reference");
      }
    }

    long claimlensRows = count(statement, "SELECT count(*) FROM c_" + table);
    long referenceRows = count(statement, "SELECT count(*) FROM r_" + table);
    String keyList = String.join(", ", keyColumns);
    for (String side : List.of("c_", "r_")) {
      long repeated =
          count(
              statement,
              "SELECT count(*) - count(DISTINCT (" + keyList + ")) FROM " + side + table);
      if (repeated > 0) {
        problems.add(
            repeated + " repeated keys in " + (side.equals("c_") ? "claimlens" : "the reference"));
      }
    }

    statement.execute(diffTable(table, keyColumns, compared, claimlensColumns));
    long differing = count(statement, "SELECT count(*) FROM diff_" + table);
    out.printf(
        "%s: %d rows claimlens, %d rows reference, %d differ%n",
        table, claimlensRows, referenceRows, differing);
    for (String problem : problems) {
      out.println("  " + problem);
    }
    try (ResultSet rows =
        statement.executeQuery(
            "SELECT row_key, difference FROM diff_" + table + " ORDER BY row_key LIMIT " + SHOWN)) {
      while (rows.next()) {
        out.println("  " + rows.getString(1) + ": " + rows.getString(2));
      }
    }
    return differing == 0 && problems.isEmpty();
  }

  /** The rows of one side's table, its partition column included. */
  private static String view(String name, Path root, String table) {
    String files = root.resolve(table).resolve("as_of_date=*").resolve("*.parquet").toString();
    return "CREATE VIEW "
        + name
        + " AS SELECT * FROM read_parquet("
        + quoted(files)
        + ", hive_partitioning = true, hive_types = {'as_of_date': DATE})";
  }

  /**
   * The differing rows: a readable key, and what differs (a missing row, or each differing column
   * with both values).
   */
  private static String diffTable(
      String table, List<String> keyColumns, List<String> compared, Map<String, String> types) {
    String joinCondition =
        keyColumns.stream().map(k -> "c." + k + " = r." + k).collect(Collectors.joining(" AND "));
    String rowKey =
        keyColumns.stream()
            .map(k -> "coalesce(c." + k + ", r." + k + ")::VARCHAR")
            .collect(Collectors.joining(" || ' ' || "));
    List<String> differences = new ArrayList<>();
    differences.add("CASE WHEN r.as_of_date IS NULL THEN 'only in claimlens' END");
    differences.add("CASE WHEN c.as_of_date IS NULL THEN 'only in the reference' END");
    for (String column : compared) {
      differences.add(
          "CASE WHEN c.as_of_date IS NOT NULL AND r.as_of_date IS NOT NULL AND "
              + differs("c." + column, "r." + column, types.get(column))
              + " THEN '"
              + column
              + ": claimlens ' || coalesce(c."
              + column
              + "::VARCHAR, 'null') || ', reference ' || coalesce(r."
              + column
              + "::VARCHAR, 'null') END");
    }
    return "CREATE TABLE diff_"
        + table
        + " AS SELECT * FROM (SELECT "
        + rowKey
        + " AS row_key, concat_ws('; ', "
        + String.join(", ", differences)
        + ") AS difference FROM c_"
        + table
        + " c FULL JOIN r_"
        + table
        + " r ON "
        + joinCondition
        + ") WHERE difference <> ''";
  }

  /** Whether two values of a column differ, by the column's type. */
  private static String differs(String a, String b, String type) {
    if (type.equals("DOUBLE") || type.equals("FLOAT")) {
      return "NOT coalesce("
          + a
          + " IS NOT DISTINCT FROM "
          + b
          + " OR abs("
          + a
          + " - "
          + b
          + ") <= greatest("
          + ABSOLUTE_TOLERANCE
          + ", "
          + RELATIVE_TOLERANCE
          + " * greatest(abs("
          + a
          + "), abs("
          + b
          + "))), false)";
    }
    if (type.startsWith("TIMESTAMP")) {
      // Spark writes INT96 (read as TIMESTAMP), DuckDB instants (TIMESTAMP WITH TIME ZONE);
      // with the session in UTC both cast to the same UTC wall time
      return a + "::TIMESTAMP IS DISTINCT FROM " + b + "::TIMESTAMP";
    }
    return a + " IS DISTINCT FROM " + b;
  }

  private static Map<String, String> columns(Statement statement, String view) throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    try (ResultSet rows = statement.executeQuery("DESCRIBE " + view)) {
      while (rows.next()) {
        columns.put(rows.getString("column_name"), rows.getString("column_type"));
      }
    }
    return columns;
  }

  private static long count(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
