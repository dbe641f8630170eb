package io.claimlens.attribution;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.struct;

import io.claimlens.asof.JudgedDates;
import io.claimlens.asof.KnownAt;
import io.claimlens.facts.OrderFacts;
import io.claimlens.facts.SkuFacts;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.Claims;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
import io.claimlens.schema.SkuMetricsTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Root causes for claims (SPEC §3) and the {@code claim_attribution} table (SPEC §4). */
public final class ClaimAttribution {
  private static final String OUTCOME = "_outcome";
  private static final String ITEM_ORDER_ID = "_item_order_id";
  private static final String ITEM_SKU = "_item_sku";
  private static final String ITEM_AS_OF = "_item_as_of";
  private static final String CLAIMS = "_claims";

  private ClaimAttribution() {}

  /**
   * {@link ClaimEvidence#of} rows with the rule, root cause and party of the first rule that
   * matches.
   */
  public static Dataset<Row> attribute(Dataset<Row> evidence) {
    return evidence
        .withColumn(OUTCOME, AttributionRules.firstMatch())
        .select(col("*"), col(OUTCOME + ".*"))
        .drop(OUTCOME);
  }

  /** The {@code claim_attribution} table from {@link #attribute} rows. */
  public static Dataset<Row> table(Dataset<Row> attributed) {
    return attributed.select(ClaimAttributionTable.OUTPUT.columns());
  }

  /**
   * Per SKU of the SKU window, the most frequent root cause among its counting claims (ties: the
   * alphabetically first). A claim belongs to the SKUs it is a defect of in {@code sku_metrics}:
   * its own SKU, or every SKU of its order when it names none.
   *
   * @param attributed {@link #attribute} rows
   * @param skusByOrder the SKU of each judgement of an order's valid items, with the dates it
   *     stands for ({@link JudgedDates#joinStanding}); a SKU held by two items comes twice
   */
  public static Dataset<Row> topRootCauses(Dataset<Row> attributed, Dataset<Row> skusByOrder) {
    Dataset<Row> defects =
        attributed.filter(
            col(ClaimAttributionTable.COUNTS_AS_DEFECT)
                .and(
                    col(OrderFacts.PURCHASE_DAY)
                        .between(
                            col(PolicyAtDates.SKU_WINDOW_START),
                            col(PolicyAtDates.SKU_WINDOW_END))));
    Dataset<Row> items =
        SkuFacts.ofOrdersAt(defects, skusByOrder)
            .select(
                KnownAt.asOf().as(ITEM_AS_OF),
                col(Orders.ORDER_ID).as(ITEM_ORDER_ID),
                col(OrderItems.SKU).as(ITEM_SKU))
            .distinct();
    Column onSku =
        KnownAt.asOf()
            .equalTo(col(ITEM_AS_OF))
            .and(
                SkuFacts.claimOfSku(
                    col(Orders.ORDER_ID), col(Claims.SKU), col(ITEM_ORDER_ID), col(ITEM_SKU)));
    Dataset<Row> perCause =
        defects
            .join(items, onSku)
            .groupBy(
                KnownAt.asOf(),
                col(Orders.MARKETPLACE_ID),
                col(Orders.SELLER_ID),
                col(ITEM_SKU),
                col(ClaimAttributionTable.ROOT_CAUSE))
            .agg(count(lit(1)).as(CLAIMS));
    // the smallest (-count, cause): the most claims first, then the alphabetically first cause
    Column rank = struct(negate(col(CLAIMS)), col(ClaimAttributionTable.ROOT_CAUSE));
    return perCause
        .groupBy(KnownAt.asOf(), col(Orders.MARKETPLACE_ID), col(Orders.SELLER_ID), col(ITEM_SKU))
        .agg(min_by(col(ClaimAttributionTable.ROOT_CAUSE), rank).as(SkuMetricsTable.TOP_ROOT_CAUSE))
        .withColumnRenamed(ITEM_SKU, SkuMetricsTable.SKU);
  }
}
