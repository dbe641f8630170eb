package io.claimlens.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.io.PolicySource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped policy matches SPEC §2, and bad policy files fail with a one-line message (exit 2).
 */
class PolicyParserTest {

  private static final String DEFAULT_ENTRY =
      "\"default\": {\"time_zone\": \"UTC\", \"claim_response_window_hours\": 48, \"refund_deadline_days\": 2,"
          + " \"sku_window\": {\"window_days\": 90, \"lag_days\": 14},"
          + " \"hotspot\": {\"min_quality_claim_orders\": 3, \"rate_multiple\": 3},"
          + " \"metrics\": {\"ODR\": {\"window_days\": 60, \"lag_days\": 14, \"target\": \"< 0.01\", \"channels\": [\"ALL\", \"MFN\", \"AFN\"]},"
          + " \"CLAIM_RATE\": {\"window_days\": 60, \"lag_days\": 14, \"target\": null, \"channels\": [\"ALL\"]}}}";

  @Test
  void shippedPolicyCoversTheSpecMarketplacesAndDefaultCatalog() {
    Policy policy = PolicySource.load(Optional.empty(), new Configuration());

    assertEquals(
        Set.of(
            "ATVPDKIKX0DER",
            "A2EUQ1WTGCTBG2",
            "A1AM78C64UM0Y8",
            "A1F83G8C2ARO7P",
            "A1PA6795UKMFR9",
            "A13V1IB3VIYZZH",
            "APJ6JRA9NG5V4",
            "A1RKKUPIHCS9HS",
            "A1VC38T7YXB528",
            "A39IBJ37TRP1C6",
            "A21TJRUUN4KGV"),
        policy.marketplaces().stream().map(MarketplacePolicy::id).collect(Collectors.toSet()));
    assertEquals(
        ZoneId.of("America/Los_Angeles"), policy.forMarketplace("ATVPDKIKX0DER").timeZone());
    assertEquals(ZoneId.of("Asia/Kolkata"), policy.forMarketplace("A21TJRUUN4KGV").timeZone());
    assertEquals(ZoneId.of("UTC"), policy.forMarketplace("SOMEWHERE-ELSE").timeZone());

    MarketplacePolicy us = policy.forMarketplace("ATVPDKIKX0DER");
    assertEquals(
        List.of(MetricId.values()), us.metrics().stream().map(MetricPolicy::metric).toList());
    MetricPolicy odr = us.metrics().get(0);
    assertEquals(new WindowSpec(60, 14), odr.window());
    assertEquals(
        new Target(Target.Comparison.LT, new BigDecimal("0.01")), odr.target().orElseThrow());
    assertEquals(0, new BigDecimal("0.75").compareTo(odr.warningFraction()));
    assertEquals(List.of(Channel.ALL, Channel.MFN, Channel.AFN), odr.channels());
    MetricPolicy onTime = us.metrics().get(MetricId.ON_TIME_DELIVERY_RATE.ordinal());
    assertEquals(new WindowSpec(14, 7), onTime.window());
    assertEquals(
        new Target(Target.Comparison.GT, new BigDecimal("0.90")), onTime.target().orElseThrow());
    assertEquals(List.of(Channel.MFN), onTime.channels());
    MetricPolicy perfect = us.metrics().get(MetricId.PERFECT_ORDER_PERCENTAGE.ordinal());
    assertEquals(new WindowSpec(90, 14), perfect.window());
    assertEquals(
        new Target(Target.Comparison.GE, new BigDecimal("0.95")), perfect.target().orElseThrow());
    assertEquals(List.of(Channel.ALL), perfect.channels());
    assertTrue(us.metrics().get(1).target().isEmpty());
    assertEquals(Duration.ofHours(48), us.claimResponseWindow());
    assertEquals(2, us.refundDeadlineDays());
    assertEquals(new WindowSpec(90, 14), us.skuWindow());
    assertEquals(104, us.longestMetricSpan(), "PERFECT_ORDER_PERCENTAGE: 90 + 14");
    assertEquals(new RiskPolicy(40, 70, 90, new BigDecimal("750")), us.risk());
    assertEquals(
        new BigDecimal("100000"),
        policy.forMarketplace("A1VC38T7YXB528").risk().signatureConfirmationAbove(),
        "750 yen would be no threshold at all: JP states its own");
    assertEquals(us.risk(), policy.forMarketplace("SOMEWHERE-ELSE").risk());
    assertTrue(policy.digest().matches("sha256:[0-9a-f]{64}"), policy.digest());
  }

