package org.rnn4j.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /** Reads every review file under {@code root}; returns malformed sequences replaced. */
  static long read(Path root, boolean includeUnsup, Consumer<? super Review> sink)
      throws IOException {
    Utf8Text utf8 = new Utf8Text();
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
        readDir(root, dir, prefix + split.folder() + "/" + label + "/", utf8, sink);
      }
    }
    return utf8.replaced();
  }

  private static void readDir(Path root, Path dir, String prefix, Utf8Text utf8,
      Consumer<? super Review> sink) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String source = prefix + file.getFileName();
        ReviewName name = Files.isRegularFile(file) ? ReviewName.parse(source, root) : null;
        if (name == null) {
          continue;
        }
        byte[] bytes = Files.readAllBytes(file);
        sink.accept(new Review(name.split(), name.label(), name.rating(), name.id(),
            utf8.decode(bytes, bytes.length), source));
      }
    }
  }
}
