package org.rnn4j.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file (IMDB archive or folder, GloVe file, saved vocabulary) is missing, has the wrong
 * layout or is damaged. The message names the file and, where known, the archive entry or the
 * 1-based line.
 *
 * <p>All readers in {@code org.rnn4j.data} report bad input with this checked exception (a
 * {@link IOException}, so callers that already handle I/O failures handle it too); caller
 * mistakes such as a negative {@code maxLen} are {@link IllegalArgumentException}s instead.
 */
public class DataFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String entry;
  private final long line;

  /**
   * @param message what is wrong, as a sentence about the file
   * @param file    the file or folder concerned
   * @param entry   archive entry or file inside a folder, or null
   * @param line    1-based line number, or 0 when not about a line
   * @param cause   the underlying failure, or null
   */
  public DataFileException(String message, Path file, String entry, long line, Throwable cause) {
    super(compose(message, file, entry, line), cause);
    this.file = file;
    this.entry = entry;
    this.line = line;
  }

  /** An exception about a whole file. */
  public DataFileException(String message, Path file) {
    this(message, file, null, 0, null);
  }

  /** The file or folder concerned. */
  public Path file() {
    return file;
  }

  /** The archive entry (or file inside a folder) concerned, or null. */
  public String entry() {
    return entry;
  }

  /** The 1-based line concerned, or 0. */
  public long line() {
    return line;
  }

  private static String compose(String message, Path file, String entry, long line) {
    StringBuilder sb = new StringBuilder();
    sb.append(file);
    if (entry != null) {
      sb.append(" [").append(entry).append(']');
    }
    if (line > 0) {
      sb.append(", line ").append(line);
    }
    return sb.append(": ").append(message).toString();
  }
}
