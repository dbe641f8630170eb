package io.claimlens.quality;

import static io.claimlens.testing.Fixtures.JP;
import static io.claimlens.testing.Fixtures.UNLISTED;
import static io.claimlens.testing.Fixtures.US;
import static io.claimlens.testing.Fixtures.claim;
import static io.claimlens.testing.Fixtures.item;
import static io.claimlens.testing.Fixtures.order;
import static io.claimlens.testing.Fixtures.shipment;
import static io.claimlens.testing.RowAssertions.assertRows;
import static io.claimlens.testing.RowAssertions.assertSameRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.asof.JudgedDates;
import io.claimlens.asof.KnownAt;
import io.claimlens.config.AsOfDates;
import io.claimlens.config.Policy;
import io.claimlens.io.PolicySource;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Claims.Reason;
import io.claimlens.schema.Claims.Status;
import io.claimlens.schema.DatasetSchema;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.Shipments;
import io.claimlens.testing.Rec;
import io.claimlens.testing.SharedSpark;
import io.claimlens.testing.SparkTestBase;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Orders judged once per change of what is known about their id, each judgement standing until the
 * next, get the verdict that judging them at each date on its own gives; so do their children,
 * which are judged against the carried states.
 */
class JudgedOnChangeTest extends SparkTestBase {
  private static final AsOfDates RANGE =
      new AsOfDates(LocalDate.parse("2026-06-23"), LocalDate.parse("2026-06-30"));
  private static final Set<String> SCOPE = Set.of(US, JP);

  private final Policy policy =
      PolicySource.load(Optional.empty(), new org.apache.hadoop.conf.Configuration());

  private Dataset<Row> orders() {
    return rows(
        Orders.SCHEMA,
        // known long before the range: judged once
        order("early", US, "S1", "2026-06-01T18:00:00Z"),
        // becomes known inside the range
        order("mid", US, "S1", "2026-06-27T12:00:00Z"),
        // a second, different row of the id arrives inside the range: a conflict from then on
        order("dup-late", US, "S1", "2026-06-20T12:00:00Z"),
        order("dup-late", US, "S2", "2026-06-28T12:00:00Z"),
        // identical copies collapse; their copies count at every date
        order("twin", US, "S1", "2026-06-24T12:00:00Z"),
        order("twin", US, "S1", "2026-06-24T12:00:00Z"),
        // 2026-06-26 in UTC, 2026-06-27 in Tokyo
        order("jp-edge", JP, "S3", "2026-06-26T15:10:00Z"),
        // one row out of scope, the other in, known later
        order("mixed", UNLISTED, "S4", "2026-06-10T12:00:00Z"),
        order("mixed", US, "S4", "2026-06-29T12:00:00Z"),
        order(null, US, "S1", "2026-06-25T12:00:00Z"),
        order("future", US, "S1", "2026-07-02T12:00:00Z"));
  }

  private Dataset<Row> claims() {
    return rows(
        Claims.SCHEMA,
        claim("c-early", "early", Reason.DAMAGED, Status.OPEN, "2026-06-05T10:00:00Z"),
        claim("c-mid", "mid", Reason.DAMAGED, Status.OPEN, "2026-06-29T10:00:00Z"),
        // orphaned once its order becomes a conflicting duplicate
        claim("c-dup", "dup-late", Reason.DAMAGED, Status.OPEN, "2026-06-22T10:00:00Z"),
        claim("c-before", "mid", Reason.DAMAGED, Status.OPEN, "2026-06-26T10:00:00Z"),
        claim("c-jp", "jp-edge", Reason.DAMAGED, Status.OPEN, "2026-06-26T16:00:00Z"),
        claim("c-mixed", "mixed", Reason.DAMAGED, Status.OPEN, "2026-06-25T10:00:00Z"),
        claim("c-ghost", "ghost", Reason.DAMAGED, Status.OPEN, "2026-06-25T10:00:00Z"),
        claim("c-pair", "early", Reason.DAMAGED, Status.OPEN, "2026-06-24T10:00:00Z"),
        claim("c-pair", "early", Reason.DEFECTIVE, Status.OPEN, "2026-06-24T10:00:00Z"));
  }

  private Dataset<Row> shipments() {
    return rows(
        Shipments.SCHEMA,
        shipment("early", "p-early", "2026-06-02T10:00:00Z"),
        // confirmed inside the range, and never
        shipment("mid", "p-mid", "2026-06-29T10:00:00Z"),
        shipment("early", "p-unconfirmed", null),
        // a second package of an order, confirmed inside the range
        shipment("early", "p-second", "2026-06-25T10:00:00Z"),
        // two different rows of one package, the second known later
        shipment("dup-late", "p-dup", "2026-06-21T10:00:00Z"),
        shipment("dup-late", "p-dup", "2026-06-26T10:00:00Z"),
        shipment("jp-edge", "p-jp", "2026-06-26T15:30:00Z"),
        shipment("ghost", "p-ghost", "2026-06-25T10:00:00Z"));
  }

