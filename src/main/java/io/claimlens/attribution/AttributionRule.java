package io.claimlens.attribution;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.claimlens.schema.Claims;
import io.claimlens.schema.Claims.Reason;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;

/**
 * One row of the SPEC §3 rule table: when the claim's reason is one of {@code reasons} and {@code
 * evidence} holds, the claim gets {@code rootCause}, unless an earlier rule matched.
 *
 * @param id stable rule id (R01 … R99) that analysts group by
 * @param when the condition in words, as the SPEC states it
 * @param reasons the claim reasons the rule decides; empty for any reason
 * @param evidence the condition over {@link ClaimEvidence} columns beyond the reason, if any; null
 *     evidence never matches
 * @param needs the input dataset the evidence comes from, if the evidence is unknown (null) without
 *     it, so that the rule cannot match when the dataset is absent
 */
public record AttributionRule(
    String id,
    String when,
    List<Reason> reasons,
    Optional<Column> evidence,
    Optional<String> needs,
    RootCause rootCause) {

  public AttributionRule {
    reasons = List.copyOf(reasons);
  }

  /** The whole condition over a claim and its evidence: its reason, then the evidence. */
  public Column condition() {
    if (reasons.isEmpty()) {
      return evidence.orElse(lit(true));
    }
    Column reason =
        reasons.size() == 1
            ? col(Claims.REASON).equalTo(lit(reasons.get(0).name()))
            : col(Claims.REASON).isin(reasons.stream().map(Enum::name).toArray());
    return evidence.map(reason::and).orElse(reason);
  }

  /** Whether every claim of {@code reason} that reaches the rule matches it. */
  boolean takesEvery(Reason reason) {
    return evidence.isEmpty() && (reasons.isEmpty() || reasons.contains(reason));
  }
}
