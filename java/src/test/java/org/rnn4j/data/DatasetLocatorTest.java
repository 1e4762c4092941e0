package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads only from a server this test runs on 127.0.0.1; no other address is contacted. */
class DatasetLocatorTest {
  @TempDir
  Path dir;

  private HttpServer server;
  private byte[] archive;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void serve() throws IOException {
    archive = Files.readAllBytes(ImdbFixtures.writeArchive(dir.resolve("source.tar.gz"),
        ImdbFixtures.smallLayout()));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/ok/", ex -> {
      requests.incrementAndGet();
      ex.sendResponseHeaders(200, archive.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(archive);
      }
    });
    server.createContext("/short/", ex -> {
      requests.incrementAndGet();
      ex.sendResponseHeaders(200, archive.length + 1000L);
      OutputStream out = ex.getResponseBody();
      out.write(archive);
      out.flush();
      // Closing before Content-Length bytes were sent cuts the connection.
      ex.close();
    });
    server.createContext("/", ex -> {
      requests.incrementAndGet();
      ex.sendResponseHeaders(404, -1);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static Downloader downloader(boolean progress) {
    return new Downloader(HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build(),
        progress);
  }

  private DatasetLocator locator(URI url, Map<String, String> env) {
    return new DatasetLocator(env::get, dir.resolve("cache"), url, downloader(false));
  }

  private List<Path> cacheFiles() throws IOException {
    Path cache = dir.resolve("cache");
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(cache)) {
      return s.toList();
    }
  }

  @Test
  void downloadsIntoCacheOnceAndCompletely() throws IOException {
    DatasetLocator loc = new DatasetLocator(Map.<String, String>of()::get, dir.resolve("cache"),
        url("/ok/aclImdb_v1.tar.gz"), downloader(true));
    Path p = loc.locate(null);
    assertEquals(dir.resolve("cache").resolve("aclImdb_v1.tar.gz"), p);
    assertArrayEquals(archive, Files.readAllBytes(p));
    assertEquals(List.of(p), cacheFiles(), "no temporary file is left");
    assertEquals(p, loc.locate(null));
    assertEquals(1, requests.get(), "the cached archive is reused");
    assertEquals(5, ImdbReader.read(p).train().size());
  }

  private void assertOneSentence(String message, String reason) {
    assertTrue(message.startsWith("Could not download the IMDB dataset from http://127.0.0.1:"),
        message);
    assertTrue(message.contains(reason), message);
    assertTrue(message.contains("DatasetLocator.locate") && message.contains("RNN4J_DATA"), message);
    assertTrue(message.endsWith(".") && !message.contains("\n"), message);
  }

  @Test
  void truncatedBodyLeavesNoFile() throws IOException {
    DatasetLocator loc = locator(url("/short/aclImdb_v1.tar.gz"), Map.of());
    DownloadException e = assertThrows(DownloadException.class, () -> loc.locate(null));
    assertOneSentence(e.getMessage(), "bytes");
    assertEquals(List.of(), cacheFiles(), "neither the archive nor a temporary file");
  }

  @Test
  void httpErrorIsReported() throws IOException {
    DatasetLocator loc = locator(url("/missing/aclImdb_v1.tar.gz"), Map.of());
    DownloadException e = assertThrows(DownloadException.class, () -> loc.locate(null));
    assertOneSentence(e.getMessage(), "HTTP 404");
    assertEquals(List.of(), cacheFiles());
  }

  @Test
  void refusedConnectionIsReported() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    DatasetLocator loc = locator(URI.create("http://127.0.0.1:" + port + "/x.tar.gz"), Map.of());
    DownloadException e = assertThrows(DownloadException.class, () -> loc.locate(null));
    assertOneSentence(e.getMessage(), "connection refused");
    assertFalse(Files.exists(loc.cachedArchive()));
  }

  @Test
  void explicitPathThenEnvironmentComeFirst() throws IOException {
    Path fromEnv = Files.createDirectories(dir.resolve("env-data"));
    Path explicit = Files.createDirectories(dir.resolve("explicit"));
    DatasetLocator loc = locator(url("/ok/a.tar.gz"), Map.of("RNN4J_DATA", fromEnv.toString()));
    assertEquals(explicit, loc.locate(explicit));
    assertEquals(fromEnv, loc.locate(null));
    assertEquals(0, requests.get());
  }

  @Test
  void missingPathsAreNamed() {
    Path gone = dir.resolve("gone");
    DatasetLocator loc = locator(url("/ok/a.tar.gz"), Map.of("RNN4J_DATA", gone.toString()));
    DataFileException e = assertThrows(DataFileException.class, () -> loc.locate(null));
    assertTrue(e.getMessage().contains("RNN4J_DATA") && e.getMessage().contains("gone"),
        e.getMessage());
    e = assertThrows(DataFileException.class, () -> loc.locate(dir.resolve("typo.tar.gz")));
    assertTrue(e.getMessage().contains("typo.tar.gz"), e.getMessage());
    assertEquals(0, requests.get());
  }
}