  private Dataset<Row> items() {
    return rows(
        OrderItems.SCHEMA,
        item("early", "i1", "SKU-1"),
        item("mid", "i1", "SKU-1"),
        item("mid", "i1", "SKU-2"),
        item("mixed", "i1", "SKU-1"),
        item("future", "i1", "SKU-1"));
  }

  @BeforeAll
  static void runAsSmallInput() {
    SharedSpark.runAsSmallInput();
  }

  @Test
  void eachDateGetsTheVerdictOfJudgingItAlone() {
    JudgedDates range = JudgedDates.of(RANGE.dates());
    ValidatedDataset orders = QualityGate.orders(orders(), policy, SCOPE, range);
    Dataset<Row> reference = QualityGate.orderReference(orders);
    List<ValidatedDataset> children = children(reference, range);

    assertSameJudgements(this::ordersAlone, orders, RANGE.dates());
    Map<LocalDate, List<ValidatedDataset>> childrenAlone = new HashMap<>();
    for (LocalDate d : RANGE.dates()) {
      childrenAlone.put(
          d, children(QualityGate.orderReference(ordersAlone(d)), JudgedDates.of(List.of(d))));
    }
    for (int i = 0; i < children.size(); i++) {
      int child = i;
      assertSameJudgements(d -> childrenAlone.get(d).get(child), children.get(i), RANGE.dates());
    }
  }

  private ValidatedDataset ordersAlone(LocalDate d) {
    return QualityGate.orders(orders(), policy, SCOPE, JudgedDates.of(List.of(d)));
  }

  @Test
  void childrenJudgedAtTheRunsDatesReadTheStatesCarriedFromTheWeekBefore() {
    JudgedDates withWeekBefore =
        JudgedDates.of(
            List.of(
                LocalDate.parse("2026-06-22"),
                LocalDate.parse("2026-06-23"),
                LocalDate.parse("2026-06-29"),
                LocalDate.parse("2026-06-30")));
    AsOfDates run = new AsOfDates(LocalDate.parse("2026-06-29"), LocalDate.parse("2026-06-30"));
    ValidatedDataset orders = QualityGate.orders(orders(), policy, SCOPE, withWeekBefore);
    Dataset<Row> reference = QualityGate.referenceAt(QualityGate.orderReference(orders), run);
    ValidatedDataset shipments =
        QualityGate.children(
            shipments(), Shipments.SCHEMA, reference, policy, JudgedDates.of(run.dates()));
    assertSameJudgements(
        d -> shipmentsJudgedAt(JudgedDates.of(List.of(d))), shipments, run.dates());
  }

  @Test
  void theValidRowsDistributedByOrderAreTheValidRows() {
    JudgedDates range = JudgedDates.of(RANGE.dates());
    ValidatedDataset orders = QualityGate.orders(orders(), policy, SCOPE, range);
    List<ValidatedDataset> all = new ArrayList<>(List.of(orders));
    all.addAll(children(QualityGate.orderReference(orders), range));
    for (ValidatedDataset dataset : all) {
      Dataset<Row> valid = dataset.valid();
      // the fixture's rows are valid at some dates and not at others: the check compares rows
      assertTrue(valid.count() > 0, dataset.schema().name());
      assertSameRows(valid, dataset.validDistributedBy(Orders.ORDER_ID));
    }
  }

