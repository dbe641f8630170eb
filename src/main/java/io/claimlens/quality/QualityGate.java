package io.claimlens.quality;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timezone;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.when;

import io.claimlens.asof.JudgedDates;
import io.claimlens.asof.KnownAt;
import io.claimlens.config.AsOfDates;
import io.claimlens.config.Policy;
import io.claimlens.io.Distributed;
import io.claimlens.policy.PolicyColumns;
import io.claimlens.schema.ColumnSpec;
import io.claimlens.schema.DatasetSchema;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Sorts every input row into used, quarantined, not yet known or out of scope (SPEC §1.1, §1.2).
 *
 * <p>The order of decisions, for each distinct row (identical rows are collapsed first and their
 * extra copies counted as duplicates):
 *
 * <ol>
 *   <li>out of scope: its marketplace (a child's: its order's) is not among --marketplaces;
 *   <li>not yet known at D: its own timestamp is after D, or its order is not yet known. Such a row
 *       is judged on the day it becomes known, so a past run is not changed by later data;
 *   <li>otherwise the first quarantine code that applies, in the SPEC's order; else used.
 * </ol>
 *
 * Conflicting duplicates are looked for among the rows known at D only.
 *
 * <p>The verdict is a verdict at a date ({@link OutputTables#AS_OF_DATE}): a run judges its rows at
 * its dates, one for a night (and the week before it, for the datasets of the ODR), one per date
 * for a backfill. A row is judged at the first date and again only at the dates on which something
 * it depends on becomes known, each judgement standing for the dates until the next ({@link
 * JudgedDates}); a run with one date judges every row at it. The identical rows are collapsed
 * before that, once for all dates.
 */
public final class QualityGate {
  static final String ORDER_STATE = "_order_state";
  static final String ORDER_PURCHASE_TS = "_order_purchase_ts";

  /** The order id of an {@link #orderReference} row: the column children join it by. */
  public static final String REF_ORDER_ID = "_ref_order_id";

  private static final String REF_AS_OF_DATE = "_ref_as_of_date";
  private static final String REF_UNTIL = "_ref_until";
  // (orders) the days its id's rows become candidates for a conflict
  private static final String KNOWN_DAYS = "_known_days";
  private static final String CHECK_PREFIX = "_check_";
  // the rows of a child's key, counted before its join to its orders (countedBeforeTheJoin)
  private static final String KEY_ROWS = "_key_rows";
  // a row's states and the candidate rows that share its key, as classify names them
  private static final String OUT_OF_SCOPE = "_out_of_scope";
  private static final String NOT_YET_KNOWN = "_not_yet_known";
  private static final String SAME_KEY_ROWS = "_same_key_rows";
  // a row's first quarantine code that applies and its detail, null for none
  private static final String REASON_CODE = "_reason_code";
  private static final String DETAIL = "_detail";

  private QualityGate() {}

  /**
   * Classifies raw {@code orders} at {@code dates}; {@code scope} empty means all marketplaces.
   *
   * <p>An order row's verdict depends on the date only through which rows of its order id are
   * known, so its change days are their purchase days ({@link JudgedDates}): a night judges most
   * orders once, not at D and D−7. Its conflicting duplicates at a date are counted from the known
   * days of its id's rows, gathered in the same pass over each id as the change days, instead of a
   * second pass per date.
   */
  public static ValidatedDataset orders(
      Dataset<Row> raw, Policy policy, Set<String> scope, JudgedDates dates) {
    Column marketplace = col(Orders.MARKETPLACE_ID);
    Column outOfScope =
        scope.isEmpty()
            ? lit(false)
            : marketplace.isNotNull().and(not(marketplace.isin(scope.toArray())));
    KnownAt known = KnownAt.of(policy);
    Column purchaseDay = known.localDay(col(Orders.PURCHASE_TS));
    // a row that can be a conflicting duplicate once known; a null purchase_ts is never "not yet"
    Column mayConflict = not(outOfScope).and(col(Orders.ORDER_ID).isNotNull());
    WindowSpec sameId = Window.partitionBy(col(Orders.ORDER_ID));
    Dataset<Row> rows =
        dates.judgedOnChange(
            collapse(raw, Orders.SCHEMA)
                .withColumn(KnownAt.TIME_ZONE, PolicyColumns.timeZone(policy, marketplace)),
            sameId,
            Map.of(
                KNOWN_DAYS,
                collect_list(
                        when(mayConflict, knownDay(coalesce(purchaseDay, lit(LocalDate.EPOCH)), 0)))
                    .over(sameId)),
            dates.firstOnOrAfter(purchaseDay));
    Column notYetKnown = known.isAfter(col(Orders.PURCHASE_TS));
    // nearly every id has one row: only ids with several count their known days date by date, as
    // the place of the date among those days sorted, the date after the days equal to it (a
    // filter's lambda kept the projection, and every row, out of generated code)
    Column candidates = size(col(KNOWN_DAYS));
    Column asOf = knownDay(KnownAt.asOf(), 1);
    Column knownAtDate =
        when(candidates.leq(1), candidates)
            .otherwise(
                array_position(sort_array(concat(col(KNOWN_DAYS), array(asOf))), asOf)
                    .minus(1)
                    .cast("int"));
    Dataset<Row> judged =
        classify(rows, Orders.SCHEMA, outOfScope, notYetKnown, candidate -> knownAtDate, List.of());
    return ValidatedDataset.judgedOnChange(Orders.SCHEMA, judged.drop(KNOWN_DAYS), dates);
  }

  /** A day of {@link #KNOWN_DAYS}, ordered after the equal days of a lower {@code tie}. */
  private static Column knownDay(Column day, int tie) {
    return struct(day.as("day"), lit(tie).as("tie"));
  }

  /**
   * Classifies a raw child dataset at {@code dates} against {@code orderReference}: the {@link
   * #orderReference} of the classified orders.
   *
   * <p>With several dates, a child row is judged like its order: once per change ({@link
   * JudgedDates}). Its change days are the days its own timestamp becomes known and those on which
   * its order is judged anew, and those of the other rows of its key, which it is counted with. It
   * is paired with each judgement of its order, so the one join that gives a date its order's state
   * also gives the row its dates.
   */
  public static ValidatedDataset children(
      Dataset<Row> raw,
      DatasetSchema schema,
      Dataset<Row> orderReference,
      Policy policy,
      JudgedDates dates) {
    KnownAt known = KnownAt.of(policy);
    Column sameOrder = col(Orders.ORDER_ID).equalTo(col(REF_ORDER_ID));
    Column orderJudgedAt = col(REF_AS_OF_DATE);
    Column orderUntil = col(REF_UNTIL);
    Dataset<Row> rows = collapse(raw, schema);
    boolean countedFirst = countedBeforeTheJoin(schema, dates);
    if (dates.several()) {
      Column own =
          schema.knownAtColumn().map(ts -> known.localDay(col(ts))).orElse(lit(null).cast("date"));
      rows =
          dates
              .judgedOnChange(
                  withZoneOrDefault(rows.join(orderReference, sameOrder, "left"), policy),
                  sameKey(schema),
                  Map.of(),
                  orderJudgedAt,
                  own)
              // each date from the judgement of its order that stands for it
              .filter(JudgedDates.standsFor(orderJudgedAt, orderUntil));
    } else {
      Dataset<Row> reference = orderReference;
      if (countedFirst) {
        rows = rows.withColumn(KEY_ROWS, count(lit(1)).over(sameKey(schema)));
      } else if (keyedByOrder(schema)) {
        // a child keyed by its order that counts its key after the join (packages,
        // countedBeforeTheJoin): a shuffled hash join, building each task's slice of the order
        // reference, keeps the child's rows in the collapse's order (order id, then the key), so
        // its conflict count sorts nothing; a sort-merge join keeps only the order id's order, and
        // that count sorted every row again (28% of those datasets' gate stages at 1,000,000
        // orders). A slice is one partition of the orders, and the partition count follows the
        // input (job.ShufflePartitions): the table does not grow with it.
        reference = Distributed.hashedInJoins(orderReference);
      }
      rows =
          withZoneOrDefault(
              rows.withColumn(OutputTables.AS_OF_DATE, dates.each())
                  .join(
                      reference,
                      sameOrder.and(JudgedDates.standsFor(orderJudgedAt, orderUntil)),
                      "left"),
              policy);
    }
    rows = rows.drop(REF_ORDER_ID, REF_AS_OF_DATE, REF_UNTIL);
    Column orderState = col(ORDER_STATE);
    Column outOfScope =
        coalesce(orderState.equalTo(lit(Disposition.OUT_OF_SCOPE.name())), lit(false));
    Column notYetKnown =
        coalesce(orderState.equalTo(lit(Disposition.NOT_YET_KNOWN.name())), lit(false))
            .or(ownTimestampNotYetKnown(schema, known));

    Column orderId = col(Orders.ORDER_ID);
    Column orphan =
        when(
                orderId.isNotNull().and(orderState.isNull()),
                format_string("order_id '%s' is not in orders", orderId))
            .when(
                orderId.isNotNull().and(orderState.equalTo(lit(Disposition.QUARANTINED.name()))),
                format_string("order_id '%s' is a quarantined order", orderId));
    List<Column> childChecks = new ArrayList<>();
    childChecks.add(orphan);
    schema
        .eventColumn()
        .ifPresent(
            event ->
                childChecks.add(
                    when(
                        col(event).lt(col(ORDER_PURCHASE_TS)),
                        format_string(
                            "%s %s is before the order's purchase_ts %s",
                            lit(event), utcText(col(event)), utcText(col(ORDER_PURCHASE_TS))))));
    Dataset<Row> judged =
        classify(
            rows,
            schema,
            outOfScope,
            notYetKnown,
            candidate -> {
              if (countedFirst) {
                return col(KEY_ROWS);
              }
              return dates.several()
                  ? sameKeyCount(schema, candidate, KnownAt.asOf())
                  : sameKeyCount(schema, candidate);
            },
            childChecks);
    if (countedFirst) {
      judged = judged.drop(KEY_ROWS);
    }
    return dates.several()
        ? ValidatedDataset.judgedOnChange(schema, judged, dates)
        : new ValidatedDataset(schema, judged);
  }

  /** A child's rows in their order's zone, or the policy's default one where they have no order. */
  private static Dataset<Row> withZoneOrDefault(Dataset<Row> rows, Policy policy) {
    return rows.withColumn(
        KnownAt.TIME_ZONE,
        coalesce(col(KnownAt.TIME_ZONE), lit(policy.defaults().timeZone().getId())));
  }

  private static WindowSpec sameKey(DatasetSchema schema) {
    return Window.partitionBy(keyAnd(schema));
  }

  /**
   * How many rows that are candidates share the row's key and {@code more} (the date, for rows at
   * several dates; rows all at one date, by the key alone). The key in {@link #keyOrderIdFirst}
   * order: a child keyed by its order has its rows in that order after the collapse and the hash
   * join to its order, so that at one date the count sorts nothing.
   */
  private static Column sameKeyCount(DatasetSchema schema, Column candidate, Column... more) {
    return sum(when(candidate, lit(1)).otherwise(lit(0)))
        .over(Window.partitionBy(keyAnd(schema, more)));
  }

  /**
   * Whether a child judged at one date counts the rows of its key before its join to its orders:
   * one keyed by its order without a timestamp of its own (items). Every row of such a key shares
   * its order's state and has no other reason to be out of play, so the key's rows are all
   * candidates for a conflict or none, and their count is the key's count. Taken in the collapse's
   * order, it lets the join merge two sides already sorted by order id, where a shuffled hash join
   * (kept for the packages, whose own timestamps are judged in their order's zone) built a table of
   * every order in each task: a quarter of the items' gate stage at 1,000,000 orders.
   */
  private static boolean countedBeforeTheJoin(DatasetSchema schema, JudgedDates dates) {
    return !dates.several() && keyedByOrder(schema) && schema.knownAtColumn().isEmpty();
  }

  /** Whether the order id is one of the key columns of {@code schema} (items, packages). */
  private static boolean keyedByOrder(DatasetSchema schema) {
    return schema.keyColumns().contains(Orders.ORDER_ID);
  }

  /** The key columns of {@code schema}, the order id first when it is one. */
  private static List<String> keyOrderIdFirst(DatasetSchema schema) {
    List<String> ordered = new ArrayList<>();
    if (keyedByOrder(schema)) {
      ordered.add(Orders.ORDER_ID);
    }
    schema.keyColumns().stream().filter(c -> !c.equals(Orders.ORDER_ID)).forEach(ordered::add);
    return ordered;
  }

  /** The key columns of {@code schema} ({@link #keyOrderIdFirst}), then {@code more}. */
  private static Column[] keyAnd(DatasetSchema schema, Column... more) {
    return Stream.concat(keyOrderIdFirst(schema).stream().map(c -> col(c)), Stream.of(more))
        .toArray(Column[]::new);
  }

  /**
   * A timestamp as UTC text, whatever the session time zone: a cast to string alone renders it in
   * the session's zone, which made the detail differ between a laptop and a cluster.
   */
  private static Column utcText(Column ts) {
    return concat(to_utc_timestamp(ts, current_timezone()).cast("string"), lit("Z"));
  }

  /**
   * A row whose own known-at timestamp is after D is not yet known; a nullable one that is null (an
   * unconfirmed package) is never known. A null required one is left to MISSING_REQUIRED.
   */
  private static Column ownTimestampNotYetKnown(DatasetSchema schema, KnownAt known) {
    Optional<String> knownAt = schema.knownAtColumn();
    if (knownAt.isEmpty()) {
      return lit(false);
    }
    Column ts = col(knownAt.get());
    Column after = known.isAfter(ts);
    boolean required = schema.column(knownAt.get()).map(ColumnSpec::isRequired).orElse(false);
    return required ? after : after.or(ts.isNull());
  }

  /**
   * Identical rows collapsed to one, with {@link ValidatedDataset#COPIES} counting them.
   *
   * <p>Rows are distributed by order id first. Every later step of the gate groups by columns that
   * include it (the collapse; the order's own key; a child's join to its order; the keys of items
   * and packages), so Spark reuses this one shuffle for all of them instead of shuffling the rows
   * again for each; into an explicit partition count ({@link Distributed}), so that the order
   * reference and what the gate keeps lie alike and the steps after the gate read them so.
   *
   * <p>The copies are counted by a window over all columns, the order id first, not a grouping: its
   * one sort also orders the rows by order id for the orders' window and the children's join to
   * their orders, where a grouping hashed every column of every row twice (the shuffle left its
   * partial and final aggregation in one stage) and the rows were sorted again after it. 0.94× the
   * wall and CPU time of a night at 1,000,000 orders (docs/benchmarks.md).
   */
  private static Dataset<Row> collapse(Dataset<Row> raw, DatasetSchema schema) {
    // the order id, the key, then the rest: the sort order the key's count reads rows in
    List<String> keyFirst = new ArrayList<>(keyOrderIdFirst(schema));
    if (!keyFirst.contains(Orders.ORDER_ID)) {
      keyFirst.add(0, Orders.ORDER_ID);
    }
    Column[] all =
        Stream.concat(
                keyFirst.stream(),
                schema.columns().stream().map(ColumnSpec::name).filter(c -> !keyFirst.contains(c)))
            .map(c -> col(c))
            .toArray(Column[]::new);
    WindowSpec identical = Window.partitionBy(all).orderBy(col(Orders.ORDER_ID));
    String first = "_first_copy";
    return Distributed.by(raw, Orders.ORDER_ID)
        .withColumns(
            Map.of(
                ValidatedDataset.COPIES,
                count(lit(1))
                    .over(
                        identical.rowsBetween(
                            Window.unboundedPreceding(), Window.unboundedFollowing())),
                first,
                row_number().over(identical)))
        .filter(col(first).equalTo(1))
        .drop(first);
  }

  /**
   * The state of each order id at each as-of date as its children see it: used wins over
   * quarantined, which wins over not yet known (a child of an order quarantined at D is an orphan
   * at D). Every child dataset joins it, so the caller computes it once.
   *
   * <p>Like the orders it comes from, a state is judged once per change and stands until the next
   * ({@link JudgedDates}): an id has one row here for most runs, whatever their dates. {@link
   * #referenceAt} keeps what a run's dates need of it.
   */
  public static Dataset<Row> orderReference(ValidatedDataset orders) {
    Column rank = lit(Disposition.OUT_OF_SCOPE.orderPrecedence());
    for (Disposition d : Disposition.values()) {
      rank =
          when(col(ValidatedDataset.DISPOSITION).equalTo(lit(d.name())), lit(d.orderPrecedence()))
              .otherwise(rank);
    }
    String best = "_best";
    // by order id, as each child's rows are for their join to it (the orders' kept rows already
    // are)
    return Distributed.by(orders.judged().filter(col(Orders.ORDER_ID).isNotNull()), Orders.ORDER_ID)
        // an id's rows are judged at the same dates, so each judgement stands until the same date
        .groupBy(col(Orders.ORDER_ID), KnownAt.asOf(), col(JudgedDates.UNTIL))
        .agg(
            min(struct(
                    rank.as("rank"),
                    col(ValidatedDataset.DISPOSITION).as(ORDER_STATE),
                    col(KnownAt.TIME_ZONE).as(KnownAt.TIME_ZONE),
                    col(Orders.PURCHASE_TS).as(ORDER_PURCHASE_TS)))
                .as(best))
        .select(
            col(Orders.ORDER_ID).as(REF_ORDER_ID),
            KnownAt.asOf().as(REF_AS_OF_DATE),
            col(JudgedDates.UNTIL).as(REF_UNTIL),
            col(best + "." + ORDER_STATE).as(ORDER_STATE),
            col(best + "." + KnownAt.TIME_ZONE).as(KnownAt.TIME_ZONE),
            col(best + "." + ORDER_PURCHASE_TS).as(ORDER_PURCHASE_TS));
  }

  /**
   * What children judged at {@code dates} only need of an {@link #orderReference}: the states that
   * stand for one of those dates. The join cannot tell that the other rows never match, and
   * shuffled them all for each dataset.
   */
  public static Dataset<Row> referenceAt(Dataset<Row> orderReference, AsOfDates dates) {
    return orderReference.filter(
        JudgedDates.of(dates.dates()).standsForAny(col(REF_AS_OF_DATE), col(REF_UNTIL)));
  }

  private static Dataset<Row> classify(
      Dataset<Row> rows,
      DatasetSchema schema,
      Column outOfScope,
      Column notYetKnown,
      UnaryOperator<Column> sameKeyOf,
      List<Column> childChecks) {
    // the two states and the key's count each named before they are read twice (the count, the
    // conflict and the verdict): Spark computes an expression once per reference across operators,
    // a local day of a timestamp among them, and a window read twice was two window functions
    Map<String, Column> states = new LinkedHashMap<>();
    states.put(OUT_OF_SCOPE, outOfScope);
    states.put(NOT_YET_KNOWN, notYetKnown);
    Column inPlay = not(col(OUT_OF_SCOPE)).and(not(col(NOT_YET_KNOWN)));
    Column keysPresent = lit(true);
    for (String key : schema.keyColumns()) {
      keysPresent = keysPresent.and(col(key).isNotNull());
    }
    Column candidate = inPlay.and(keysPresent);
    Dataset<Row> counted =
        rows.withColumns(states).withColumn(SAME_KEY_ROWS, sameKeyOf.apply(candidate));
    Column sameKey = col(SAME_KEY_ROWS);
    Column conflict = when(candidate.and(sameKey.gt(1)), conflictDetail(schema, sameKey));

    List<Column> checks = new ArrayList<>();
    checks.add(RowChecks.missingRequired(schema));
    checks.add(RowChecks.invalidValue(schema));
    checks.add(conflict);
    checks.addAll(childChecks);
    List<QuarantineCode> codes = List.of(QuarantineCode.values()).subList(0, checks.size());

    // one projection per step, not a column at a time: each withColumn re-analyses the whole plan
    Map<String, Column> flags = new LinkedHashMap<>();
    for (int i = 0; i < checks.size(); i++) {
      flags.put(CHECK_PREFIX + i, checks.get(i));
    }
    Dataset<Row> checked = counted.withColumns(flags);
    Column code = lit(null).cast("string");
    for (int i = checks.size() - 1; i >= 0; i--) {
      code = when(col(CHECK_PREFIX + i).isNotNull(), lit(codes.get(i).name())).otherwise(code);
    }
    Column[] details = new Column[checks.size()];
    for (int i = 0; i < checks.size(); i++) {
      details[i] = col(CHECK_PREFIX + i);
    }
    Column quarantined = inPlay.and(col(REASON_CODE).isNotNull());
    Column disposition =
        when(col(OUT_OF_SCOPE), lit(Disposition.OUT_OF_SCOPE.name()))
            .when(col(NOT_YET_KNOWN), lit(Disposition.NOT_YET_KNOWN.name()))
            .when(quarantined, lit(Disposition.QUARANTINED.name()))
            .otherwise(lit(Disposition.USED.name()));
    Map<String, Column> verdict = new LinkedHashMap<>();
    verdict.put(REASON_CODE, code);
    verdict.put(DETAIL, coalesce(details));
    Dataset<Row> classified = checked.withColumns(verdict);
    List<String> internal =
        new ArrayList<>(
            List.of(
                OUT_OF_SCOPE,
                NOT_YET_KNOWN,
                SAME_KEY_ROWS,
                REASON_CODE,
                DETAIL,
                ORDER_STATE,
                ORDER_PURCHASE_TS));
    for (int i = 0; i < checks.size(); i++) {
      internal.add(CHECK_PREFIX + i);
    }
    // personal data tells rows apart above and goes no further: no output holds it, and the
    // free-text comments are much of what every later step would otherwise carry and store. The
    // checked-only columns go no further than a quarantined row's entry: the judged rows are kept
    // for the later steps, and were a third wider with them (the items, the packages)
    schema.columns().stream()
        .filter(c -> c.isPersonal() || c.isCheckedOnly())
        .forEach(c -> internal.add(c.name()));
    // the disposition and what is kept in one projection (each Dataset call analyses the plan)
    List<Column> kept = new ArrayList<>();
    Stream.of(classified.columns())
        .filter(c -> !internal.contains(c))
        .forEach(c -> kept.add(col(c)));
    kept.add(disposition.as(ValidatedDataset.DISPOSITION));
    kept.add(
        when(quarantined, ValidatedDataset.quarantineEntry(schema, col(REASON_CODE), col(DETAIL)))
            .as(ValidatedDataset.QUARANTINE_ENTRY));
    return classified.select(kept.toArray(Column[]::new));
  }

  private static Column conflictDetail(DatasetSchema schema, Column sameKey) {
    StringBuilder format = new StringBuilder("%d different rows share");
    List<Column> args = new ArrayList<>();
    args.add(sameKey);
    String sep = " ";
    for (String key : schema.keyColumns()) {
      format.append(sep).append(key).append(" '%s'");
      boolean timestamp =
          schema.sparkSchema().apply(key).dataType()
              instanceof org.apache.spark.sql.types.TimestampType;
      args.add(timestamp ? utcText(col(key)) : col(key).cast("string"));
      sep = " and ";
    }
    return format_string(format.toString(), args.toArray(new Column[0]));
  }
}
