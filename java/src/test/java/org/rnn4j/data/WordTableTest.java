package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WordTableTest {
  private static int intern(WordTable t, String w) {
    char[] padded = ("xx" + w + "yy").toCharArray();
    return t.intern(padded, 2, w.length());
  }

  @Test
  void idsInOrderOfFirstSightAcrossGrowth() {
    WordTable t = new WordTable();
    int n = 50_000;
    for (int i = 0; i < n; i++) {
      assertEquals(i, intern(t, "w" + i));
    }
    for (int i = n - 1; i >= 0; i -= 7) {
      assertEquals(i, intern(t, "w" + i));
      assertEquals(i, t.find("w" + i));
      assertEquals("w" + i, t.word(i));
    }
    assertEquals(n, t.size());
    assertEquals(-1, t.find("w" + n));
    assertEquals(-1, t.find(""));
  }

  @Test
  void distinguishesCollidingAndPrefixWords() {
    WordTable t = new WordTable();
    // "Aa" and "BB" share String.hashCode; prefixes differ only in length.
    int aa = intern(t, "Aa");
    int bb = intern(t, "BB");
    int a = intern(t, "A");
    int empty = intern(t, "");
    assertEquals(4, t.size());
    assertEquals(aa, t.find("Aa"));
    assertEquals(bb, t.find("BB"));
    assertEquals(a, t.find("A"));
    assertEquals(empty, t.find(""));
    assertArrayEquals(new String[] {"Aa", "BB", "A", ""}, t.words());
  }
}