  @Test
  void anOrdersOnlyValidPackageIsMarkedAloneAndStandsAsJudged() {
    JudgedDates range = JudgedDates.of(RANGE.dates());
    ValidatedDataset shipments = shipmentsJudgedAt(range);
    Dataset<Row> marked = shipments.validStandingMarkingAlone(Orders.ORDER_ID);
    assertSameRows(shipments.valid(), range.spread(marked).drop(ValidatedDataset.ONLY_JUDGEMENT));
    // early has two valid packages from 06-25; p-dup's first row is valid until its second row
    // conflicts with it (06-26), p-mid once confirmed (06-29), p-jp from 06-27 in Tokyo: each the
    // one valid judgement of its order. Packages by their tracking ids (1Z- and the package id):
    // the package id is read by the gate alone, and the valid rows leave it out
    assertRows(
        marked.select(col(Shipments.TRACKING_ID), col(ValidatedDataset.ONLY_JUDGEMENT)).distinct(),
        List.of(Shipments.TRACKING_ID, ValidatedDataset.ONLY_JUDGEMENT),
        new Object[] {"1Z-p-early", false},
        new Object[] {"1Z-p-second", false},
        new Object[] {"1Z-p-dup", true},
        new Object[] {"1Z-p-mid", true},
        new Object[] {"1Z-p-jp", true});
    // a lone judgement stands for its dates as one row; the others are one row per date
    Dataset<Row> alone = marked.filter(col(ValidatedDataset.ONLY_JUDGEMENT));
    assertEquals(3, alone.count());
    assertTrue(range.spread(alone).count() > alone.count());
    Dataset<Row> others = marked.filter(not(col(ValidatedDataset.ONLY_JUDGEMENT)));
    assertEquals(range.spread(others).count(), others.count());
    // judged at one date, each row is read once: none is marked, and each stands for its date
    ValidatedDataset atNight = shipmentsJudgedAt(JudgedDates.of(List.of(RANGE.last())));
    Dataset<Row> markedAtNight = atNight.validStandingMarkingAlone(Orders.ORDER_ID);
    assertTrue(markedAtNight.count() > 0);
    assertEquals(0, markedAtNight.filter(col(ValidatedDataset.ONLY_JUDGEMENT)).count());
    assertSameRows(
        atNight.valid(),
        JudgedDates.of(List.of(RANGE.last()))
            .spread(markedAtNight)
            .drop(ValidatedDataset.ONLY_JUDGEMENT));
  }

  private ValidatedDataset shipmentsJudgedAt(JudgedDates dates) {
    return QualityGate.children(
        shipments(),
        Shipments.SCHEMA,
        QualityGate.orderReference(QualityGate.orders(orders(), policy, SCOPE, dates)),
        policy,
        dates);
  }

  private List<ValidatedDataset> children(Dataset<Row> reference, JudgedDates dates) {
    return List.of(
        QualityGate.children(claims(), Claims.SCHEMA, reference, policy, dates),
        QualityGate.children(shipments(), Shipments.SCHEMA, reference, policy, dates),
        QualityGate.children(items(), OrderItems.SCHEMA, reference, policy, dates));
  }

  @Test
  void anOrderIsJudgedAtTheFirstDateAndWhenAnotherRowOfItsIdBecomesKnown() {
    ValidatedDataset orders =
        QualityGate.orders(orders(), policy, SCOPE, JudgedDates.of(RANGE.dates()));
    Dataset<Row> judged = orders.judged();
    // early: once, for every date; dup-late: each of its two rows at 06-23 (its first row known)
    // and 06-28 (its second); mid: at 06-23 (not yet known) and 06-27
    assertEquals(1, judged.filter(col(Orders.ORDER_ID).equalTo(lit("early"))).count());
    assertEquals(4, judged.filter(col(Orders.ORDER_ID).equalTo(lit("dup-late"))).count());
    assertEquals(2, judged.filter(col(Orders.ORDER_ID).equalTo(lit("mid"))).count());
    assertRows(
        orders
            .classified()
            .filter(col(Orders.ORDER_ID).equalTo(lit("dup-late")))
            .filter(KnownAt.asOf().isin((Object[]) dates("2026-06-27", "2026-06-28"))),
        List.of(Orders.SELLER_ID, OutputTables.AS_OF_DATE, ValidatedDataset.DISPOSITION),
        new Object[] {"S1", java.sql.Date.valueOf("2026-06-27"), "USED"},
        new Object[] {"S2", java.sql.Date.valueOf("2026-06-27"), "NOT_YET_KNOWN"},
        new Object[] {"S1", java.sql.Date.valueOf("2026-06-28"), "QUARANTINED"},
        new Object[] {"S2", java.sql.Date.valueOf("2026-06-28"), "QUARANTINED"});
  }

  /**
   * {@code dates}' rows at each of {@code days} are those of judging that day {@code alone},
   * whatever the order of their columns: the days' judgements are compared as one table, since each
   * comparison is a few Spark queries.
   */
  private static void assertSameJudgements(
      Function<LocalDate, ValidatedDataset> alone, ValidatedDataset dates, List<LocalDate> days) {
    Dataset<Row> expected =
        days.stream().map(d -> alone.apply(d).classified()).reduce(Dataset::union).orElseThrow();
    assertSameRows(
        expected,
        dates
            .classified()
            .filter(KnownAt.asOf().isin(days.toArray()))
            .select(Arrays.stream(expected.columns()).map(c -> col(c)).toArray(Column[]::new)));
  }

  private static LocalDate[] dates(String... days) {
    return Arrays.stream(days).map(LocalDate::parse).toArray(LocalDate[]::new);
  }

  private Dataset<Row> rows(DatasetSchema schema, Rec... recs) {
    return spark.createDataFrame(Arrays.stream(recs).map(Rec::row).toList(), schema.sparkSchema());
  }
}
