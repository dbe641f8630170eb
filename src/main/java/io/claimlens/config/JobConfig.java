package io.claimlens.config;

import java.util.Optional;
import java.util.Set;

/**
 * What one run is asked to do, parsed from the command line (SPEC §5).
 *
 * @param input root URI of the input datasets, one folder per dataset
 * @param output root URI of the output tables
 * @param asOf the as-of dates: D, or D1..D2 for a backfill
 * @param policy the policy file, or empty for the shipped policy
 * @param marketplaces the marketplaces to compute, or empty for all of them
 * @param registerTables the catalog database to register the output tables in after publishing, or
 *     empty to register nothing
 * @param tableFormat how the output tables are stored
 */
public record JobConfig(
    String input,
    String output,
    AsOfDates asOf,
    Optional<String> policy,
    Set<String> marketplaces,
    Optional<String> registerTables,
    TableFormat tableFormat) {

  public JobConfig {
    marketplaces = Set.copyOf(marketplaces);
  }

  /** A run for {@code asOf} that registers no catalog tables, in the default format. */
  public JobConfig(
      String input,
      String output,
      AsOfDates asOf,
      Optional<String> policy,
      Set<String> marketplaces) {
    this(
        input,
        output,
        asOf,
        policy,
        marketplaces,
        Optional.empty(),
        JobArguments.TABLE_FORMAT_DEFAULT);
  }

  /** Whether the run covers {@code marketplaceId}. */
  public boolean covers(String marketplaceId) {
    return marketplaces.isEmpty() || marketplaces.contains(marketplaceId);
  }
}
