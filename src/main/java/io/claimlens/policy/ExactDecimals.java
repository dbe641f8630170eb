package io.claimlens.policy;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * The exact decimal types in which counts are compared with the policy's targets and thresholds.
 */
public final class ExactDecimals {
  /** Exact type of targets and thresholds (rates in [0, 1], up to 18 decimal places). */
  public static final DecimalType FRACTION = DataTypes.createDecimalType(19, 18);

  /** Exact type of counts compared with targets and thresholds (a long fits in 20 digits). */
  public static final DecimalType COUNT = DataTypes.createDecimalType(20, 0);

  private ExactDecimals() {}
}
