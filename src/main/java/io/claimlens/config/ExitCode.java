package io.claimlens.config;

/** The process exit codes of SPEC §5, in one place. */
public enum ExitCode {
  SUCCESS(0),
  FAILURE(1),
  BAD_ARGUMENTS_OR_POLICY(2),
  INPUT_SCHEMA(3);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The number the process exits with. */
  public int code() {
    return code;
  }
}
