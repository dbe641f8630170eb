package io.claimlens.facts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.claimlens.schema.Chargebacks;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Feedback;
import org.apache.spark.sql.Column;

/** Which entity states are defects (SPEC §2.1), as predicates over their state rows. */
public final class Defects {

  private Defects() {}

  /** A counting claim: not DENIED or WITHDRAWN, and not funded by the platform. */
  public static Column countingClaim() {
    Object[] nonCounting = Claims.NON_COUNTING_STATUSES.stream().map(Enum::name).toArray();
    return not(col(Claims.STATUS).isin(nonCounting))
        .and(
            not(
                coalesce(col(Claims.FUNDED_BY), lit(""))
                    .equalTo(lit(Claims.FundedBy.PLATFORM.name()))));
  }

  /** A counting claim whose reason is about the product itself (SPEC §3 quality reasons). */
  public static Column countingQualityClaim() {
    Object[] quality = Claims.QUALITY_REASONS.stream().map(Enum::name).toArray();
    return countingClaim().and(col(Claims.REASON).isin(quality));
  }

  /** Negative feedback: rating at most 2, and not removed. */
  public static Column negativeFeedback() {
    return col(Feedback.RATING)
        .leq(lit(Feedback.NEGATIVE_RATING_MAX))
        .and(not(coalesce(col(Feedback.REMOVED), lit(false))));
  }

  /** A counting chargeback: any state but REVERSED. */
  public static Column countingChargeback() {
    return not(
        coalesce(col(Chargebacks.STATUS), lit(""))
            .equalTo(lit(Chargebacks.Status.REVERSED.name())));
  }
}