  @Test
  void windowCoversLagAndWindowDaysInclusive() {
    WindowSpec odr = new WindowSpec(60, 14);
    assertEquals(LocalDate.parse("2026-04-18"), odr.start(LocalDate.parse("2026-06-30")));
    assertEquals(LocalDate.parse("2026-06-16"), odr.end(LocalDate.parse("2026-06-30")));
  }

  @Test
  void marketplaceEntryOverridesOneSettingAndNullDropsAMetric() {
    Policy policy =
        parse(
            "{"
                + DEFAULT_ENTRY
                + ", \"marketplaces\": {\"M1\": {\"time_zone\": \"Europe/Berlin\","
                + " \"metrics\": {\"ODR\": {\"target\": \"<= 0.02\"}, \"CLAIM_RATE\": null}}}}");

    MarketplacePolicy m1 = policy.forMarketplace("M1");
    assertEquals(ZoneId.of("Europe/Berlin"), m1.timeZone());
    assertEquals(List.of(MetricId.ODR), m1.metrics().stream().map(MetricPolicy::metric).toList());
    assertEquals(
        new Target(Target.Comparison.LE, new BigDecimal("0.02")),
        m1.metrics().get(0).target().orElseThrow());
    assertEquals(new WindowSpec(60, 14), m1.metrics().get(0).window());
    assertEquals(2, policy.defaults().metrics().size());
  }

  @Test
  void riskBlockIsOptionalAndAMarketplaceOverridesOneRiskSetting() {
    Policy policy =
        parse(
            "{"
                + DEFAULT_ENTRY
                + ", \"marketplaces\": {\"M1\": {\"risk\": {\"high_from\": 60}},"
                + " \"M2\": {\"risk\": {\"signature_confirmation_above\": 99.5}}}}");

    assertEquals(RiskPolicy.DEFAULT, policy.defaults().risk(), "no risk block: the defaults");
    assertEquals(
        new RiskPolicy(40, 60, 90, new BigDecimal("750")), policy.forMarketplace("M1").risk());
    assertEquals(
        new RiskPolicy(40, 70, 90, new BigDecimal("99.5")), policy.forMarketplace("M2").risk());
  }

  @Test
  void marketplaceRiskMergesOverTheDefaultEntrysRiskBlock() {
    String withRisk =
        DEFAULT_ENTRY.substring(0, DEFAULT_ENTRY.length() - 1)
            + ", \"risk\": {\"medium_from\": 30, \"signature_confirmation_above\": 500}}";
    Policy policy =
        parse(
            "{" + withRisk + ", \"marketplaces\": {\"M1\": {\"risk\": {\"critical_from\": 95}}}}");

    assertEquals(new RiskPolicy(30, 70, 90, new BigDecimal("500")), policy.defaults().risk());
    assertEquals(
        new RiskPolicy(30, 70, 95, new BigDecimal("500")), policy.forMarketplace("M1").risk());
  }

