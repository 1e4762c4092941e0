package org.rnn4j.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Reads reviews from an extracted {@code aclImdb/} folder. */
final class ImdbFolder {
  private ImdbFolder() {
  }

  /** {@code path} itself if it holds {@code train/} and {@code test/}, else its {@code aclImdb/}. */
  static Path root(Path path) throws DataFileException {
    if (isRoot(path)) {
      return path;
    }
    Path inner = path.resolve("aclImdb");
    if (isRoot(inner)) {
      return inner;
    }
    throw new DataFileException("does not have the IMDB layout: expected train/ and test/ "
        + "folders (the extracted aclImdb folder) here or in an aclImdb subfolder", path);
  }

  private static boolean isRoot(Path p) {
    return Files.isDirectory(p.resolve("train")) && Files.isDirectory(p.resolve("test"));
  }

  /** A review file found by {@link #list}: its place in the layout and where it lies. */
  record Entry(ReviewName name, String source, Path file) {
  }

  /** Reads every review file under {@code root}; returns malformed sequences replaced. */
  static long read(Path root, boolean includeUnsup, Consumer<? super Review> sink)
      throws IOException {
    Utf8Text utf8 = new Utf8Text();
    for (Entry e : list(root, includeUnsup)) {
      sink.accept(read(e, utf8));
    }
    return utf8.replaced();
  }

  /** The review {@code e} names, its file read and decoded. */
  static Review read(Entry e, Utf8Text utf8) throws IOException {
    byte[] bytes = Files.readAllBytes(e.file());
    ReviewName name = e.name();
    return new Review(name.split(), name.label(), name.rating(), name.id(),
        utf8.decode(bytes, bytes.length), e.source());
  }

  /**
   * The review files under {@code root}, folder by folder in listing order, from their names
   * alone (no file is opened).
   */
  static List<Entry> list(Path root, boolean includeUnsup) throws IOException {
    List<Entry> out = new ArrayList<>();
    String prefix = root.getFileName() == null ? "" : root.getFileName() + "/";
    for (Split split : Split.values()) {
      for (String label : new String[] {"neg", "pos", "unsup"}) {
        if (label.equals("unsup") && (split != Split.TRAIN || !includeUnsup)) {
          continue;
        }
        Path dir = root.resolve(split.folder()).resolve(label);
        if (!Files.isDirectory(dir)) {
          throw new DataFileException("does not have the IMDB layout: no " + split.folder() + "/"
              + label + " folder (expected folders like aclImdb/train/pos/ holding "
              + "ID_RATING.txt files)", root);
        }
        listDir(root, dir, prefix + split.folder() + "/" + label + "/", out);
      }
    }
    return out;
  }

  private static void listDir(Path root, Path dir, String prefix, List<Entry> out)
      throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String source = prefix + file.getFileName();
        ReviewName name = Files.isRegularFile(file) ? ReviewName.parse(source, root) : null;
        if (name != null) {
          out.add(new Entry(name, source, file));
        }
      }
    }
  }
}
