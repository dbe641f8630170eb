package io.claimlens.attribution;

import static io.claimlens.testing.Fixtures.JP;
import static io.claimlens.testing.Fixtures.US;
import static io.claimlens.testing.Fixtures.claim;
import static io.claimlens.testing.Fixtures.order;
import static io.claimlens.testing.RowAssertions.assertRows;

import io.claimlens.schema.Claims;
import io.claimlens.schema.Claims.Reason;
import io.claimlens.schema.Claims.Status;
import io.claimlens.schema.Orders;
import io.claimlens.testing.Rec;
import io.claimlens.testing.Scenario;
import io.claimlens.testing.SparkTestBase;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Late responses and claims_awaiting_response (SPEC §3, §4) for D = 2026-06-30 with the 48-hour
 * response window. D ends at 2026-07-01T07:00:00Z in Los Angeles and at 2026-06-30T15:00:00Z in
 * Tokyo.
 */
class ClaimsAwaitingResponseTest extends SparkTestBase {
  private static final String D = "2026-06-30";

  @TempDir Path dir;

  /**
   * r1 is answered exactly at its due time (Jun 22 10:00Z): not late. r2 one second after: late. r3
   * is unanswered and its due time passed: late, and overdue by Jun 22 10:00 → Jul 1 07:00 = 213 h.
   * r4 is due Jul 2 10:00Z: 27 h left. r5 is due at the very end of D: 0 h left, not yet late or
   * overdue. r6's answer comes after D, so at D it is unanswered: 93 h overdue. r7 is GRANTED:
   * late, but no longer awaiting an answer. r8's order is older than any window: not attributed,
   * yet awaiting (5 h left). r9 in Tokyo is due Jun 30 12:00Z, 3 h before D ends there.
   */
  @Test
  void responsesAreLateAfterTheirDueTimeAndOpenUnansweredClaimsAwaitWithHoursLeft() {
    Scenario s =
        new Scenario(spark, dir)
            .add(
                Orders.SCHEMA,
                order("o1", US, "S1", "2026-06-10T18:00:00Z"),
                order("o8", US, "S1", "2025-12-01T18:00:00Z"),
                order("o9", JP, "S9", "2026-06-10T03:00:00Z"))
            .add(
                Claims.SCHEMA,
                answered("r1", "2026-06-20T10:00:00Z", "2026-06-22T10:00:00Z"),
                answered("r2", "2026-06-20T10:00:00Z", "2026-06-22T10:00:01Z"),
                open("r3", "o1", "2026-06-20T10:00:00Z"),
                open("r4", "o1", "2026-06-30T10:00:00Z"),
                open("r5", "o1", "2026-06-29T07:00:00Z"),
                answered("r6", "2026-06-25T10:00:00Z", "2026-07-01T08:00:00Z"),
                claim("r7", "o1", Reason.OTHER, Status.GRANTED, "2026-06-20T10:00:00Z"),
                open("r8", "o8", "2026-06-29T12:00:00Z"),
                open("r9", "o9", "2026-06-28T12:00:00Z"));
    Scenario.Output out = s.run(D);

    assertRows(
        out.claimAttribution(),
        List.of("claim_id", "response_due_ts", "late_response"),
        new Object[] {"r1", ts("2026-06-22T10:00:00Z"), false},
        new Object[] {"r2", ts("2026-06-22T10:00:00Z"), true},
        new Object[] {"r3", ts("2026-06-22T10:00:00Z"), true},
        new Object[] {"r4", ts("2026-07-02T10:00:00Z"), false},
        new Object[] {"r5", ts("2026-07-01T07:00:00Z"), false},
        new Object[] {"r6", ts("2026-06-27T10:00:00Z"), true},
        new Object[] {"r7", ts("2026-06-22T10:00:00Z"), true},
        new Object[] {"r9", ts("2026-06-30T12:00:00Z"), true});
    assertRows(
        out.claimsAwaitingResponse(),
        List.of("marketplace_id", "seller_id", "claim_id", "order_id", "hours_left", "overdue"),
        new Object[] {US, "S1", "r3", "o1", -213.0, true},
        new Object[] {US, "S1", "r4", "o1", 27.0, false},
        new Object[] {US, "S1", "r5", "o1", 0.0, false},
        new Object[] {US, "S1", "r6", "o1", -93.0, true},
        new Object[] {US, "S1", "r8", "o8", 5.0, false},
        new Object[] {JP, "S9", "r9", "o9", -3.0, true});
  }

  private static Rec open(String id, String orderId, String filedTs) {
    return claim(id, orderId, Reason.ITEM_NOT_RECEIVED, Status.OPEN, filedTs);
  }

  private static Rec answered(String id, String filedTs, String responseTs) {
    return claim(id, "o1", Reason.ITEM_NOT_RECEIVED, Status.UNDER_REVIEW, filedTs)
        .with(Claims.SELLER_RESPONSE_TS, responseTs);
  }

  private static Timestamp ts(String instant) {
    return Timestamp.from(Instant.parse(instant));
  }
}
