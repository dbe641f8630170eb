package io.claimlens.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line of SPEC §5. */
class JobArgumentsTest {

  @Test
  void parsesEveryOptionInEitherForm() {
    JobConfig c =
        JobArguments.parse(
            "--input",
            "s3a://lake/in",
            "--output=out",
            "--as-of",
            "2026-06-30",
            "--policy",
            "p.json",
            "--marketplaces",
            "A1,B2",
            "--register-tables=analytics",
            "--table-format",
            "delta");
    assertEquals(
        new JobConfig(
            "s3a://lake/in",
            "out",
            AsOfDates.of(LocalDate.parse("2026-06-30")),
            Optional.of("p.json"),
            Set.of("A1", "B2"),
            Optional.of("analytics"),
            TableFormat.DELTA),
        c);
    assertTrue(c.covers("A1"));
    assertTrue(
        JobArguments.parse("--input", "i", "--output", "o", "--as-of", "2026-06-30").covers("ANY"));
  }

  @Test
  void fromAndToAskForEveryDateOfTheRangeInOneRun() {
    JobConfig c =
        JobArguments.parse(
            "--input", "i", "--output", "o", "--from", "2026-06-21", "--to=2026-06-30");
    assertEquals(
        new AsOfDates(LocalDate.parse("2026-06-21"), LocalDate.parse("2026-06-30")), c.asOf());
    assertEquals(10, c.asOf().dates().size());
    assertEquals(LocalDate.parse("2026-06-25"), c.asOf().dates().get(4));
    assertEquals(
        AsOfDates.of(LocalDate.parse("2026-06-30")),
        JobArguments.parse(
                "--input", "i", "--output", "o", "--from", "2026-06-30", "--to", "2026-06-30")
            .asOf());
  }

  @Test
  void registerTablesTakesAnOptionalDatabase() {
    assertEquals(
        Optional.of("claimlens"),
        JobArguments.parse(
                "--register-tables", "--input", "i", "--output", "o", "--as-of", "2026-06-30")
            .registerTables());
    assertEquals(
        Optional.of("claimlens"),
        JobArguments.parse(
                "--input", "i", "--output", "o", "--as-of", "2026-06-30", "--register-tables")
            .registerTables());
    assertEquals(
        Optional.of("risk"),
        JobArguments.parse(
                "--input",
                "i",
                "--register-tables",
                "risk",
                "--output",
                "o",
                "--as-of",
                "2026-06-30")
            .registerTables());
    assertEquals(
        Optional.empty(),
        JobArguments.parse("--input", "i", "--output", "o", "--as-of", "2026-06-30")
            .registerTables());
  }

  @Test
  void tablesAreParquetUnlessDeltaIsAskedFor() {
    assertEquals(
        TableFormat.PARQUET,
        JobArguments.parse("--input", "i", "--output", "o", "--as-of", "2026-06-30").tableFormat());
    assertEquals(
        TableFormat.PARQUET,
        JobArguments.parse(
                "--input", "i", "--output", "o", "--as-of", "2026-06-30", "--table-format=parquet")
            .tableFormat());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "--input i --output o | --as-of is required",
        "--input i --output o --as-of 2026-06-30 --table-format iceberg | --table-format must be parquet or delta, got 'iceberg'",
        "--input i --output o --as-of 2026-06-30 --table-format | --table-format needs a value",
        "--input i --output o --as-of 2026-13-01 | --as-of must be YYYY-MM-DD, got '2026-13-01'",
        "--input i --output o --as-of 2026-06-30 --asof x | unknown argument '--asof'",
        "--input i --output o --as-of | --as-of needs a value",
        "--input i --input j --output o --as-of 2026-06-30 | --input is given twice",
        "--input i --output o --as-of 2026-06-30 --marketplaces A1,,B | --marketplaces must be a comma-separated list",
        "--input i --output o --as-of 2026-06-30 --register-tables a.b | --register-tables takes a database name of letters, digits and '_', got 'a.b'",
        "--input i --output o --as-of 2026-06-30 --from 2026-06-01 --to 2026-06-30 | --as-of and --from/--to cannot be combined",
        "--input i --output o --from 2026-06-01 | --to is required",
        "--input i --output o --to 2026-06-01 | --from is required",
        "--input i --output o --from 2026-06-10 --to 2026-06-01 | --to 2026-06-01 is before --from 2026-06-10",
        "--input i --output o --from 2026-6-1 --to 2026-06-30 | --from must be YYYY-MM-DD, got '2026-6-1'",
        "--input i --output o --from 2025-01-01 --to 2026-06-30 | --from 2025-01-01 --to 2026-06-30 spans 546 dates; one run backfills at most 366",
      })
  void badArgumentsFailWithExitCodeTwoAndUsage(String args, String message) {
    ClaimlensException e =
        assertThrows(ClaimlensException.class, () -> JobArguments.parse(args.split(" ")));
    assertEquals(ExitCode.BAD_ARGUMENTS_OR_POLICY, e.exitCode());
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
    assertTrue(e.getMessage().endsWith(JobArguments.USAGE), e.getMessage());
  }
}
