package io.claimlens.job;

import io.claimlens.config.AsOfDates;
import io.claimlens.config.JobConfig;
import io.claimlens.config.Policy;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.risk.SellerRisk;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;

/**
 * What every stage of a run reads: the session, the run's arguments and policy, and the policy
 * resolved for its dates, built once a run.
 *
 * @param atDates the policy at the run's dates
 * @param withWeekBefore the policy at the run's dates and the week-earlier ones that odr_change_7d
 *     compares with
 */
record RunContext(
    SparkSession spark,
    JobConfig config,
    Policy policy,
    PolicyAtDates atDates,
    PolicyAtDates withWeekBefore) {

  static RunContext of(SparkSession spark, JobConfig config, Policy policy) {
    return new RunContext(
        spark,
        config,
        policy,
        new PolicyAtDates(policy, config.asOf()),
        new PolicyAtDates(policy, datesWithWeekBefore(config.asOf())));
  }

  AsOfDates dates() {
    return config.asOf();
  }

  /** The run's dates and the week-earlier ones odr_change_7d compares with, each once, in order. */
  private static List<LocalDate> datesWithWeekBefore(AsOfDates dates) {
    TreeSet<LocalDate> all = new TreeSet<>(dates.shiftedBy(-SellerRisk.ODR_CHANGE_DAYS).dates());
    all.addAll(dates.dates());
    return List.copyOf(all);
  }
}
