package org.rnn4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library speaks of its own methods and settings, not of a command line's flags: no string
 * literal in {@code src/main/java} holds a {@code --flag} (the command-line program translates
 * library errors into its flags where it reports them). Options of the {@code java} launcher itself
 * ({@link #JVM_OPTIONS}) are no command line's flags and may be named.
 */
class LibraryWordsTest {
  private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
  /** The JVM's own options that library messages may tell users to set. */
  private static final List<String> JVM_OPTIONS = List.of("--add-modules");

  @Test
  void noStringLiteralQuotesACommandLineFlag() throws IOException {
    Path sources = Path.of("src/main/java");
    assertTrue(Files.isDirectory(sources), "run from the library module: " + sources.toAbsolutePath());
    List<String> found = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(sources)) {
      files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    for (Path f : files) {
      for (String literal : stringLiterals(Files.readString(f))) {
        Matcher m = FLAG.matcher(literal);
        while (m.find()) {
          if (!JVM_OPTIONS.contains(m.group())) {
            found.add(sources.relativize(f) + ": \"" + literal + "\"");
            break;
          }
        }
      }
    }
    assertTrue(files.size() > 50, "scanned " + files.size() + " files");
    assertEquals(List.of(), found);
  }

  @Test
  void theScanSeesLiteralsButNotComments() {
    String src = "// pass --data\n/* --lr */ String a = \"use --max-len \\\"N\\\"\"; char q = '\"';\n"
        + "String b = \"\"\"\n  --glove\n  \"\"\"; String c = \"ok\";";
    assertEquals(List.of("use --max-len \\\"N\\\"", "\n  --glove\n  ", "ok"), stringLiterals(src));
  }

  /** The contents of the string literals and text blocks in Java source {@code src}. */
  static List<String> stringLiterals(String src) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (src.startsWith("//", i)) {
        i = src.indexOf('\n', i);
        i = i < 0 ? src.length() : i;
      } else if (src.startsWith("/*", i)) {
        int end = src.indexOf("*/", i + 2);
        i = end < 0 ? src.length() : end + 2;
      } else if (src.startsWith("\"\"\"", i)) {
        int end = src.indexOf("\"\"\"", i + 3);
        end = end < 0 ? src.length() : end;
        out.add(src.substring(i + 3, end));
        i = Math.min(src.length(), end + 3);
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < src.length() && src.charAt(j) != c && src.charAt(j) != '\n') {
          j += src.charAt(j) == '\\' ? 2 : 1;
        }
        if (c == '"') {
          out.add(src.substring(i + 1, Math.min(j, src.length())));
        }
        i = j + 1;
      } else {
        i++;
      }
    }
    return out;
  }
}
