package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.ImdbData;
import org.rnn4j.data.LoadOptions;
import org.rnn4j.data.SubsetException;
import org.rnn4j.data.Vocabulary;
import picocli.CommandLine;

/** CPU defaults, limits, vocabulary rebuilding and the data-file search. */
class SettingsTest {
  @TempDir
  Path tmp;

  private static Options parsed(String... args) {
    Options o = new Options();
    new CommandLine(o).parseArgs(args);
    return o;
  }

  /** The library's defaults are the command line's: the same seed trains the same model. */
  @Test
  void libraryDefaultsAreTheCommandLinesDefaults() {
    RunSettings s = SettingsResolver.typed(parsed());
    assertEquals(org.rnn4j.train.TrainConfig.defaults(), s.trainConfig(null));
    org.rnn4j.data.LoadOptions lib = org.rnn4j.data.LoadOptions.defaults();
    org.rnn4j.data.LoadOptions cli = s.loadOptions(null);
    assertEquals(lib.maxLen(), cli.maxLen());
    assertEquals(lib.minFreq(), cli.minFreq());
    assertEquals(lib.maxVocab(), cli.maxVocab());
    assertEquals(lib.seed(), cli.seed());
    assertEquals(org.rnn4j.model.ModelConfig.tutorial(1000), s.withTrainEmbedding(false)
        .modelConfig(1000), "with frozen GloVe, as the tutorial");
  }

  @Test
  void cpuDefaultsReplaceOnlyWhatWasNotTyped() {
    Options o = parsed();
    RunSettings typed = SettingsResolver.typed(o);
    SettingsResolver.Resolved none = CpuDefaults.apply(typed, Set.of());
    assertEquals(CpuDefaults.MAX_LEN, none.settings().maxLen());
    assertEquals(CpuDefaults.EPOCHS, none.settings().epochs());
    assertEquals(typed.lr(), none.settings().lr(), "the learning rate is the same on every backend");
    assertEquals(0, none.settings().trainLimit(), "all training reviews");
    assertEquals(1, none.notes().size());
    assertTrue(none.notes().get(0).startsWith("CPU defaults: --max-len " + CpuDefaults.MAX_LEN),
        none.notes().get(0));

    SettingsResolver.Resolved typedAll = CpuDefaults.apply(typed,
        Set.of("--max-len", "--epochs"));
    assertEquals(typed, typedAll.settings());
    assertEquals(List.of(), typedAll.notes());
  }

  @Test
  void gpuSettingsAreTheTutorials() {
    Options o = parsed();
    RunSettings s = SettingsResolver.fresh(o, Set.of(), false).settings();
    assertEquals(500, s.maxLen());
    assertEquals(4, s.epochs());
    assertEquals(0.01, s.lr());
    assertEquals(0, s.trainLimit());
  }

  /** An IMDB-layout folder with {@code neg} and {@code pos} reviews per split. */
  private Path folder(int neg, int pos) throws IOException {
    Path root = tmp.resolve("aclImdb");
    for (String split : new String[] {"train", "test"}) {
      for (int i = 0; i < neg + pos; i++) {
        Path dir = Files.createDirectories(root.resolve(split).resolve(i < neg ? "neg" : "pos"));
        Files.writeString(dir.resolve(i + "_" + (i < neg ? 2 : 9) + ".txt"), "review " + i);
      }
    }
    return root;
  }

  @Test
  void limitsAreTheLibrarysSeededSubsetsWithTheFullVocabulary() {
    RunSettings s = SettingsResolver.typed(parsed("--train-limit", "21", "--test-limit", "8",
        "--seed", "7"));
    LoadOptions o = s.loadOptions(null);
    assertEquals(21, o.trainLimit());
    assertEquals(8, o.testLimit());
    assertEquals(7, o.seed(), "the subsets' seed is --seed");
    assertTrue(o.fullTrainVocabulary(), "the vocabulary of a limited run stays that of all "
        + "training reviews, as before the library drew the subsets");
  }

