package org.rnn4j.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Assumptions;

/** Small IMDB-layout archives and folders built by tests, and the shared real data. */
final class ImdbFixtures {
  private ImdbFixtures() {
  }

  /** The shared data folder's file {@code name}, or a skipped test where it is absent. */
  static Path sharedFile(String name) {
    Path p = sharedPath(name);
    Assumptions.assumeTrue(Files.isRegularFile(p), "real data " + p + " not found (system "
        + "property rnn4j.shared.data); skipping");
    return p;
  }

  /** Where the shared data folder's file {@code name} would be. */
  static Path sharedPath(String name) {
    return Path.of(System.getProperty("rnn4j.shared.data", "../shared/data"), name);
  }

  /** A few reviews per split and label, as entry name (under aclImdb/) to text bytes. */
  static Map<String, byte[]> smallLayout() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("aclImdb/README", utf8("not a review"));
    m.put("aclImdb/imdb.vocab", utf8("the\nand\n"));
    m.put("aclImdb/test/pos/3_10.txt", utf8("Great film, GREAT acting!<br /><br />Loved it."));
    m.put("aclImdb/test/pos/12_8.txt", utf8("Good, good movie."));
    m.put("aclImdb/test/neg/0_2.txt", utf8("Bad. Really bad movie."));
    m.put("aclImdb/test/neg/7_1.txt", utf8(""));
    m.put("aclImdb/train/pos/0_9.txt", utf8("A great movie; the best. Café scenes are great."));
    m.put("aclImdb/train/pos/10_7.txt", utf8("Good movie, I don't regret it."));
    m.put("aclImdb/train/pos/2_10.txt", utf8("Great great GREAT."));
    m.put("aclImdb/train/neg/1_3.txt", utf8("A bad movie. Bad acting, bad plot."));
    m.put("aclImdb/train/neg/11_4.txt", utf8("Not good; the plot was bad—really."));
    m.put("aclImdb/train/unsup/0_0.txt", utf8("Unlabelled text here."));
    m.put("aclImdb/train/unsup/1_0.txt", utf8("More unlabelled text."));
    m.put("aclImdb/train/urls_pos.txt", utf8("http://example.invalid/\n"));
    return m;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Writes {@code entries} as a .tar.gz with folder entries for each parent, in map order. */
  static Path writeArchive(Path file, Map<String, byte[]> entries) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file);
         GzipCompressorOutputStream gz = new GzipCompressorOutputStream(raw);
         TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      java.util.Set<String> dirs = new java.util.HashSet<>();
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        String name = e.getKey();
        for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
          String dir = name.substring(0, i + 1);
          if (dirs.add(dir)) {
            tar.putArchiveEntry(new TarArchiveEntry(dir));
            tar.closeArchiveEntry();
          }
        }
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
    return file;
  }

  /** Writes {@code entries} as files under {@code root}. */
  static Path writeFolder(Path root, Map<String, byte[]> entries) throws IOException {
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      Path p = root.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
    }
    return root;
  }
}
