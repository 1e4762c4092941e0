package org.rnn4j.data;

import java.io.IOException;

/**
 * A download failed (offline, unknown host, HTTP error, cut-off transfer, or the cache folder
 * cannot be written). The message is one sentence telling the user what went wrong and how to
 * supply the file instead.
 */
public class DownloadException extends IOException {
  private static final long serialVersionUID = 1L;

  public DownloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
