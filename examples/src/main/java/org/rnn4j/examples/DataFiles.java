package org.rnn4j.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.rnn4j.data.DataFileException;
import org.rnn4j.data.DatasetLocator;
import org.rnn4j.data.DownloadException;
import org.rnn4j.data.Downloader;

/**
 * Finds the IMDB data and the GloVe vectors when the user did not name them, and says where each
 * came from. The search puts the workspace's shared copy ({@code <project root>/../shared/data},
 * the root passed by the launcher as {@value #ROOT_PROPERTY}) before any download, because the
 * machines of this workspace have no internet.
 */
final class DataFiles {
  /** System property holding the project root (set by the launcher). */
  static final String ROOT_PROPERTY = "rnn4j.project.root";
  /** Environment variable naming a GloVe file. */
  static final String GLOVE_ENV = "RNN4J_GLOVE";
  /** The shared GloVe subset (100-d vectors of the IMDB vocabulary's words). */
  static final String SHARED_GLOVE = "glove.6B.100d.imdbvocab.txt.gz";

  /** A file and why it was chosen, e.g. "from RNN4J_DATA". */
  record Located(Path path, String origin) {
    @Override
    public String toString() {
      return path + " (" + origin + ")";
    }
  }

  /** Origin of a resumed run's data taken from its checkpoint. */
  static final String RECORDED = "recorded in the checkpoint";

  private final Function<String, String> env;
  private final Path cacheDir;
  private final Path projectRoot;
  private final URI imdbUrl;

  /**
   * @param env         environment lookup
   * @param cacheDir    the user's cache folder ({@code ~/.cache/rnn4j})
   * @param projectRoot the project's root folder, or null when unknown
   */
  DataFiles(Function<String, String> env, Path cacheDir, Path projectRoot) {
    this(env, cacheDir, projectRoot, DatasetLocator.IMDB_URL);
  }

  /** As above, downloading a missing IMDB archive from {@code imdbUrl} (tests). */
  DataFiles(Function<String, String> env, Path cacheDir, Path projectRoot, URI imdbUrl) {
    this.env = env;
    this.cacheDir = cacheDir;
    this.projectRoot = projectRoot;
    this.imdbUrl = imdbUrl;
  }

  /** The real environment, {@code ~/.cache/rnn4j} and the launcher's project root. */
  static DataFiles standard(Function<String, String> env) {
    String root = System.getProperty(ROOT_PROPERTY);
    return new DataFiles(env, Path.of(System.getProperty("user.home"), ".cache", "rnn4j"),
        root == null || root.isBlank() ? null : Path.of(root));
  }

  /**
   * The IMDB archive or folder: {@code explicit}, else $RNN4J_DATA, else the shared copy next to
   * the project, else the cached archive, else a download into the cache.
   */
  Located imdb(Path explicit) throws IOException {
    if (explicit != null) {
      requireExists(explicit, "--data");
      return new Located(explicit, "--data");
    }
    String fromEnv = env.apply(DatasetLocator.ENV);
    if (fromEnv == null || fromEnv.isBlank()) {
      Path shared = shared(DatasetLocator.ARCHIVE);
      if (shared != null) {
        return new Located(shared, "the workspace's shared copy next to the project");
      }
    }
    DatasetLocator locator = new DatasetLocator(env, cacheDir, imdbUrl, Downloader.standard());
    boolean cached = Files.isRegularFile(locator.cachedArchive());
    Path p;
    try {
      p = locator.locate(null);
    } catch (DownloadException e) {
      throw new DownloadException("could not download the IMDB dataset from " + imdbUrl + " ("
          + Downloader.reason(e.getCause()) + "); download " + DatasetLocator.ARCHIVE
          + " yourself and pass --data PATH or set " + DatasetLocator.ENV, e);
    } catch (DataFileException e) {
      throw new DataFileException("no such file or folder (from " + DatasetLocator.ENV
          + "); set it to the IMDB archive " + DatasetLocator.ARCHIVE + " or its extracted "
          + "aclImdb folder, or pass --data PATH", e.file(), null, 0, e);
    }
    String origin = fromEnv != null && !fromEnv.isBlank() ? "from " + DatasetLocator.ENV
        : cached ? "cached" : "downloaded from " + imdbUrl;
    return new Located(p, origin);
  }

