package org.rnn4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import org.rnn4j.data.DataFileException;

/**
 * Restates the library's errors about files in the command line's words: the option that named
 * the file leads the message (the library speaks of paths and methods, not of flags), and the
 * library's exception stays the cause.
 */
final class OptionErrors {
  private OptionErrors() {}

  /**
   * {@code e}, which happened reading {@code given}, led by {@code option}: e.g.
   * {@code --resume runs/a: runs/a/trainer.json: ...}; a message about {@code given} itself
   * ({@code given: ...}, {@code given [entry]: ...}, {@code given, line 3: ...}) only gets the
   * option in front.
   */
  static IOException about(String option, Path given, IOException e) {
    String msg = e.getMessage() == null ? e.toString() : e.getMessage();
    String g = given.toString();
    boolean leads = msg.startsWith(g + ":") || msg.startsWith(g + " [") || msg.startsWith(g + ",");
    String text = leads ? option + " " + msg : option + " " + g + ": " + msg;
    return new IOException(text, e);
  }

  /**
   * A bad IMDB or GloVe file met while loading the data: named by {@code --data} or
   * {@code --glove} when typed, else by where it was found, with the option that picks another.
   */
  static IOException loading(DataFileException e, DataFiles.Located source, DataFiles.Located glove) {
    boolean isGlove = glove != null && e.file() != null && same(e.file(), glove.path());
    DataFiles.Located f = isGlove ? glove : source;
    String option = isGlove ? "--glove" : "--data";
    if (f.origin().equals(option)) {
      return about(option, f.path(), e);
    }
    return new IOException(e.getMessage() + " (" + (isGlove ? "GloVe vectors: " : "IMDB data: ")
        + f.origin() + "; " + option + " PATH picks another)", e);
  }

  private static boolean same(Path a, Path b) {
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }
}
