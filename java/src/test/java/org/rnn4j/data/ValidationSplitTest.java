package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LoadOptions#withValidation}: the validation set is a balanced seeded draw from the
 * training split, disjoint from what is trained on, and neither the vocabulary nor a training
 * limit sees it. Also {@link EncodedDataset#padded}.
 */
class ValidationSplitTest {
  @TempDir
  Path dir;

  private Path archive() throws IOException {
    return ImdbFixtures.writeArchive(dir.resolve("imdb.tar.gz"), ImdbLimitsTest.layout(5));
  }

  private static LoadOptions opts(int validation, long seed) {
    return LoadOptions.defaults().withMinFreq(1).withValidation(new ValidationSplit(validation, seed));
  }

  /** (label, ids) of every item, for comparing splits as multisets. */
  private static List<String> items(EncodedDataset d) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      out.add(d.label(i) + ":" + java.util.Arrays.toString(d.sequence(i)));
    }
    out.sort(null);
    return out;
  }

  @Test
  void theValidationSetIsABalancedPartOfTheTrainingSplit() throws IOException {
    Path a = archive();
    ImdbData whole = ImdbData.load(a, LoadOptions.defaults().withMinFreq(1));
    // The same vocabulary for both, so that ids compare.
    ImdbData split = ImdbData.load(a, opts(10, 7).withVocabulary(whole.vocabulary()));
    EncodedDataset valid = split.validation().orElseThrow().data();
    assertEquals(10, valid.size());
    assertEquals(5, Subsets.labels(valid).length - java.util.Arrays.stream(Subsets.labels(valid)).sum());
    assertEquals(16, split.train().size());
    List<String> union = new ArrayList<>(items(split.train().data()));
    union.addAll(items(valid));
    union.sort(null);
    assertEquals(items(whole.train().data()), union, "validation + train = the training split");
    assertEquals(whole.test().size(), split.test().size(), "the test split is not touched");
    ImdbData again = ImdbData.load(a, opts(10, 7).withVocabulary(whole.vocabulary()));
    assertEquals(items(valid), items(again.validation().orElseThrow().data()), "seeded");
    ImdbData other = ImdbData.load(a, opts(10, 8).withVocabulary(whole.vocabulary()));
    assertNotEquals(items(valid), items(other.validation().orElseThrow().data()));
    assertTrue(whole.validation().isEmpty());
  }

  /** The vocabulary is exactly the one the remaining training reviews' words build. */
  @Test
  void theVocabularyComesFromTheRestOnly() throws IOException {
    ImdbData split = ImdbData.load(archive(), opts(10, 7));
    Map<String, Long> counts = new HashMap<>();
    Tokenizer tok = new Tokenizer();
    for (Review r : split.reviews().train()) {
      for (String w : tok.tokenize(r.text())) {
        counts.merge(w, 1L, Long::sum);
      }
    }
    assertEquals(Vocabulary.build(counts, 1, 0).words(), split.vocabulary().words());
    ImdbData whole = ImdbData.load(archive(), LoadOptions.defaults().withMinFreq(1));
    assertNotEquals(whole.vocabulary().words(), split.vocabulary().words());
  }

  /** A training limit draws from the rest, never a validation review. */
  @Test
  void aTrainingLimitDrawsFromTheRest() throws IOException {
    Path a = archive();
    ImdbData rest = ImdbData.load(a, opts(10, 7));
    for (boolean full : new boolean[] {true, false}) {
      ImdbData limited = ImdbData.load(a, opts(10, 7).withTrainLimit(6).withFullTrainVocabulary(full));
      assertEquals(6, limited.train().size());
      List<String> restSources = rest.reviews().train().stream().map(Review::source).toList();
      for (Review r : limited.reviews().train()) {
        assertTrue(restSources.contains(r.source()), r.source() + " is a validation review");
      }
      assertEquals(full, limited.vocabulary().words().equals(rest.vocabulary().words()));
    }
  }

  @Test
  void tooLargeAValidationSetIsRefused() throws IOException {
    Path a = archive();
    SubsetException e = assertThrows(SubsetException.class, () -> ImdbData.load(a, opts(26, 1)));
    assertTrue(e.getMessage().contains("validation size"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ValidationSplit(-1, 0));
  }

  @Test
  void paddedCutsAndFillsWithPad() {
    EncodedDataset d = new EncodedDataset(new int[][] {{5, 6, 7}, {8}, {2, 3, 4, 9, 11}}, new int[] {0, 1, 0});
    EncodedDataset p = d.padded(4);
    assertArrayEquals(new int[] {5, 6, 7, Vocabulary.PAD}, p.sequence(0));
    assertArrayEquals(new int[] {8, 0, 0, 0}, p.sequence(1));
    assertArrayEquals(new int[] {2, 3, 4, 9}, p.sequence(2));
    assertEquals(1, p.label(1));
    assertThrows(IllegalArgumentException.class, () -> d.padded(0));
  }
}
