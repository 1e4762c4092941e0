package org.rnn4j.examples;

/**
 * A mistake in the command line (a bad value, options that do not go together): reported as one
 * line, exit code 2.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }

  /** A library error restated in the command line's words; {@code cause} keeps the original. */
  UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
