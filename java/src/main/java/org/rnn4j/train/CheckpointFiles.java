package org.rnn4j.train;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rnn4j.store.AtomicFiles;

/**
 * The save protocol that keeps a checkpoint directory readable across a crash at any point:
 *
 * <ol>
 *   <li>Stage: write every file (each atomically) into {@code DIR/.staging/}, the commit marker
 *       {@code trainer.json} last. A crash here leaves the previous checkpoint in {@code DIR}
 *       untouched; the next save discards the staging folder.</li>
 *   <li>Commit: rename {@code .staging} to {@code DIR/.commit} (one atomic rename). From here on the
 *       new checkpoint is complete on disk.</li>
 *   <li>Install: move each file from {@code .commit/} over its old version in {@code DIR}
 *       (atomic renames, {@code trainer.json} last), then remove the empty {@code .commit}.</li>
 * </ol>
 *
 * A reader takes each file from {@code .commit/} where it is still there, else from {@code DIR}:
 * after a crash during installation that gives exactly the new checkpoint (moved files are in
 * {@code DIR}, the rest still in {@code .commit}), never a mix of two saves. The next save first
 * finishes such an interrupted installation. One writer per directory at a time.
 */
final class CheckpointFiles {
  static final String STAGING = ".staging";
  static final String COMMIT = ".commit";

  /** Writes one file of the checkpoint at the given path. */
  @FunctionalInterface
  interface FileWriter {
    void write(Path file) throws IOException;
  }

  /** Test seam: called at each step of a save, and may throw to simulate a crash there. */
  @FunctionalInterface
  interface SaveHook {
    SaveHook NONE = point -> {};

    void reached(String point) throws IOException;
  }

  private CheckpointFiles() {}

  /** Saves {@code files} (in order; the last is the commit marker) into {@code dir}. */
  static void save(Path dir, Map<String, FileWriter> files, SaveHook hook) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new FileAlreadyExistsException(dir.toString(), null,
          "the checkpoint path exists and is not a directory");
    }
    Files.createDirectories(dir);
    recover(dir, List.copyOf(files.keySet()));
    Path staging = dir.resolve(STAGING);
    deleteTree(staging);
    Files.createDirectory(staging);
    for (Map.Entry<String, FileWriter> f : files.entrySet()) {
      f.getValue().write(staging.resolve(f.getKey()));
      hook.reached("staged " + f.getKey());
    }
    AtomicFiles.syncDirectory(staging);
    Files.move(staging, dir.resolve(COMMIT), StandardCopyOption.ATOMIC_MOVE);
    AtomicFiles.syncDirectory(dir);
    hook.reached("committed");
    install(dir, List.copyOf(files.keySet()), hook);
  }

  /** Where to read {@code name} of the checkpoint in {@code dir} (see the class comment). */
  static Path resolve(Path dir, String name) {
    Path pending = dir.resolve(COMMIT).resolve(name);
    return Files.isRegularFile(pending) ? pending : dir.resolve(name);
  }

  /** Finishes an installation that a crash interrupted; {@code order} ends with the marker. */
  static void recover(Path dir, List<String> order) throws IOException {
    if (Files.isDirectory(dir.resolve(COMMIT))) {
      install(dir, order, SaveHook.NONE);
    }
  }

  private static void install(Path dir, List<String> order, SaveHook hook) throws IOException {
    Path commit = dir.resolve(COMMIT);
    for (String name : order) {
      Path src = commit.resolve(name);
      if (Files.isRegularFile(src)) {
        Files.move(src, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        hook.reached("installed " + name);
      }
    }
    deleteTree(commit);
    AtomicFiles.syncDirectory(dir);
  }

  /** Removes {@code path} and everything under it, if it exists (only our own folders). */
  static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> s = Files.walk(path)) {
      all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
    }
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }
}