  @Test
  void limitsTheDataCannotMeetNameTheOption() throws IOException {
    Path data = folder(30, 50);
    SubsetException tooMany = assertThrows(SubsetException.class,
        () -> ImdbData.load(data, LoadOptions.defaults().withTrainLimit(81)));
    assertEquals("--train-limit 81 is more than the 80 training reviews",
        DataSetup.usage(tooMany).getMessage());
    SubsetException unbalanced = assertThrows(SubsetException.class,
        () -> ImdbData.load(data, LoadOptions.defaults().withTestLimit(70)));
    assertEquals("--test-limit 70 needs 35 negative test reviews but there are 30",
        DataSetup.usage(unbalanced).getMessage());
  }

  @Test
  void aSavedWordListBecomesTheSameVocabulary() {
    List<String> words = List.of("<pad>", "<unk>", "the", "zebra", "a", "movie", "!");
    Vocabulary v = DataSetup.vocabularyOf(words, Path.of("vocab.txt"));
    assertEquals(words, v.words());
    assertEquals(3, v.id("zebra"));
    assertEquals(Vocabulary.UNK, v.id("unseen"));
    assertThrows(UsageException.class,
        () -> DataSetup.vocabularyOf(List.of("the", "a"), Path.of("vocab.txt")));
  }

  @Test
  void dataSearchOrder() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("ws/project"));
    Path shared = Files.createDirectories(tmp.resolve("ws/shared/data"));
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    Path sharedImdb = Files.writeString(shared.resolve("aclImdb_v1.tar.gz"), "x");
    Path other = Files.writeString(tmp.resolve("mine.tar.gz"), "x");

    DataFiles plain = new DataFiles(name -> null, cache, root);
    assertEquals(sharedImdb, plain.imdb(null).path());
    assertEquals(other, plain.imdb(other).path());
    DataFiles withEnv = new DataFiles(Map.of("RNN4J_DATA", other.toString())::get, cache, root);
    assertEquals(other, withEnv.imdb(null).path(), "the environment variable wins");
    Files.writeString(cache.resolve("aclImdb_v1.tar.gz"), "x");
    assertEquals(cache.resolve("aclImdb_v1.tar.gz"),
        new DataFiles(name -> null, cache, null).imdb(null).path(), "no project root: the cache");
  }

  @Test
  void gloveSearchOrder() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("ws/project"));
    Path shared = Files.createDirectories(tmp.resolve("ws/shared/data"));
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    DataFiles files = new DataFiles(name -> null, cache, root);
    assertNull(files.glove(null, 100));
    assertTrue(files.noGloveHint(100).contains("glove.6B.zip"));
    Path sharedGlove = Files.writeString(shared.resolve(DataFiles.SHARED_GLOVE), "x");
    assertEquals(sharedGlove, files.glove(null, 100).path());
    assertNull(files.glove(null, 50), "the shared file has 100-d vectors only");
    Path cached = Files.writeString(cache.resolve("glove.6B.100d.txt"), "x");
    assertEquals(cached, files.glove(null, 100).path(), "the cache before the shared subset");
    Path env = Files.writeString(tmp.resolve("g.txt"), "x");
    assertEquals(env, new DataFiles(Map.of("RNN4J_GLOVE", env.toString())::get, cache, root)
        .glove(null, 100).path());
  }

  @Test
  void embedMustMatchTheGloveDimension() throws IOException {
    Path g = tmp.resolve("g.txt.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(g))) {
      out.write("the 0.1 0.2 0.3\nfilm 0.4 0.5 0.6\n".getBytes(StandardCharsets.UTF_8));
    }
    DataFiles.requireDimension(g, 3);
    UsageException e = assertThrows(UsageException.class, () -> DataFiles.requireDimension(g, 100));
    assertTrue(e.getMessage().startsWith("--embed 100 does not match the 3-dimensional GloVe"),
        e.getMessage());
  }
}
