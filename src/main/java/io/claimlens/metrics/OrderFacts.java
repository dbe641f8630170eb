package io.claimlens.metrics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.claimlens.config.Policy;
import io.claimlens.config.PolicyColumns;
import io.claimlens.quality.KnownAt;
import io.claimlens.quality.QualityGate;
import io.claimlens.schema.Orders;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One row per order known at D, with its purchase day in its marketplace's time zone and its defect
 * flags (SPEC §2.1) as 0/1 counts, so that every metric is a sum over these rows.
 */
public final class OrderFacts {
  /** Purchase day in the marketplace's time zone. */
  public static final String PURCHASE_DAY = "purchase_day";

  public static final String HAS_COUNTING_CLAIM = "has_counting_claim";
  public static final String HAS_NEGATIVE_FEEDBACK = "has_negative_feedback";
  public static final String HAS_COUNTING_CHARGEBACK = "has_counting_chargeback";

  /** At least one of the three defects; an order with several counts once. */
  public static final String IS_DEFECTIVE = "is_defective";

  private static final List<String> FLAGS =
      List.of(HAS_COUNTING_CLAIM, HAS_NEGATIVE_FEEDBACK, HAS_COUNTING_CHARGEBACK);

  private OrderFacts() {}

  /**
   * Facts of the valid orders bought on or after {@code earliestDay}, with the defects known at D:
   * {@code claims}, {@code feedback} and {@code chargebacks} are entity states at D (absent
   * datasets contribute no defects).
   */
  public static Dataset<Row> of(
      Dataset<Row> validOrders,
      Dataset<Row> claims,
      Optional<Dataset<Row>> feedback,
      Optional<Dataset<Row>> chargebacks,
      Policy policy,
      LocalDate earliestDay) {
    Dataset<Row> orders =
        validOrders
            .select(
                col(Orders.ORDER_ID),
                col(Orders.MARKETPLACE_ID),
                col(Orders.SELLER_ID),
                col(Orders.FULFILLMENT_CHANNEL),
                PolicyColumns.policyKey(policy, col(Orders.MARKETPLACE_ID))
                    .as(PolicyFrames.POLICY_KEY),
                KnownAt.localDay(col(Orders.PURCHASE_TS), col(QualityGate.TIME_ZONE))
                    .as(PURCHASE_DAY))
            .filter(col(PURCHASE_DAY).geq(lit(earliestDay)));

    Dataset<Row> defects = flag(claims.filter(Defects.countingClaim()), HAS_COUNTING_CLAIM);
    if (feedback.isPresent()) {
      defects =
          defects.union(
              flag(feedback.get().filter(Defects.negativeFeedback()), HAS_NEGATIVE_FEEDBACK));
    }
    if (chargebacks.isPresent()) {
      defects =
          defects.union(
              flag(
                  chargebacks.get().filter(Defects.countingChargeback()), HAS_COUNTING_CHARGEBACK));
    }
    Dataset<Row> perOrder =
        defects
            .groupBy(col(Orders.ORDER_ID))
            .agg(
                max(HAS_COUNTING_CLAIM).as(HAS_COUNTING_CLAIM),
                max(HAS_NEGATIVE_FEEDBACK).as(HAS_NEGATIVE_FEEDBACK),
                max(HAS_COUNTING_CHARGEBACK).as(HAS_COUNTING_CHARGEBACK));

    Column claim = coalesce(col(HAS_COUNTING_CLAIM), lit(0));
    Column negative = coalesce(col(HAS_NEGATIVE_FEEDBACK), lit(0));
    Column chargeback = coalesce(col(HAS_COUNTING_CHARGEBACK), lit(0));
    return orders
        .join(perOrder, new String[] {Orders.ORDER_ID}, "left")
        .withColumn(HAS_COUNTING_CLAIM, claim)
        .withColumn(HAS_NEGATIVE_FEEDBACK, negative)
        .withColumn(HAS_COUNTING_CHARGEBACK, chargeback)
        .withColumn(IS_DEFECTIVE, greatest(claim, negative, chargeback));
  }

  /** The order ids of {@code defectRows} with 1 in column {@code flag} and 0 in the others. */
  private static Dataset<Row> flag(Dataset<Row> defectRows, String flag) {
    List<Column> columns = new ArrayList<>();
    columns.add(col(Orders.ORDER_ID));
    for (String f : FLAGS) {
      columns.add(lit(f.equals(flag) ? 1 : 0).as(f));
    }
    return defectRows.select(columns.toArray(new Column[0]));
  }
}
