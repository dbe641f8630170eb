package io.claimlens.job;

import io.claimlens.config.ClaimlensException;
import io.claimlens.config.ExitCode;
import io.claimlens.io.OutputCatalog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark SQL over an output folder with no metastore ({@code scripts/query.sh}): every table folder
 * becomes a temporary view, {@code ${name}} placeholders are filled in, the result is printed.
 * {@code ${as_of}} defaults to the latest as-of date present.
 */
public final class QueryMain {
  /** The output root; {@code out/sample} (where scripts/run-local.sh writes) when not given. */
  public static final String OUTPUT = "--output";

  public static final String OUTPUT_DEFAULT = "out/sample";

  /** Fills {@code ${as_of}}; the latest as-of date under the output root when not given. */
  public static final String AS_OF = "--as-of";

  /** {@code NAME=VALUE} for a {@code ${NAME}} placeholder; repeatable. */
  public static final String PARAM = "--param";

  /** Rows printed at most. */
  public static final String MAX_ROWS = "--max-rows";

  public static final int MAX_ROWS_DEFAULT = 200;

  /** Reads the SQL from a file instead of the argument. */
  public static final String FILE = "-f";

  /** The placeholder of the as-of date. */
  public static final String AS_OF_PARAM = "as_of";

  public static final String USAGE =
      "usage: query.sh [--output DIR] [--as-of YYYY-MM-DD] [--param NAME=VALUE]... [--max-rows N]"
          + " (\"SQL\" | -f FILE.sql)";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private QueryMain() {}

  public static void main(String[] args) {
    EntryPoints.main(
        "claimlens-query",
        args,
        QueryMain::run,
        a -> EntryPoints.formatAt(() -> parse(a).output()));
  }

  /** Runs one query and prints its rows; returns 0, 2 for bad arguments, 1 for a failed query. */
  public static int run(
      String[] args, Supplier<SparkSession> session, PrintStream out, PrintStream err) {
    Request request;
    try {
      request = parse(args);
    } catch (ClaimlensException e) {
      err.println("claimlens: " + e.getMessage());
      return e.exitCode().code();
    }
    try {
      SparkSession spark = session.get();
      List<String> views = OutputCatalog.registerViews(spark, request.output());
      if (views.isEmpty()) {
        throw ClaimlensException.badArguments(
            "no output tables under "
                + request.output()
                + " (run the job first, or pass --output)");
      }
      Map<String, String> params = new LinkedHashMap<>(request.params());
      if (!params.containsKey(AS_OF_PARAM)) {
        OutputCatalog.latestAsOf(spark, views)
            .ifPresent(d -> params.put(AS_OF_PARAM, d.toString()));
      }
      String sql = sql(request.sql(), params);
      err.println(
          "claimlens: views over "
              + request.output()
              + ": "
              + String.join(", ", views)
              + "; as_of="
              + params.getOrDefault(AS_OF_PARAM, "none"));
      Dataset<Row> rows = spark.sql(sql);
      print(rows, request.maxRows(), out);
      return ExitCode.SUCCESS.code();
    } catch (ClaimlensException e) {
      err.println("claimlens: " + e.getMessage());
      return e.exitCode().code();
    } catch (Exception e) { // AnalysisException is a checked exception that Scala does not declare
      String message = e instanceof AnalysisException a ? a.getSimpleMessage() : e.getMessage();
      err.println("claimlens: query failed: " + message);
      return ExitCode.FAILURE.code();
    }
  }