  /**
   * The IMDB data of a resumed run: {@code explicit} when typed, else the path the checkpoint
   * recorded ({@link RunSettings#DATA}) while it still exists, else the usual search of
   * {@link #imdb}, after a line to {@code notes} saying that the recorded path is gone.
   */
  Located imdbOfRun(Path explicit, Map<String, String> saved, Consumer<String> notes)
      throws IOException {
    String recorded = saved.get(RunSettings.DATA);
    if (explicit != null || recorded == null || recorded.isBlank()) {
      return imdb(explicit);
    }
    Path p = pathOrNull(recorded);
    if (p != null && Files.exists(p)) {
      return new Located(p, RECORDED);
    }
    notes.accept("the data the checkpoint was trained on, " + recorded + ", no longer exists; "
        + "looking for the IMDB data as usual");
    return imdb(null);
  }

  private static Path pathOrNull(String s) {
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /**
   * GloVe vectors of dimension {@code dim}: {@code explicit}, else $RNN4J_GLOVE, else
   * {@code glove.6B.<dim>d.txt[.gz]} or {@code glove.6B.zip} in the cache, else the shared
   * 100-d subset; null when there are none.
   */
  Located glove(Path explicit, int dim) {
    if (explicit != null) {
      requireExists(explicit, "--glove");
      return new Located(explicit, "--glove");
    }
    String fromEnv = env.apply(GLOVE_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      Path p = Path.of(fromEnv);
      requireExists(p, GLOVE_ENV);
      return new Located(p, "from " + GLOVE_ENV);
    }
    for (String name : List.of("glove.6B." + dim + "d.txt", "glove.6B." + dim + "d.txt.gz",
        "glove.6B.zip")) {
      Path p = cacheDir.resolve(name);
      if (Files.isRegularFile(p)) {
        return new Located(p, "cached");
      }
    }
    Path shared = dim == 100 ? shared(SHARED_GLOVE) : null;
    return shared == null ? null : new Located(shared, "the workspace's shared copy next to the project");
  }

  /** The line to print when {@link #glove} found nothing. */
  String noGloveHint(int dim) {
    return "no GloVe vectors found (--glove, $" + GLOVE_ENV + ", " + cacheDir + "/glove.6B." + dim
        + "d.txt[.gz] or glove.6B.zip" + (dim == 100 ? ", ../shared/data/" + SHARED_GLOVE : "")
        + "): using a randomly initialised, trainable embedding. For GloVe, download "
        + "https://nlp.stanford.edu/data/glove.6B.zip (822 MB) into " + cacheDir
        + " or pass --glove PATH.";
  }

  /**
   * Checks that the vectors in {@code glove} have dimension {@code embed}: a text or gzip file by
   * its first line, a zip by having a {@code *.<embed>d.txt} member.
   */
  static void requireDimension(Path glove, int embed) throws IOException {
    byte[] magic = new byte[4];
    try (InputStream in = Files.newInputStream(glove)) {
      in.readNBytes(magic, 0, 4);
    }
    if (magic[0] == 'P' && magic[1] == 'K') {
      List<String> members = new ArrayList<>();
      try (ZipFile zip = new ZipFile(glove.toFile())) {
        zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".txt")).forEach(members::add);
      }
      if (members.stream().noneMatch(n -> n.endsWith("." + embed + "d.txt"))) {
        throw new UsageException("--embed " + embed + ": " + glove + " has no " + embed
            + "-dimensional vectors (members: " + members + "); pick --embed to match one");
      }
      return;
    }
    int dim = firstLineDimension(glove, (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b);
    if (dim > 0 && dim != embed) {
      throw new UsageException("--embed " + embed + " does not match the " + dim
          + "-dimensional GloVe vectors in " + glove + "; use --embed " + dim
          + " or another GloVe file");
    }
  }

  private static int firstLineDimension(Path file, boolean gzip) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
         InputStream in = gzip ? new GZIPInputStream(raw) : raw;
         BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line = r.readLine();
      // The file's own parser reports a malformed first line; here 0 means "cannot tell".
      return line == null ? 0 : line.trim().split(" ").length - 1;
    }
  }

  private Path shared(String name) {
    if (projectRoot == null) {
      return null;
    }
    Path p = projectRoot.resolve("..").resolve("shared").resolve("data").resolve(name).normalize();
    return Files.isRegularFile(p) ? p : null;
  }

  private static void requireExists(Path p, String option) {
    if (!Files.exists(p)) {
      throw new UsageException(option + " " + p + ": no such file or folder");
    }
  }
}
