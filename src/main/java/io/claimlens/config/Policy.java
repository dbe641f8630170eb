package io.claimlens.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A policy file, resolved: every listed marketplace with the default entry merged under it, the
 * default entry itself for unknown ids, and a digest of the file for the run manifest.
 */
public final class Policy {
  /** The id the default entry stands under in the resolved policy and in messages. */
  public static final String DEFAULT_ID = "default";

  private final Map<String, MarketplacePolicy> marketplaces;
  private final MarketplacePolicy defaults;
  private final String source;
  private final String digest;

  public Policy(
      Map<String, MarketplacePolicy> marketplaces,
      MarketplacePolicy defaults,
      String source,
      String digest) {
    this.marketplaces = Map.copyOf(marketplaces);
    this.defaults = defaults;
    this.source = source;
    this.digest = digest;
  }

  /** The settings for {@code marketplaceId}: its own entry, or the default one. */
  public MarketplacePolicy forMarketplace(String marketplaceId) {
    return marketplaces.getOrDefault(marketplaceId, defaults);
  }

  /** The explicitly listed marketplaces. */
  public Collection<MarketplacePolicy> marketplaces() {
    return marketplaces.values();
  }

  /** The entry for ids the file does not list. */
  public MarketplacePolicy defaults() {
    return defaults;
  }

  /** Where the policy was read from. */
  public String source() {
    return source;
  }

  /** {@code sha256:<hex>} of the policy file's bytes. */
  public String digest() {
    return digest;
  }

  /** The listed marketplaces and the default entry, which together decide every window. */
  public List<MarketplacePolicy> allEntries() {
    List<MarketplacePolicy> all = new ArrayList<>(marketplaces.values());
    all.add(defaults);
    return all;
  }
}