  /**
   * The statement with every {@code ${name}} replaced by its value and one trailing ';' dropped; a
   * placeholder with no value is an error (exit 2) naming it.
   */
  public static String sql(String text, Map<String, String> params) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder filled = new StringBuilder();
    while (m.find()) {
      String value = params.get(m.group(1));
      if (value == null) {
        throw ClaimlensException.badArguments(
            "the query uses ${" + m.group(1) + "}: pass " + PARAM + " " + m.group(1) + "=VALUE");
      }
      m.appendReplacement(filled, Matcher.quoteReplacement(value));
    }
    m.appendTail(filled);
    return filled.toString().strip().replaceFirst(";$", "");
  }

  /** Prints at most {@code maxRows} rows as a table, in the layout of Spark's {@code show()}. */
  static void print(Dataset<Row> rows, int maxRows, PrintStream out) {
    String[] columns = rows.columns();
    // bounded: one row more than printed, to tell whether there are more
    List<Row> head = rows.limit(maxRows + 1).collectAsList();
    List<String[]> cells = new ArrayList<>();
    cells.add(columns);
    for (Row r : head.subList(0, Math.min(maxRows, head.size()))) {
      String[] values = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        values[i] = r.isNullAt(i) ? "NULL" : String.valueOf(cell(r.get(i)));
      }
      cells.add(values);
    }
    int[] widths = new int[columns.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    StringBuilder rule = new StringBuilder("+");
    for (int w : widths) {
      rule.append("-".repeat(w)).append('+');
    }
    out.println(rule);
    for (int n = 0; n < cells.size(); n++) {
      StringBuilder line = new StringBuilder("|");
      for (int i = 0; i < widths.length; i++) {
        line.append(String.format(Locale.ROOT, "%" + widths[i] + "s", cells.get(n)[i])).append('|');
      }
      out.println(line);
      if (n == 0) {
        out.println(rule);
      }
    }
    out.println(rule);
    out.println(
        head.size() > maxRows
            ? "only the first " + maxRows + " rows shown (" + MAX_ROWS + " N shows more)"
            : head.size() + (head.size() == 1 ? " row" : " rows"));
  }

  /** Arrays and structs the way SQL shows them: [a, b] and {a, b}. */
  private static Object cell(Object value) {
    if (value instanceof scala.collection.Seq<?> seq) {
      return scala.jdk.javaapi.CollectionConverters.asJava(seq).stream()
          .map(v -> v == null ? "NULL" : String.valueOf(cell(v)))
          .collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof Row struct) {
      List<String> fields = new ArrayList<>();
      for (int i = 0; i < struct.length(); i++) {
        fields.add(struct.isNullAt(i) ? "NULL" : String.valueOf(cell(struct.get(i))));
      }
      return String.join(", ", fields).transform(f -> "{" + f + "}");
    }
    return value;
  }

  private static Request parse(String[] args) {
    String output = OUTPUT_DEFAULT;
    String sql = null;
    int maxRows = MAX_ROWS_DEFAULT;
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-")) {
        sql = once(sql, arg);
        continue;
      }
      if (i + 1 >= args.length) {
        throw bad(arg + " needs a value");
      }
      String value = args[++i];
      switch (arg) {
        case OUTPUT -> output = value;
        case AS_OF -> params.put(AS_OF_PARAM, date(value).toString());
        case PARAM -> {
          int eq = value.indexOf('=');
          if (eq <= 0) {
            throw bad(PARAM + " takes NAME=VALUE, got '" + value + "'");
          }
          params.put(value.substring(0, eq), literalSafe(value.substring(eq + 1)));
        }
        case MAX_ROWS -> maxRows = positive(value);
        case FILE -> sql = once(sql, read(value));
        default -> throw bad("unknown argument '" + arg + "'");
      }
    }
    if (sql == null || sql.isBlank()) {
      throw bad("give a query, or -f FILE");
    }
    return new Request(output, sql, Map.copyOf(params), maxRows);
  }

  private static String once(String previous, String sql) {
    if (previous != null) {
      throw bad("give one query (a quoted argument or -f FILE)");
    }
    return sql;
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw bad("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static LocalDate date(String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw bad(AS_OF + " must be YYYY-MM-DD, got '" + value + "'");
    }
  }

  /** Values go into the SQL text as they are, so a quote or backslash could change the query. */
  private static String literalSafe(String value) {
    if (value.contains("'") || value.contains("\\")) {
      throw bad(PARAM + " values may not contain ' or \\, got '" + value + "'");
    }
    return value;
  }

  private static int positive(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(MAX_ROWS + " must be a positive number, got '" + value + "'");
  }

  private static ClaimlensException bad(String message) {
    return ClaimlensException.badArguments(message + "; " + USAGE);
  }

  private record Request(String output, String sql, Map<String, String> params, int maxRows) {}
}
