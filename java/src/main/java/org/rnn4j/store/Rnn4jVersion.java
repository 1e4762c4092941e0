package org.rnn4j.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This library's version, from a resource that Maven fills in at build time. */
public final class Rnn4jVersion {
  private static final String VERSION = load();

  private Rnn4jVersion() {}

  /** E.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when the resource was not filtered. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = Rnn4jVersion.class.getResourceAsStream("/org/rnn4j/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
