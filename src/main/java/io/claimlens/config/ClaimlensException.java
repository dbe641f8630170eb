package io.claimlens.config;

/**
 * An error the user can fix from its message alone: bad arguments, a bad policy, input that breaks
 * the schema contract. The entry point prints the message as one line and exits with its code.
 */
public class ClaimlensException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  public ClaimlensException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public ClaimlensException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** A bad command line (exit 2). */
  public static ClaimlensException badArguments(String message) {
    return new ClaimlensException(ExitCode.BAD_ARGUMENTS_OR_POLICY, message);
  }

  /** A policy file that cannot be read or breaks its rules (exit 2). */
  public static ClaimlensException badPolicy(String message) {
    return new ClaimlensException(ExitCode.BAD_ARGUMENTS_OR_POLICY, message);
  }

  /** Input that does not match the declared schema (exit 3). */
  public static ClaimlensException inputSchema(String message) {
    return new ClaimlensException(ExitCode.INPUT_SCHEMA, message);
  }

  /** The process exit code this error maps to. */
  public ExitCode exitCode() {
    return exitCode;
  }
}