  /**
   * SPEC §4.1's settings: the shipped defaults per metric (docs/policy.md) and the lookahead ones;
   * a marketplace overrides one of them.
   */
  @Test
  void metricWeightsMinDefectsAndLookaheadSettingsHaveDefaults() {
    Policy policy =
        parse(
            "{"
                + DEFAULT_ENTRY
                + ", \"marketplaces\": {\"M1\": {\"metrics\": {\"ODR\": {\"weight\": 0.5,"
                + " \"min_defects\": 2}}, \"risk\": {\"peers\": {\"min_peers\": 20}}}}}");
    MetricPolicy odr =
        policy.forMarketplace("M1").metrics().stream()
            .filter(m -> m.metric() == MetricId.ODR)
            .findFirst()
            .orElseThrow();
    assertEquals(new BigDecimal("0.5"), odr.weight());
    assertEquals(2, odr.minDefects());
    assertEquals(
        new RiskPolicy.Lookahead(90, 90, 30, 50, 20),
        policy.forMarketplace("M1").risk().lookahead());
    assertEquals(RiskPolicy.Lookahead.DEFAULT, policy.defaults().risk().lookahead());
    assertEquals(new BigDecimal("1"), MetricPolicy.defaultWeight(MetricId.ODR));
    assertEquals(3, MetricPolicy.defaultMinDefects(MetricId.ODR));
    assertEquals(
        new BigDecimal("0.3"), MetricPolicy.defaultWeight(MetricId.PERFECT_ORDER_PERCENTAGE));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"default\": 1} | 'default' must be an object",
        "not json | not valid JSON at line 1",
        "{\"defualt\": {}} | defualt: unknown setting",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"time_zone\": \"Mars/Olympus\"}}} | marketplaces.M1.time_zone: unknown time zone 'Mars/Olympus'",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"metrics\": {\"ODR\": {\"target\": \"about 1%\"}}}}} | marketplaces.M1.metrics.ODR.target must look like '< 0.01'",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"metrics\": {\"ODR\": {\"target\": \"< 1.5\"}}}}} | must be a rate between 0 and 1",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"metrics\": {\"LATE_RATE\": {}}}}} | marketplaces.M1.metrics.LATE_RATE: unknown metric 'LATE_RATE'",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"metrics\": {\"ODR\": {\"channels\": [\"FBA\"]}}}}} | unknown channel 'FBA'",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"metrics\": {\"ODR\": {\"window_days\": 0}}}}} | marketplaces.M1.metrics.ODR.window_days must be at least 1, got 0",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"metrics\": {\"ODR\": {\"warning_fraction\": 1.5}}}}} | warning_fraction must be above 0 and at most 1",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"hotspot\": {\"rate_multiple\": -1}}}} | marketplaces.M1.hotspot.rate_multiple must be above 0",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"sku_window\": {\"lag_days\": \"x\"}}}} | marketplaces.M1.sku_window.lag_days must be a whole number",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"risk\": 5}}} | marketplaces.M1.risk must be an object",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"risk\": {\"hgh_from\": 60}}}} | marketplaces.M1.risk.hgh_from: unknown setting",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"risk\": {\"high_from\": 95}}}} | marketplaces.M1.risk: tiers must rise, medium_from < high_from < critical_from, got 40, 95, 90",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"risk\": {\"critical_from\": 101}}}} | marketplaces.M1.risk.critical_from must be at most 100, got 101",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"risk\": {\"medium_from\": 0}}}} | marketplaces.M1.risk.medium_from must be at least 1, got 0",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"risk\": {\"high_from\": 70.5}}}} | marketplaces.M1.risk.high_from must be a whole number",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"risk\": {\"signature_confirmation_above\": 0}}}} | marketplaces.M1.risk.signature_confirmation_above must be an order total above 0, got 0",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"risk\": {\"signature_confirmation_above\": 750.005}}}} | may have at most 2 decimal places (order totals have 2), got 750.005",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"risk\": {\"signature_confirmation_above\": \"750\"}}}} | marketplaces.M1.risk.signature_confirmation_above must be a number",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"metrics\": {\"ODR\": {\"weight\": 1.5}}}}} | marketplaces.M1.metrics.ODR.weight must be between 0 and 1, got 1.5",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"metrics\": {\"ODR\": {\"min_defects\": 0}}}}} | marketplaces.M1.metrics.ODR.min_defects must be at least 1, got 0",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"risk\": {\"odr_projection\": {\"horizon\": 90}}}}} | marketplaces.M1.risk.odr_projection.horizon: unknown setting",
        "{DEFAULT, \"marketplaces\": {\"M1\": {\"risk\": {\"peers\": {\"min_peers\": 0}}}}} | marketplaces.M1.risk.peers.min_peers must be at least 1, got 0",
      })
  void badPolicyFailsWithTheJsonPathAndExitCodeTwo(String json, String message) {
    ClaimlensException e =
        assertThrows(
            ClaimlensException.class, () -> parse(json.replace("{DEFAULT", "{" + DEFAULT_ENTRY)));
    assertEquals(ExitCode.BAD_ARGUMENTS_OR_POLICY, e.exitCode());
    assertTrue(e.getMessage().startsWith("policy test.json: "), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
  }

  private static Policy parse(String json) {
    return PolicyParser.parse("test.json", json.getBytes(StandardCharsets.UTF_8));
  }
}
