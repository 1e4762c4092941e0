package org.rnn4j;

/**
 * {@link Backends#choose} was asked for a backend that cannot run here (e.g. {@code cudnn}
 * without a usable GPU). {@link #reason()} is the backend's own sentence, so a caller can report
 * it in its own words.
 */
public final class BackendUnavailableException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String backend;
  private final String reason;

  /**
   * @param backend the name asked for, e.g. {@code cudnn}
   * @param reason  why it cannot run, as a sentence
   */
  public BackendUnavailableException(String backend, String reason) {
    super("Backends.choose(\"" + backend + "\"): the backend is not usable here: " + reason);
    this.backend = backend;
    this.reason = reason;
  }

  /** The backend name asked for. */
  public String backend() {
    return backend;
  }

  /** Why it cannot run. */
  public String reason() {
    return reason;
  }
}
