package org.rnn4j.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Finds the IMDB data: a path given by the user, else the environment variable
 * {@value #ENV}, else the cached archive {@code ~/.cache/rnn4j/aclImdb_v1.tar.gz}, else it
 * downloads the official archive into that cache. The environment, cache folder, URL and
 * downloader are injectable for tests.
 */
public final class DatasetLocator {
  /** Environment variable naming the IMDB archive or folder. */
  public static final String ENV = "RNN4J_DATA";
  /** The official archive's file name. */
  public static final String ARCHIVE = "aclImdb_v1.tar.gz";
  /** Where the official archive is published. */
  public static final URI IMDB_URL =
      URI.create("https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz");

  private final Function<String, String> env;
  private final Path cacheDir;
  private final URI url;
  private final Downloader downloader;

  /**
   * @param env        environment lookup (e.g. {@code System::getenv})
   * @param cacheDir   folder of the cached archive
   * @param url        where to download the archive from
   * @param downloader how to download it
   */
  public DatasetLocator(Function<String, String> env, Path cacheDir, URI url,
      Downloader downloader) {
    this.env = env;
    this.cacheDir = cacheDir;
    this.url = url;
    this.downloader = downloader;
  }

  /** The real environment, {@code ~/.cache/rnn4j}, the official URL, with a progress bar. */
  public static DatasetLocator standard() {
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "rnn4j");
    return new DatasetLocator(System::getenv, cache, IMDB_URL, Downloader.standard());
  }

  /** Where a downloaded archive is kept. */
  public Path cachedArchive() {
    return cacheDir.resolve(ARCHIVE);
  }

  /**
   * The IMDB archive or folder to read.
   *
   * @param explicit a path the user gave, or null
   * @throws DataFileException if a path given (directly or by {@value #ENV}) does not exist
   * @throws DownloadException if the archive had to be downloaded and could not be
   */
  public Path locate(Path explicit) throws IOException {
    if (explicit != null) {
      return requireExists(explicit, "");
    }
    String fromEnv = env.apply(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return requireExists(Path.of(fromEnv), " (from " + ENV + ")");
    }
    Path cached = cachedArchive();
    if (Files.isRegularFile(cached)) {
      return cached;
    }
    try {
      downloader.download(url, cached);
    } catch (IOException e) {
      throw new DownloadException("Could not download the IMDB dataset from " + url + " ("
          + Downloader.reason(e) + "); download " + ARCHIVE + " yourself and pass its path to "
          + "DatasetLocator.locate or set " + ENV + ".", e);
    }
    return cached;
  }

  private static Path requireExists(Path p, String origin) throws DataFileException {
    if (!Files.exists(p)) {
      throw new DataFileException("no such file or folder" + origin + "; pass the IMDB archive "
          + ARCHIVE + " or its extracted aclImdb folder", p);
    }
    return p;
  }
}
