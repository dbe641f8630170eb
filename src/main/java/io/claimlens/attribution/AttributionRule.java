package io.claimlens.attribution;

import org.apache.spark.sql.Column;

/**
 * One row of the SPEC §3 rule table: when {@code condition} holds over a claim's evidence, the
 * claim gets {@code rootCause}, unless an earlier rule matched.
 *
 * @param id stable rule id (R01 … R99) that analysts group by
 * @param when the condition in words, as the SPEC states it
 * @param condition the condition over {@link ClaimEvidence} columns; null evidence never matches
 */
public record AttributionRule(String id, String when, Column condition, RootCause rootCause) {}
