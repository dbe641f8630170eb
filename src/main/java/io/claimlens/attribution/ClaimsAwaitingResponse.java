package io.claimlens.attribution;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.claimlens.asof.Durations;
import io.claimlens.asof.KnownAt;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.schema.Claims;
import io.claimlens.schema.ClaimsAwaitingResponseTable;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code claims_awaiting_response} table (SPEC §4): claims OPEN or UNDER_REVIEW at D with no
 * seller response known at D, whatever their order date, and the hours left to answer them.
 */
public final class ClaimsAwaitingResponse {

  private ClaimsAwaitingResponse() {}

  /**
   * @param claimsInContext {@link ClaimEvidence#claimsInContext}
   * @param known what is known at the claims' dates, by their time zones
   */
  public static Dataset<Row> table(Dataset<Row> claimsInContext, KnownAt known) {
    Column open =
        col(Claims.STATUS).isin(Claims.Status.OPEN.name(), Claims.Status.UNDER_REVIEW.name());
    Column unanswered = not(known.isKnown(col(Claims.SELLER_RESPONSE_TS)));
    Column hoursLeft =
        Durations.hoursBetween(
            col(PolicyAtDates.DAY_END), col(ClaimsAwaitingResponseTable.RESPONSE_DUE_TS));
    return ClaimsAwaitingResponseTable.OUTPUT.project(
        claimsInContext.filter(open.and(unanswered)),
        Map.of(
            ClaimsAwaitingResponseTable.HOURS_LEFT,
            hoursLeft,
            ClaimsAwaitingResponseTable.OVERDUE,
            hoursLeft.lt(lit(0.0))));
  }
}
