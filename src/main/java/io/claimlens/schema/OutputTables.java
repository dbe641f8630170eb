package io.claimlens.schema;

import java.util.List;

/** Names shared by every output table (SPEC §4). */
public final class OutputTables {
  /** The Hive partition column of every output table: {@code as_of_date=YYYY-MM-DD}. */
  public static final String AS_OF_DATE = "as_of_date";

  public static final String SELLER_METRICS = "seller_metrics";
  public static final String SKU_METRICS = "sku_metrics";
  public static final String CLAIM_ATTRIBUTION = "claim_attribution";
  public static final String CLAIMS_AWAITING_RESPONSE = "claims_awaiting_response";
  public static final String SELLER_RISK = "seller_risk";
  public static final String QUARANTINE = "quarantine";
  public static final String RUN_MANIFEST = "run_manifest";

  /** Every table a run writes, in the order it publishes them (the manifest last). */
  public static final List<OutputTable> DECLARED =
      List.of(
          SellerMetricsTable.OUTPUT,
          SkuMetricsTable.OUTPUT,
          ClaimAttributionTable.OUTPUT,
          ClaimsAwaitingResponseTable.OUTPUT,
          SellerRiskTable.OUTPUT,
          QuarantineTable.OUTPUT,
          RunManifestTable.OUTPUT);

  /** The names of {@link #DECLARED}, in publish order. */
  public static final List<String> ALL = DECLARED.stream().map(OutputTable::name).toList();

  private OutputTables() {}
}
