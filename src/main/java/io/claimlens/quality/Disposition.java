package io.claimlens.quality;

/** What became of a distinct input row in a run; the run manifest counts rows by it. */
public enum Disposition {
  /** Valid and known at D: feeds the metrics. */
  USED,
  /** Bad: written to the quarantine table, left out of every metric. */
  QUARANTINED,
  /** Not known at D yet (its own timestamp, or its order's, is after D). */
  NOT_YET_KNOWN,
  /** Belongs to a marketplace that --marketplaces left out of this run. */
  OUT_OF_SCOPE;

  /** Rank among the states of an order id seen by its children: lower wins. */
  int orderPrecedence() {
    switch (this) {
      case USED:
        return 0;
      case QUARANTINED:
        return 1;
      case NOT_YET_KNOWN:
        return 2;
      default:
        return 3;
    }
  }
}
