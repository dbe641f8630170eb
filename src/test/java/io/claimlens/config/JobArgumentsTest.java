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
            "A1,B2");
    assertEquals(
        new JobConfig(
            "s3a://lake/in",
            "out",
            LocalDate.parse("2026-06-30"),
            Optional.of("p.json"),
            Set.of("A1", "B2")),
        c);
    assertTrue(c.covers("A1"));
    assertTrue(
        JobArguments.parse("--input", "i", "--output", "o", "--as-of", "2026-06-30").covers("ANY"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "--input i --output o | --as-of is required",
        "--input i --output o --as-of 2026-13-01 | --as-of must be YYYY-MM-DD, got '2026-13-01'",
        "--input i --output o --as-of 2026-06-30 --asof x | unknown argument '--asof'",
        "--input i --output o --as-of | --as-of needs a value",
        "--input i --input j --output o --as-of 2026-06-30 | --input is given twice",
        "--input i --output o --as-of 2026-06-30 --marketplaces A1,,B | --marketplaces must be a comma-separated list",
      })
  void badArgumentsFailWithExitCodeTwoAndUsage(String args, String message) {
    ClaimlensException e =
        assertThrows(ClaimlensException.class, () -> JobArguments.parse(args.split(" ")));
    assertEquals(ExitCode.BAD_ARGUMENTS_OR_POLICY, e.exitCode());
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
    assertTrue(e.getMessage().endsWith(JobArguments.USAGE), e.getMessage());
  }
}
