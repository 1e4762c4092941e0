package org.rnn4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Downloads a file over HTTP(S) safely: the body goes to a temporary file in the target's folder,
 * its size is checked against {@code Content-Length}, and only a complete file is renamed
 * (atomically where the file system allows) to the target. On any failure the temporary file is
 * deleted and no target appears. Optionally shows a progress bar on standard error.
 */
public final class Downloader {
  private static final int BUFFER = 1 << 16;

  private final HttpClient client;
  private final boolean progress;

  /**
   * @param client   the client to use (tests may pass one without a proxy)
   * @param progress show a progress bar on standard error
   */
  public Downloader(HttpClient client, boolean progress) {
    this.client = client;
    this.progress = progress;
  }

  /** A downloader following redirects, with a 30 s connect timeout and a progress bar. */
  public static Downloader standard() {
    return new Downloader(HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(30))
        .build(), true);
  }

  /**
   * Downloads {@code url} to {@code target} (its folder is created).
   *
   * @return the number of bytes written
   * @throws IOException whose message is a short reason ("HTTP 404", "connection refused", ...)
   */
  public long download(URI url, Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    HttpResponse<InputStream> response = send(url);
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      long expected = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      Path tmp = Files.createTempFile(dir, target.getFileName() + ".", ".part");
      try {
        long got = copy(body, tmp, expected, target.getFileName().toString());
        if (expected >= 0 && got != expected) {
          throw new IOException("received " + got + " of " + expected + " bytes");
        }
        move(tmp, target);
        return got;
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private HttpResponse<InputStream> send(URI url) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(url).GET().build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while connecting to " + url.getHost());
    }
  }

  private long copy(InputStream body, Path tmp, long expected, String name) throws IOException {
    long got = 0;
    try (OutputStream out = Files.newOutputStream(tmp);
         ProgressBar bar = progress ? bar(name, expected) : null) {
      byte[] buf = new byte[BUFFER];
      int n;
      while ((n = body.read(buf)) >= 0) {
        out.write(buf, 0, n);
        got += n;
        if (bar != null) {
          bar.stepTo(got);
        }
      }
    } catch (IOException e) {
      throw new IOException("the transfer broke off after " + got + (expected >= 0 ? " of "
          + expected : "") + " bytes: " + e.getMessage(), e);
    }
    return got;
  }

  /** The builder's default console consumer writes to standard error. */
  private static ProgressBar bar(String name, long expected) {
    return new ProgressBarBuilder().setTaskName(name).setInitialMax(expected)
        .setUnit("MB", 1 << 20).showSpeed().build();
  }

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** A few words on why a download failed, for a one-sentence message. */
  public static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "unknown host or no network";
      }
      if (t instanceof ConnectException) {
        return "connection refused or no network";
      }
      if (t instanceof HttpTimeoutException) {
        return "timed out";
      }
      if (t instanceof FileSystemException fs) {
        return "cannot write " + fs.getFile();
      }
    }
    String msg = e.getMessage();
    return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
  }
}
