package io.claimlens.config;

/**
 * The process exit codes of SPEC §5, in one place, and claimlens's own 4 (docs/spec-readings.md).
 */
public enum ExitCode {
  SUCCESS(0),
  FAILURE(1),
  BAD_ARGUMENTS_OR_POLICY(2),
  INPUT_SCHEMA(3),
  /** Another live run holds the output root's lock; retry once it has finished. */
  OUTPUT_LOCKED(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The number the process exits with. */
  public int code() {
    return code;
  }
}
