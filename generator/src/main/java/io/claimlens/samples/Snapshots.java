package io.claimlens.samples;

import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * Writes the successive states of one snapshot entity (a claim, feedback, chargeback or return):
 * each state is the previous row with some columns changed and a later updated_ts. States after the
 * export are not written, and neither is anything after them.
 */
final class Snapshots {
  private final ParquetSink sink;
  private final String updatedColumn;
  private final Instant cutoff;
  private Row current;
  private Instant last;
  private boolean open = true;

  /** The history of the entity whose first state is {@code first}, minus its updated_ts. */
  Snapshots(ParquetSink sink, Row first, String updatedColumn, Instant cutoff) {
    this.sink = sink;
    this.current = first;
    this.updatedColumn = updatedColumn;
    this.cutoff = cutoff;
  }

  /**
   * Records the state at {@code at}: the previous state with {@code change} applied. A time not
   * after the previous state is moved one second past it, so (id, updated_ts) stays unique.
   */
  Snapshots at(Instant at, UnaryOperator<Row> change) {
    if (!open || at == null) {
      return this;
    }
    if (last != null && !at.isAfter(last)) {
      at = last.plusSeconds(1);
    }
    if (at.isAfter(cutoff)) {
      open = false;
      return this;
    }
    current = change.apply(current.copy()).set(updatedColumn, at);
    sink.write(current);
    last = at;
    return this;
  }
}
