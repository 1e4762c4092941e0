package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TokenizerTest {
  private final Tokenizer tok = new Tokenizer();

  private List<String> t(String s) {
    return tok.tokenize(s);
  }

  @Test
  void stripsBreakTagsBetweenWords() {
    assertEquals(List.of("one", "two", "three"), t("One<br /><br />two<br/>three"));
  }

  @Test
  void stripsTagsWithAttributesAndAcrossLines() {
    assertEquals(List.of("see", "this", "now"),
        t("See <a href=\"http://x.y/z?q=1\" class='c'>this</a> <i\nclass=\"k\">now</i>"));
  }

  @Test
  void unclosedLessThanIsPunctuation() {
    assertEquals(List.of("a", "b"), t("a<b"));
    assertEquals(List.of("x", "y"), t("x <> y"));
    // The regex takes the first "<" and everything up to the next ">" as one tag.
    assertEquals(List.of("a", "c"), t("a<<b>c"));
  }

  @Test
  void punctuationBecomesSpaceNotDeleted() {
    assertEquals(List.of("well", "made", "film"), t("well-made film"));
    assertEquals(List.of("a", "b"), t("a.b"));
    assertEquals(List.of("x", "y"), t("x\u0096y"));
    assertEquals(List.of("x", "y"), t("x\u0097y"));
    assertEquals(List.of("quote", "end"), t("\u201Cquote\u201Dend"));
  }

  @Test
  void apostropheAndNonAsciiLettersStay() {
    assertEquals(List.of("don't", "café", "naïve"), t("Don't CAFÉ naïve!"));
    // Curly single quotes are not in the list either.
    assertEquals(List.of("it\u2019s"), t("It\u2019s"));
  }

  @Test
  void whiteSpaceOfAllKindsSplits() {
    assertEquals(List.of("a", "b", "c", "d", "e"), t("\ta\nb\r\nc\u00A0d\u3000e  "));
  }

  @Test
  void lowerCasesIncludingSpecialCases() {
    assertEquals(List.of("hello", "world"), t("HeLLo WORLD"));
    // Greek final sigma: decided after punctuation became space, as in the tutorial's order.
    assertEquals(List.of("οδος"), t("ΟΔΟΣ"));
    assertEquals(List.of("ας", "β"), t("ΑΣ.Β"));
    assertEquals(List.of("i\u0307stanbul"), t("İSTANBUL"));
  }

  @Test
  void emptyAndPunctuationOnly() {
    assertEquals(List.of(), t(""));
    assertEquals(List.of(), t("!!! ... <br /> ?? -- \u201C\u201D"));
    assertEquals(0, tok.count(" \t\n"));
  }

  @Test
  void countMatchesTokenize() {
    String s = "It's a <b>great</b> film... 10/10!";
    assertEquals(t(s).size(), tok.count(s));
    assertEquals(List.of("it's", "a", "great", "film", "10", "10"), t(s));
  }

  /** The tutorial's regex pipeline, as a reference on random text. */
  private static List<String> reference(String text) {
    String noTags = text.replaceAll("<[^>]+>", " ");
    StringBuilder sb = new StringBuilder();
    for (char c : noTags.toCharArray()) {
      sb.append(Tokenizer.PUNCTUATION.indexOf(c) >= 0 ? ' ' : c);
    }
    List<String> out = new ArrayList<>();
    for (String w : Pattern.compile("[\\s\\p{Zs}\u0085]+")
        .split(sb.toString().toLowerCase(java.util.Locale.ROOT))) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  @Test
  void agreesWithRegexReferenceOnRandomText() {
    String alphabet = "aZb Ee<>/\"'.,!-\t\n\u0096\u0097\u201C\u201Déçİ\u00A0ΣσxY";
    Random rnd = new Random(7);
    for (int trial = 0; trial < 2000; trial++) {
      StringBuilder sb = new StringBuilder();
      int len = rnd.nextInt(40);
      for (int i = 0; i < len; i++) {
        sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      String s = sb.toString();
      assertEquals(reference(s), t(s), () -> "input: " + s);
    }
  }

  @Test
  void separatorTable() {
    for (char c : Tokenizer.PUNCTUATION.toCharArray()) {
      assertTrue(Tokenizer.isSeparator(c), "punctuation " + (int) c);
    }
    assertTrue(!Tokenizer.isSeparator('\''));
    assertTrue(!Tokenizer.isSeparator('é'));
  }
}
