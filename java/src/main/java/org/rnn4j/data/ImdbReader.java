package org.rnn4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads the IMDB Large Movie Review Dataset (Maas et al. 2011) from the official archive
 * {@code aclImdb_v1.tar.gz} (streamed through gzip and tar, nothing extracted) or from an
 * extracted {@code aclImdb/} folder or its parent.
 *
 * <p>Reviews are {@code SPLIT/LABEL/ID_RATING.txt} files, decoded as UTF-8 with malformed bytes
 * replaced by U+FFFD and counted. {@code train/unsup} is skipped unless asked for. Bad input
 * (missing path, not an archive or folder, no IMDB layout, a truncated or corrupt archive) throws
 * {@link DataFileException} naming the file and the entry.
 */
public final class ImdbReader {
  private static final int BUFFER = 1 << 16;

  /** What {@link LayoutCheck} says a folder and an archive should hold. */
  static final String FOLDER_LAYOUT = "folders like aclImdb/train/pos/ holding ID_RATING.txt files";
  static final String ARCHIVE_LAYOUT = "entries like aclImdb/train/pos/ID_RATING.txt";

  private ImdbReader() {
  }

  /** The labelled reviews at {@code path} (archive, {@code aclImdb/} folder, or its parent). */
  public static ImdbDataset read(Path path) throws IOException {
    return read(path, false);
  }

  /** The reviews at {@code path}, with {@code train/unsup} when {@code includeUnsup}. */
  public static ImdbDataset read(Path path, boolean includeUnsup) throws IOException {
    List<Review> all = new ArrayList<>(includeUnsup ? 100_000 : 50_000);
    long replaced = stream(path, includeUnsup, all::add);
    return ImdbDataset.of(path, all, replaced);
  }

  /**
   * Hands every review at {@code path} to {@code sink} in the order the archive or folder listing
   * gives (not sorted), then checks that every split and label had at least one review.
   *
   * @return malformed UTF-8 sequences replaced
   */
  public static long stream(Path path, boolean includeUnsup, Consumer<? super Review> sink)
      throws IOException {
    boolean folder = isFolder(path);
    LayoutCheck check = new LayoutCheck(includeUnsup);
    Consumer<Review> counting = r -> {
      check.add(r.split(), r.label());
      sink.accept(r);
    };
    long replaced;
    if (folder) {
      Path root = ImdbFolder.root(path);
      replaced = ImdbFolder.read(root, includeUnsup, counting);
      check.verify(root, FOLDER_LAYOUT);
    } else {
      replaced = readArchive(path, includeUnsup, counting);
      check.verify(path, ARCHIVE_LAYOUT);
    }
    return replaced;
  }

  /**
   * True if {@code path} is a folder, false if it is a {@code .tar.gz} archive.
   *
   * @throws DataFileException if it is missing or neither
   */
  static boolean isFolder(Path path) throws DataFileException {
    if (!Files.exists(path)) {
      throw new DataFileException("no such file or folder; pass the IMDB archive "
          + "aclImdb_v1.tar.gz or its extracted aclImdb folder", path);
    }
    if (Files.isDirectory(path)) {
      return true;
    }
    if (!isTarGz(path)) {
      throw new DataFileException("is neither a .tar.gz archive nor a folder; pass the IMDB "
          + "archive aclImdb_v1.tar.gz or its extracted aclImdb folder", path);
    }
    return false;
  }

  static boolean isTarGz(Path path) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    return Files.isRegularFile(path) && (name.endsWith(".tar.gz") || name.endsWith(".tgz"));
  }

  private static long readArchive(Path archive, boolean includeUnsup,
      Consumer<? super Review> sink) throws IOException {
    Utf8Text utf8 = new Utf8Text();
    readArchiveRaw(archive, includeUnsup, (name, source, bytes, size) ->
        sink.accept(new Review(name.split(), name.label(), name.rating(), name.id(),
            utf8.decode(bytes, size), source)));
    return utf8.replaced();
  }

  /** Receives a review entry's place and undecoded bytes, valid only during the call. */
  @FunctionalInterface
  interface RawSink {
    void accept(ReviewName name, String source, byte[] bytes, int size) throws IOException;
  }

  /**
   * Streams the review entries of {@code archive} (gunzip and tar, in archive order) to
   * {@code sink} as raw bytes; everything else is skipped.
   */
  static void readArchiveRaw(Path archive, boolean includeUnsup, RawSink sink)
      throws IOException {
    String last = null;
    try (InputStream file = Files.newInputStream(archive);
         InputStream gz = GzipCompressorInputStream.builder()
             .setInputStream(new BufferedInputStream(file, BUFFER))
             .setDecompressConcatenated(true).get();
         TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(gz, BUFFER))) {
      byte[] buf = new byte[BUFFER];
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        last = entry.getName();
        ReviewName name = entry.isFile() ? ReviewName.parse(last, archive) : null;
        if (name == null || (name.label() == Review.UNLABELLED && !includeUnsup)) {
          continue;
        }
        if (entry.getSize() > Integer.MAX_VALUE - 16) {
          throw new DataFileException("review entry is too large (" + entry.getSize() + " bytes)",
              archive, last, 0, null);
        }
        int size = (int) entry.getSize();
        if (buf.length < size) {
          buf = new byte[Math.max(size, buf.length * 2)];
        }
        if (tar.readNBytes(buf, 0, size) < size) {
          throw new EOFException("entry ends early");
        }
        sink.accept(name, last, buf, size);
      }
    } catch (DataFileException e) {
      throw e;
    } catch (IOException e) {
      throw damaged(archive, last, e);
    }
  }

  private static DataFileException damaged(Path archive, String last, IOException e) {
    String where = last == null ? "before its first entry" : "after entry " + last;
    boolean truncated = e instanceof EOFException
        || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("truncated");
    String what = truncated ? "the archive is truncated " : "the archive is corrupt ";
    String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new DataFileException(what + where + " (" + cause + "); download aclImdb_v1.tar.gz "
        + "again", archive, last, 0, e);
  }
}
