package io.claimlens.quality;

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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quarantine details name timestamps in UTC, so the same input gives the same table on a laptop and
 * on a cluster in another time zone (this session's zone is Pacific/Auckland).
 */
class QuarantineDetailTimeZoneTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void timestampsInDetailsAreUtcWhateverTheSessionZone() {
    Rec conflicting = claim("c2", "o1", Reason.DAMAGED, Status.OPEN, "2026-06-05T10:00:00Z");
    Scenario.Output out =
        new Scenario(spark, dir)
            .add(Orders.SCHEMA, order("o1", US, "S1", "2026-06-01T18:00:00Z"))
            .add(
                Claims.SCHEMA,
                claim("c1", "o1", Reason.DAMAGED, Status.OPEN, "2026-05-29T21:05:00Z"),
                conflicting,
                conflicting.with(Claims.AMOUNT, "30.00"))
            .run("2026-06-30");

    assertRows(
        out.quarantine(),
        List.of("record_id", "reason_code", "detail"),
        new Object[] {
          "c1",
          "BEFORE_ORDER",
          "filed_ts 2026-05-29 21:05:00Z is before the order's purchase_ts 2026-06-01 18:00:00Z"
        },
        new Object[] {
          "c2",
          "CONFLICTING_DUPLICATE",
          "2 different rows share claim_id 'c2' and updated_ts '2026-06-05 10:00:00Z'"
        },
        new Object[] {
          "c2",
          "CONFLICTING_DUPLICATE",
          "2 different rows share claim_id 'c2' and updated_ts '2026-06-05 10:00:00Z'"
        });
  }
}
