package io.claimlens.config;

import java.math.BigDecimal;

/**
 * When a SKU is a quality hotspot (SPEC §3): at least {@code minQualityClaimOrders} orders with a
 * quality claim in the SKU window, at a rate at least {@code rateMultiple} times the marketplace's
 * pooled rate.
 */
public record HotspotPolicy(long minQualityClaimOrders, BigDecimal rateMultiple) {}
