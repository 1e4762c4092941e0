package org.rnn4j.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes files so that a reader sees either the old complete file or the new complete file, never
 * a half-written one: the bytes go to a temporary file in the same directory, are forced to disk,
 * and the temporary file is renamed over the target ({@code rename(2)} is atomic within one file
 * system, which a sibling temporary file guarantees).
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Fills a freshly created, empty file. */
  @FunctionalInterface
  public interface ChannelWriter {
    void write(FileChannel channel) throws IOException;
  }

  /**
   * Writes {@code target} atomically with {@code writer}. The parent directory must exist; on any
   * failure the temporary file is removed and {@code target} is left as it was.
   */
  public static void write(Path target, ChannelWriter writer) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new NoSuchFileException(String.valueOf(dir), null,
          "cannot write " + abs + ": its directory does not exist");
    }
    if (Files.isDirectory(abs)) {
      throw new IOException("cannot write " + abs + ": it is a directory");
    }
    // Not Files.createTempFile: that makes the file owner-only (0600); this one gets the usual
    // permissions (umask), like any file the user creates.
    Path tmp = dir.resolve("." + abs.getFileName() + "." + UUID.randomUUID() + ".tmp");
    boolean done = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
          StandardOpenOption.CREATE_NEW)) {
        writer.write(ch);
        ch.force(true);
      }
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
    syncDirectory(dir);
  }

  /** Writes {@code text} as UTF-8 to {@code target} atomically. */
  public static void writeString(Path target, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(target, ch -> writeFully(ch, ByteBuffer.wrap(bytes)));
  }

  /** Writes every remaining byte of {@code buf}. */
  public static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  /**
   * Forces a directory's entries (renames, new files) to disk, where the platform allows it;
   * Linux does, Windows cannot open a directory and is skipped.
   */
  public static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not supported here (e.g. Windows): the rename itself is still atomic.
    }
  }
}
