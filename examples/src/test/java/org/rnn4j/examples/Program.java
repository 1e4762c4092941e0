package org.rnn4j.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Runs {@link ImdbBiLstm} in-process with an empty environment and captures its output. */
final class Program {
  /** What one run printed and returned. */
  record Run(int code, String out, String err) {
    /** The output lines. */
    List<String> lines() {
      return Arrays.asList(out.split("\n"));
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private Program() {}

  static Run run(String... args) {
    return run(Map.of(), args);
  }

  /** A run that sees the environment variables {@code env} only. */
  static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
         PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new ImdbBiLstm(o, e, env::get).execute(args);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** {@code base} followed by {@code more}. */
  static String[] args(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }

  /** The shared real-data folder given to tests by the build ({@code rnn4j.shared.data}). */
  static Path sharedData() {
    String dir = System.getProperty("rnn4j.shared.data");
    return dir == null ? null : Path.of(dir);
  }
}
