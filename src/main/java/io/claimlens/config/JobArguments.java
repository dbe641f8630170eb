package io.claimlens.config;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Parses the command line of SPEC §5 into a {@link JobConfig}. */
public final class JobArguments {
  public static final String INPUT = "--input";
  public static final String OUTPUT = "--output";
  public static final String AS_OF = "--as-of";

  /** First as-of date of a backfill; with {@link #TO}, instead of {@link #AS_OF}. */
  public static final String FROM = "--from";

  /** Last as-of date of a backfill, included. */
  public static final String TO = "--to";

  public static final String POLICY = "--policy";
  public static final String MARKETPLACES = "--marketplaces";

  /** Registers the published tables in the Spark catalog; its value, the database, is optional. */
  public static final String REGISTER_TABLES = "--register-tables";

  /** How the tables are stored: {@code parquet} (the default) or {@code delta}. */
  public static final String TABLE_FORMAT = "--table-format";

  public static final TableFormat TABLE_FORMAT_DEFAULT = TableFormat.PARQUET;

  /** The database of {@link #REGISTER_TABLES} when none is named. */
  public static final String REGISTER_TABLES_DEFAULT = "claimlens";

  private static final List<String> KNOWN =
      List.of(INPUT, OUTPUT, AS_OF, FROM, TO, POLICY, MARKETPLACES, REGISTER_TABLES, TABLE_FORMAT);

  /** One line a user sees with any argument error. */
  public static final String USAGE =
      "usage: claimlens --input URI --output URI (--as-of YYYY-MM-DD | --from YYYY-MM-DD --to"
          + " YYYY-MM-DD) [--policy FILE] [--marketplaces ID,...]"
          + " [--register-tables [DATABASE]] [--table-format parquet|delta]";

  private JobArguments() {}

  /** The config the arguments ask for; a {@link ClaimlensException} (exit 2) when they are bad. */
  public static JobConfig parse(String... args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      String value = null;
      int eq = name.indexOf('=');
      if (name.startsWith("--") && eq > 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!KNOWN.contains(name)) {
        throw bad("unknown argument '" + args[i] + "'");
      }
      if (value == null) {
        boolean noValue = i + 1 >= args.length || args[i + 1].startsWith("--");
        if (noValue && name.equals(REGISTER_TABLES)) {
          value = REGISTER_TABLES_DEFAULT;
        } else if (noValue) {
          throw bad(name + " needs a value");
        } else {
          value = args[++i];
        }
      }
      if (values.put(name, value) != null) {
        throw bad(name + " is given twice");
      }
    }
    return new JobConfig(
        required(values, INPUT),
        required(values, OUTPUT),
        asOfDates(values),
        Optional.ofNullable(values.get(POLICY)),
        marketplaces(values.get(MARKETPLACES)),
        Optional.ofNullable(values.get(REGISTER_TABLES)).map(JobArguments::database),
        Optional.ofNullable(values.get(TABLE_FORMAT))
            .map(JobArguments::tableFormat)
            .orElse(TABLE_FORMAT_DEFAULT));
  }

  private static String database(String value) {
    if (!value.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw bad(
          REGISTER_TABLES
              + " takes a database name of letters, digits and '_', got '"
              + value
              + "'");
    }
    return value;
  }

  private static TableFormat tableFormat(String value) {
    return TableFormat.of(value)
        .orElseThrow(() -> bad(TABLE_FORMAT + " must be parquet or delta, got '" + value + "'"));
  }

  private static String required(Map<String, String> values, String name) {
    String value = values.get(name);
    if (value == null || value.isBlank()) {
      throw bad(name + " is required");
    }
    return value;
  }

  /** --as-of D, or --from D1 --to D2: one of the two forms, never both. */
  private static AsOfDates asOfDates(Map<String, String> values) {
    boolean range = values.containsKey(FROM) || values.containsKey(TO);
    if (range && values.containsKey(AS_OF)) {
      throw bad(AS_OF + " and " + FROM + "/" + TO + " cannot be combined");
    }
    if (!range) {
      return AsOfDates.of(date(AS_OF, required(values, AS_OF)));
    }
    LocalDate from = date(FROM, required(values, FROM));
    LocalDate to = date(TO, required(values, TO));
    if (to.isBefore(from)) {
      throw bad(TO + " " + to + " is before " + FROM + " " + from);
    }
    AsOfDates dates = new AsOfDates(from, to);
    if (dates.size() > AsOfDates.MAX_DAYS) {
      throw bad(
          FROM
              + " "
              + from
              + " "
              + TO
              + " "
              + to
              + " spans "
              + dates.size()
              + " dates; one run backfills at most "
              + AsOfDates.MAX_DAYS);
    }
    return dates;
  }

  private static LocalDate date(String name, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw bad(name + " must be YYYY-MM-DD, got '" + value + "'");
    }
  }

  private static Set<String> marketplaces(String value) {
    if (value == null) {
      return Set.of();
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String id : Arrays.asList(value.split(","))) {
      if (id.isBlank()) {
        throw bad(MARKETPLACES + " must be a comma-separated list of ids, got '" + value + "'");
      }
      ids.add(id.trim());
    }
    return ids;
  }

  private static ClaimlensException bad(String message) {
    return ClaimlensException.badArguments(message + "; " + USAGE);
  }
}
