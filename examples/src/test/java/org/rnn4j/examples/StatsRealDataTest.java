package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --stats} on the real, complete IMDB archive (one read of the archive). */
class StatsRealDataTest {
  @TempDir
  Path tmp;

  @Test
  void statsOfTheWholeArchiveAsTextAndJson() throws IOException {
    Path data = Program.sharedData();
    Path archive = data == null ? null : data.resolve("aclImdb_v1.tar.gz");
    Path glove = data == null ? null : data.resolve("glove.6B.100d.imdbvocab.txt.gz");
    assumeTrue(archive != null && Files.isRegularFile(archive) && Files.isRegularFile(glove),
        "the shared IMDB archive or GloVe file is absent (rnn4j.shared.data = " + data + ")");
    Path json = tmp.resolve("stats.json");
    Program.Run r = Program.run("--stats", "--data", archive.toString(), "--glove",
        glove.toString(), "--metrics-out", json.toString());
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("reviews        train 12500 pos + 12500 neg, test 12500 pos + "
        + "12500 neg"), r.out());
    assertTrue(r.out().contains("GloVe"), r.out());

    JsonObject s = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    for (String split : new String[] {"train", "test"}) {
      assertEquals(12500, s.getAsJsonObject(split).get("pos").getAsInt());
      assertEquals(12500, s.getAsJsonObject(split).get("neg").getAsInt());
    }
    assertEquals(500, s.get("max_len").getAsInt());
    int vocab = s.get("vocab_size").getAsInt();
    assertTrue(r.out().contains("vocabulary     " + vocab + " ids"), r.out());
    double coverage = s.get("glove_vocab_coverage").getAsDouble();
    assertTrue(coverage > 0.5 && coverage <= 1, "GloVe covers most IMDB words: " + coverage);
  }
}
