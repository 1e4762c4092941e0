package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextEncoderTest {
  private static final Vocabulary VOCAB = Vocabulary.build(
      Map.of("good", 5L, "movie", 4L, "bad", 3L), 1, 0);
  private static final int GOOD = VOCAB.id("good");
  private static final int MOVIE = VOCAB.id("movie");
  private static final int BAD = VOCAB.id("bad");

  @Test
  void mapsWordsAndUnknowns() {
    TextEncoder enc = new TextEncoder(VOCAB, 10);
    assertArrayEquals(new int[] {GOOD, Vocabulary.UNK, MOVIE, BAD},
        enc.encode("Good <b>plot</b>, movie... BAD!"));
  }

  @Test
  void truncatesKeepingTheFirstTokens() {
    TextEncoder enc = new TextEncoder(VOCAB, 2);
    assertArrayEquals(new int[] {BAD, MOVIE}, enc.encode("bad movie good good"));
    assertArrayEquals(new int[] {GOOD}, new TextEncoder(VOCAB, 1).encode("good bad"));
  }

  @Test
  void emptyReviewBecomesOneUnk() {
    TextEncoder enc = new TextEncoder(VOCAB, 5);
    assertArrayEquals(new int[] {Vocabulary.UNK}, enc.encode(""));
    assertArrayEquals(new int[] {Vocabulary.UNK}, enc.encode("<br /> ... !!"));
  }

  @Test
  void maxLenBelowOneIsRejectedNamingTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TextEncoder(VOCAB, 0));
    assertTrue(e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TextEncoder(VOCAB, -3));
    assertTrue(e.getMessage().contains("-3"), e.getMessage());
  }

  @Test
  void encodesReviewsWithUntruncatedLengthsAndUnkCounts() {
    List<Review> reviews = List.of(
        new Review(Split.TRAIN, Review.POS, 9, 0, "good good movie plot twist", "a"),
        new Review(Split.TRAIN, Review.NEG, 2, 1, "", "b"),
        new Review(Split.TRAIN, Review.NEG, 1, 2, "bad", "c"));
    EncodedSplit s = new TextEncoder(VOCAB, 3).encode(reviews);
    assertEquals(3, s.size());
    assertArrayEquals(new int[] {GOOD, GOOD, MOVIE}, s.data().sequence(0));
    assertArrayEquals(new int[] {Vocabulary.UNK}, s.data().sequence(1));
    assertArrayEquals(new int[] {BAD}, s.data().sequence(2));
    assertArrayEquals(new int[] {5, 0, 1}, s.tokenLengths());
    assertEquals(6, s.tokens());
    assertEquals(2, s.unkTokens());
    assertEquals(1, s.data().label(0));
    assertEquals(0, s.data().label(1));
  }

  @Test
  void repeatedCallsGiveSameIds() {
    TextEncoder enc = new TextEncoder(VOCAB, 50);
    int[] first = enc.encode("Good movie, unknownword, bad movie.");
    enc.encode("something else entirely with new words");
    assertArrayEquals(first, enc.encode("Good movie, unknownword, bad movie."));
  }
}
