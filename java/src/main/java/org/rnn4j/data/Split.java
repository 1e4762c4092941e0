package org.rnn4j.data;

/** The two halves of a dataset (IMDB's named like its folders). */
public enum Split {
  TRAIN("train"),
  TEST("test");

  private final String folder;

  Split(String folder) {
    this.folder = folder;
  }

  /** The folder name inside {@code aclImdb/}: {@code train} or {@code test}. */
  public String folder() {
    return folder;
  }

  /** The split whose folder is {@code name}, or null. */
  static Split ofFolder(String name) {
    for (Split s : values()) {
      if (s.folder.equals(name)) {
        return s;
      }
    }
    return null;
  }
}
