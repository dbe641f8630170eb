package io.claimlens.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a policy file (JSON; {@code //} and {@code /* *\/} comments allowed, so the shipped file
 * can explain itself). A marketplace entry is merged over the {@code default} entry key by key,
 * objects recursively; a {@code null} removes a key, so a marketplace can drop a metric. Every rule
 * violation is a one-line {@link ClaimlensException} naming the file and the JSON path.
 */
public final class PolicyParser {
  static final String DEFAULT = "default";
  static final String MARKETPLACES = "marketplaces";
  static final String DESCRIPTION = "description";

  static final String NAME = "name";
  static final String TIME_ZONE = "time_zone";
  static final String CLAIM_RESPONSE_WINDOW_HOURS = "claim_response_window_hours";
  static final String REFUND_DEADLINE_DAYS = "refund_deadline_days";
  static final String SKU_WINDOW = "sku_window";
  static final String HOTSPOT = "hotspot";
  static final String WARNING_FRACTION = "warning_fraction";
  static final String METRICS = "metrics";
  static final String RISK = "risk";

  static final String WINDOW_DAYS = "window_days";
  static final String LAG_DAYS = "lag_days";
  static final String TARGET = "target";
  static final String CHANNELS = "channels";

  /** A metric's weight in the risk score, 0..1 (SPEC §4.1). */
  static final String WEIGHT = "weight";

  /** The fewest defects for a metric's breach to score as one (SPEC §4.1). */
  static final String MIN_DEFECTS = "min_defects";

  static final String MIN_QUALITY_CLAIM_ORDERS = "min_quality_claim_orders";
  static final String RATE_MULTIPLE = "rate_multiple";

  static final String MEDIUM_FROM = "medium_from";
  static final String HIGH_FROM = "high_from";
  static final String CRITICAL_FROM = "critical_from";
  static final String SIGNATURE_CONFIRMATION_ABOVE = "signature_confirmation_above";

  /** The risk block's odr_projected settings (SPEC §4.1). */
  static final String ODR_PROJECTION = "odr_projection";

  static final String HORIZON_DAYS = "horizon_days";
  static final String REFERENCE_DAYS = "reference_days";
  static final String MIN_REFERENCE_DEFECTS = "min_reference_defects";

  /** The risk block's peer_better_pct settings (SPEC §4.1). */
  static final String PEERS = "peers";

  static final String MIN_DENOMINATOR = "min_denominator";
  static final String MIN_PEERS = "min_peers";

  /** Risk scores run 0..100 (SPEC §4). */
  static final int MAX_RISK_SCORE = 100;

  /** Order totals are decimal(18,2): a threshold with more digits could never be told apart. */
  static final int MAX_AMOUNT_DECIMAL_PLACES = 2;

  private static final Set<String> TOP_KEYS = Set.of(DEFAULT, MARKETPLACES, DESCRIPTION);
  private static final Set<String> ENTRY_KEYS =
      Set.of(
          NAME,
          DESCRIPTION,
          TIME_ZONE,
          CLAIM_RESPONSE_WINDOW_HOURS,
          REFUND_DEADLINE_DAYS,
          SKU_WINDOW,
          HOTSPOT,
          WARNING_FRACTION,
          METRICS,
          RISK);
  private static final Set<String> WINDOW_KEYS = Set.of(WINDOW_DAYS, LAG_DAYS);
  private static final Set<String> HOTSPOT_KEYS = Set.of(MIN_QUALITY_CLAIM_ORDERS, RATE_MULTIPLE);
  private static final Set<String> RISK_KEYS =
      Set.of(
          MEDIUM_FROM,
          HIGH_FROM,
          CRITICAL_FROM,
          SIGNATURE_CONFIRMATION_ABOVE,
          ODR_PROJECTION,
          PEERS);
  private static final Set<String> ODR_PROJECTION_KEYS =
      Set.of(HORIZON_DAYS, REFERENCE_DAYS, MIN_REFERENCE_DEFECTS);
  private static final Set<String> PEERS_KEYS = Set.of(MIN_DENOMINATOR, MIN_PEERS);
  private static final Set<String> METRIC_KEYS =
      Set.of(WINDOW_DAYS, LAG_DAYS, TARGET, WARNING_FRACTION, CHANNELS, WEIGHT, MIN_DEFECTS);

  static final int MAX_DECIMAL_PLACES = 9;

  private static final Pattern TARGET_PATTERN =
      Pattern.compile("\\s*(<=|>=|<|>)\\s*([0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)\\s*");

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.ALLOW_COMMENTS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private final String source;

  private PolicyParser(String source) {
    this.source = source;
  }

  /** The policy that {@code bytes}, read from {@code source}, describe. */
  public static Policy parse(String source, byte[] bytes) {
    return new PolicyParser(source).parse(bytes);
  }

  private Policy parse(byte[] bytes) {
    JsonNode root;
    try {
      root = MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw fail(
          "not valid JSON at line "
              + e.getLocation().getLineNr()
              + ": "
              + e.getOriginalMessage().replace('\n', ' '));
    }
    if (root == null || !root.isObject()) {
      throw fail("the policy must be a JSON object");
    }
    checkKeys(root, "", TOP_KEYS);
    JsonNode defaults = root.get(DEFAULT);
    if (defaults == null || !defaults.isObject()) {
      throw fail("'" + DEFAULT + "' must be an object: the entry for marketplaces not listed");
    }
    MarketplacePolicy defaultPolicy = entry(Policy.DEFAULT_ID, DEFAULT, (ObjectNode) defaults);

    Map<String, MarketplacePolicy> marketplaces = new LinkedHashMap<>();
    JsonNode listed = root.get(MARKETPLACES);
    if (listed != null && !listed.isNull()) {
      if (!listed.isObject()) {
        throw fail("'" + MARKETPLACES + "' must be an object of marketplace id to settings");
      }
      Iterator<Map.Entry<String, JsonNode>> it = listed.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String path = MARKETPLACES + "." + e.getKey();
        if (!e.getValue().isObject()) {
          throw fail(path + " must be an object");
        }
        checkKeys(e.getValue(), path, ENTRY_KEYS);
        ObjectNode merged = merge(defaults.deepCopy(), (ObjectNode) e.getValue());
        marketplaces.put(e.getKey(), entry(e.getKey(), path, merged));
      }
    }
    return new Policy(marketplaces, defaultPolicy, source, digest(bytes));
  }

  /** {@code overlay} merged over {@code base}: objects recursively, null removes, else replace. */
  private static ObjectNode merge(ObjectNode base, ObjectNode overlay) {
    Iterator<Map.Entry<String, JsonNode>> it = overlay.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode current = base.get(e.getKey());
      if (e.getValue().isNull()) {
        base.remove(e.getKey());
      } else if (current != null && current.isObject() && e.getValue().isObject()) {
        merge((ObjectNode) current, (ObjectNode) e.getValue());
      } else {
        base.set(e.getKey(), e.getValue().deepCopy());
      }
    }
    return base;
  }

  private MarketplacePolicy entry(String id, String path, ObjectNode node) {
    checkKeys(node, path, ENTRY_KEYS);
    String name = node.hasNonNull(NAME) ? text(node, path, NAME) : id;
    ZoneId zone = zone(node, path);
    BigDecimal entryWarning =
        node.hasNonNull(WARNING_FRACTION)
            ? fraction(node, path, WARNING_FRACTION)
            : new BigDecimal("0.75");
    List<MetricPolicy> metrics = new ArrayList<>();
    JsonNode metricsNode = object(node, path, METRICS);
    Iterator<Map.Entry<String, JsonNode>> it = metricsNode.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      metrics.add(
          metric(path + "." + METRICS + "." + e.getKey(), e.getKey(), e.getValue(), entryWarning));
    }
    if (metrics.isEmpty()) {
      throw fail(path + "." + METRICS + " lists no metric");
    }
    JsonNode sku = object(node, path, SKU_WINDOW);
    checkKeys(sku, path + "." + SKU_WINDOW, WINDOW_KEYS);
    JsonNode hotspot = object(node, path, HOTSPOT);
    String hotspotPath = path + "." + HOTSPOT;
    checkKeys(hotspot, hotspotPath, HOTSPOT_KEYS);
    BigDecimal multiple = number(hotspot, hotspotPath, RATE_MULTIPLE);
    if (multiple.signum() <= 0) {
      throw fail(hotspotPath + "." + RATE_MULTIPLE + " must be above 0, got " + multiple);
    }
    return new MarketplacePolicy(
        id,
        name,
        zone,
        metrics,
        Duration.ofHours(integer(node, path, CLAIM_RESPONSE_WINDOW_HOURS, 1)),
        integer(node, path, REFUND_DEADLINE_DAYS, 0),
        window(sku, path + "." + SKU_WINDOW),
        new HotspotPolicy(integer(hotspot, hotspotPath, MIN_QUALITY_CLAIM_ORDERS, 1), multiple),
        risk(node, path));
  }

  /**
   * The entry's {@code risk} block. Optional, and so is each of its settings: a policy written
   * before seller_risk existed keeps working, with the {@link RiskPolicy#DEFAULT} settings.
   */
  private RiskPolicy risk(JsonNode node, String path) {
    JsonNode risk = node.get(RISK);
    if (risk == null || risk.isNull()) {
      return RiskPolicy.DEFAULT;
    }
    String riskPath = path + "." + RISK;
    if (!risk.isObject()) {
      throw fail(riskPath + " must be an object");
    }
    checkKeys(risk, riskPath, RISK_KEYS);
    int medium = tierFrom(risk, riskPath, MEDIUM_FROM, RiskPolicy.MEDIUM_FROM_DEFAULT);
    int high = tierFrom(risk, riskPath, HIGH_FROM, RiskPolicy.HIGH_FROM_DEFAULT);
    int critical = tierFrom(risk, riskPath, CRITICAL_FROM, RiskPolicy.CRITICAL_FROM_DEFAULT);
    if (!(medium < high && high < critical)) {
      throw fail(
          riskPath
              + ": tiers must rise, "
              + MEDIUM_FROM
              + " < "
              + HIGH_FROM
              + " < "
              + CRITICAL_FROM
              + ", got "
              + medium
              + ", "
              + high
              + ", "
              + critical);
    }
    BigDecimal signature = RiskPolicy.SIGNATURE_CONFIRMATION_ABOVE_DEFAULT;
    if (risk.hasNonNull(SIGNATURE_CONFIRMATION_ABOVE)) {
      signature = number(risk, riskPath, SIGNATURE_CONFIRMATION_ABOVE);
      String where = riskPath + "." + SIGNATURE_CONFIRMATION_ABOVE;
      if (signature.signum() <= 0) {
        throw fail(where + " must be an order total above 0, got " + signature.toPlainString());
      }
      if (signature.stripTrailingZeros().scale() > MAX_AMOUNT_DECIMAL_PLACES) {
        throw fail(
            where
                + " may have at most "
                + MAX_AMOUNT_DECIMAL_PLACES
                + " decimal places (order totals have 2), got "
                + signature.toPlainString());
      }
    }
    return new RiskPolicy(medium, high, critical, signature, lookahead(risk, riskPath));
  }

  /** The risk block's SPEC §4.1 settings; each optional, with its default. */
  private RiskPolicy.Lookahead lookahead(JsonNode risk, String riskPath) {
    RiskPolicy.Lookahead d = RiskPolicy.Lookahead.DEFAULT;
    JsonNode projection = optionalObject(risk, riskPath, ODR_PROJECTION, ODR_PROJECTION_KEYS);
    JsonNode peers = optionalObject(risk, riskPath, PEERS, PEERS_KEYS);
    String projectionPath = riskPath + "." + ODR_PROJECTION;
    String peersPath = riskPath + "." + PEERS;
    return new RiskPolicy.Lookahead(
        optionalInteger(projection, projectionPath, HORIZON_DAYS, 1, d.horizonDays()),
        optionalInteger(projection, projectionPath, REFERENCE_DAYS, 1, d.referenceDays()),
        optionalInteger(
            projection, projectionPath, MIN_REFERENCE_DEFECTS, 1, d.minReferenceDefects()),
        optionalInteger(peers, peersPath, MIN_DENOMINATOR, 1, d.peerMinDenominator()),
        optionalInteger(peers, peersPath, MIN_PEERS, 1, d.minPeers()));
  }

  /** The object under {@code key}, checked against {@code allowed}; an empty one when absent. */
  private JsonNode optionalObject(JsonNode node, String path, String key, Set<String> allowed) {
    if (!node.hasNonNull(key)) {
      return MAPPER.createObjectNode();
    }
    JsonNode value = object(node, path, key);
    checkKeys(value, path + "." + key, allowed);
    return value;
  }

  /** A whole number of at least {@code min} under {@code key}, {@code fallback} when absent. */
  private int optionalInteger(JsonNode node, String path, String key, int min, int fallback) {
    return node.hasNonNull(key) ? integer(node, path, key, min) : fallback;
  }

  /** A tier's lowest score: a whole number in 1..100, {@code fallback} when absent. */
  private int tierFrom(JsonNode risk, String path, String key, int fallback) {
    if (!risk.hasNonNull(key)) {
      return fallback;
    }
    int value = integer(risk, path, key, 1);
    if (value > MAX_RISK_SCORE) {
      throw fail(path + "." + key + " must be at most " + MAX_RISK_SCORE + ", got " + value);
    }
    return value;
  }

  private MetricPolicy metric(String path, String name, JsonNode node, BigDecimal entryWarning) {
    MetricId metric;
    try {
      metric = MetricId.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw fail(path + ": unknown metric '" + name + "'; known: " + List.of(MetricId.values()));
    }
    if (!node.isObject()) {
      throw fail(path + " must be an object");
    }
    checkKeys(node, path, METRIC_KEYS);
    Optional<Target> target = Optional.empty();
    if (node.hasNonNull(TARGET)) {
      target = Optional.of(target(path, text(node, path, TARGET)));
    } else if (!node.has(TARGET)) {
      throw fail(path + "." + TARGET + " is required (use null for a metric without a target)");
    }
    BigDecimal warning =
        node.hasNonNull(WARNING_FRACTION) ? fraction(node, path, WARNING_FRACTION) : entryWarning;
    BigDecimal weight = MetricPolicy.defaultWeight(metric);
    if (node.hasNonNull(WEIGHT)) {
      weight = decimalPlaces(path + "." + WEIGHT, number(node, path, WEIGHT));
      if (weight.signum() < 0 || weight.compareTo(BigDecimal.ONE) > 0) {
        throw fail(path + "." + WEIGHT + " must be between 0 and 1, got " + weight);
      }
    }
    int minDefects =
        optionalInteger(node, path, MIN_DEFECTS, 1, MetricPolicy.defaultMinDefects(metric));
    return new MetricPolicy(
        metric, window(node, path), target, warning, channels(node, path), weight, minDefects);
  }

  private Target target(String path, String text) {
    Matcher m = TARGET_PATTERN.matcher(text);
    if (!m.matches()) {
      throw fail(
          path + "." + TARGET + " must look like '< 0.01' (one of < <= > >=), got '" + text + "'");
    }
    BigDecimal value = decimalPlaces(path + "." + TARGET, new BigDecimal(m.group(2)));
    if (value.compareTo(BigDecimal.ONE) > 0) {
      throw fail(path + "." + TARGET + " must be a rate between 0 and 1, got '" + text + "'");
    }
    return new Target(Target.Comparison.ofSymbol(m.group(1)), value);
  }

  private List<Channel> channels(JsonNode node, String path) {
    JsonNode array = node.get(CHANNELS);
    if (array == null || !array.isArray() || array.isEmpty()) {
      throw fail(
          path + "." + CHANNELS + " must be a non-empty array of " + List.of(Channel.values()));
    }
    List<Channel> channels = new ArrayList<>();
    for (JsonNode c : array) {
      try {
        Channel channel = Channel.valueOf(c.asText());
        if (channels.contains(channel)) {
          throw fail(path + "." + CHANNELS + " lists " + channel + " twice");
        }
        channels.add(channel);
      } catch (IllegalArgumentException e) {
        throw fail(
            path
                + "."
                + CHANNELS
                + ": unknown channel '"
                + c.asText()
                + "'; known: "
                + List.of(Channel.values()));
      }
    }
    return channels;
  }

  private WindowSpec window(JsonNode node, String path) {
    return new WindowSpec(integer(node, path, WINDOW_DAYS, 1), integer(node, path, LAG_DAYS, 0));
  }

  private ZoneId zone(JsonNode node, String path) {
    String text = text(node, path, TIME_ZONE);
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw fail(
          path
              + "."
              + TIME_ZONE
              + ": unknown time zone '"
              + text
              + "' (use an IANA id such as Europe/Berlin)");
    }
  }

  private JsonNode object(JsonNode node, String path, String key) {
    JsonNode value = node.get(key);
    if (value == null || !value.isObject()) {
      throw fail(path + "." + key + " must be an object");
    }
    return value;
  }

  private String text(JsonNode node, String path, String key) {
    JsonNode value = node.get(key);
    if (value == null || !value.isTextual()) {
      throw fail(path + "." + key + " must be a string");
    }
    return value.asText();
  }

  private BigDecimal number(JsonNode node, String path, String key) {
    JsonNode value = node.get(key);
    if (value == null || !value.isNumber()) {
      throw fail(path + "." + key + " must be a number");
    }
    return value.decimalValue();
  }

  private int integer(JsonNode node, String path, String key, int min) {
    JsonNode value = node.get(key);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
      throw fail(path + "." + key + " must be a whole number");
    }
    if (value.intValue() < min) {
      throw fail(path + "." + key + " must be at least " + min + ", got " + value.intValue());
    }
    return value.intValue();
  }

  private BigDecimal fraction(JsonNode node, String path, String key) {
    BigDecimal value = decimalPlaces(path + "." + key, number(node, path, key));
    if (value.signum() <= 0 || value.compareTo(BigDecimal.ONE) > 0) {
      throw fail(path + "." + key + " must be above 0 and at most 1, got " + value);
    }
    return value;
  }

  private void checkKeys(JsonNode node, String path, Set<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (!allowed.contains(key)) {
        String where = path.isEmpty() ? key : path + "." + key;
        throw fail(
            where + ": unknown setting; allowed here: " + allowed.stream().sorted().toList());
      }
    }
  }

  private static String digest(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * Targets and warning fractions are compared exactly as decimal(19,18) products in Spark, so
   * their digits are bounded; no real policy needs more than nine.
   */
  private BigDecimal decimalPlaces(String path, BigDecimal value) {
    if (value.stripTrailingZeros().scale() > MAX_DECIMAL_PLACES) {
      throw fail(
          path
              + " may have at most "
              + MAX_DECIMAL_PLACES
              + " decimal places, got "
              + value.toPlainString());
    }
    return value;
  }

  private ClaimlensException fail(String message) {
    return ClaimlensException.badPolicy("policy " + source + ": " + message);
  }
}
