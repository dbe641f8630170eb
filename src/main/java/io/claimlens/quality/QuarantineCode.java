package io.claimlens.quality;

/**
 * Why a row was quarantined (SPEC §1.2), in priority order: a row gets its first applicable code.
 */
public enum QuarantineCode {
  MISSING_REQUIRED,
  INVALID_VALUE,
  CONFLICTING_DUPLICATE,
  ORPHAN,
  BEFORE_ORDER
}
