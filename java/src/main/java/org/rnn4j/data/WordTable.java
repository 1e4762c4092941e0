package org.rnn4j.data;

import java.util.Arrays;

/**
 * Interns words given as ranges of a char buffer, assigning ids 0, 1, 2, ... in order of first
 * sight, without allocating a String for words already seen: the tokenizer's hot path. An open
 * addressing hash table (linear probing, load at most 1/2) whose slots pack the word's hash and
 * id in one long, with the words' characters side by side in one pool, so a lookup touches two
 * arrays. Not thread-safe.
 */
final class WordTable {
  private long[] slots = new long[2048];
  private char[] pool = new char[16 * 1024];
  private int[] offsets = new int[1025];
  private String[] words = new String[1024];
  private int size;

  int size() {
    return size;
  }

  String word(int id) {
    return words[id];
  }

  /** The words in id order (a copy). */
  String[] words() {
    return Arrays.copyOf(words, size);
  }

  /** The id of {@code chars[start, start + length)}, adding it if new. */
  int intern(char[] chars, int start, int length) {
    int h = 0;
    for (int i = start; i < start + length; i++) {
      h = 31 * h + chars[i];
    }
    int mask = slots.length - 1;
    for (int s = mix(h) & mask; ; s = (s + 1) & mask) {
      long slot = slots[s];
      if (slot == 0) {
        return add(chars, start, length, h, s);
      }
      int id = (int) slot - 1;
      if ((int) (slot >>> 32) == h && equal(id, chars, start, length)) {
        return id;
      }
    }
  }

  /** The id of {@code word}, or -1. */
  int find(String word) {
    char[] chars = word.toCharArray();
    int h = word.hashCode();
    int mask = slots.length - 1;
    for (int s = mix(h) & mask; ; s = (s + 1) & mask) {
      long slot = slots[s];
      if (slot == 0) {
        return -1;
      }
      int id = (int) slot - 1;
      if ((int) (slot >>> 32) == h && equal(id, chars, 0, chars.length)) {
        return id;
      }
    }
  }

  private boolean equal(int id, char[] chars, int start, int length) {
    int from = offsets[id];
    if (offsets[id + 1] - from != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (pool[from + i] != chars[start + i]) {
        return false;
      }
    }
    return true;
  }

  private int add(char[] chars, int start, int length, int h, int s) {
    if (size == words.length) {
      words = Arrays.copyOf(words, size * 2);
      offsets = Arrays.copyOf(offsets, size * 2 + 1);
    }
    int from = offsets[size];
    if (from + length > pool.length) {
      pool = Arrays.copyOf(pool, Math.max(pool.length * 2, from + length));
    }
    System.arraycopy(chars, start, pool, from, length);
    offsets[size + 1] = from + length;
    words[size] = new String(chars, start, length);
    slots[s] = ((long) h << 32) | (size + 1L);
    size++;
    if (2 * size > slots.length) {
      rehash();
    }
    return size - 1;
  }

  private void rehash() {
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length - 1;
    for (long slot : old) {
      if (slot != 0) {
        int s = mix((int) (slot >>> 32)) & mask;
        while (slots[s] != 0) {
          s = (s + 1) & mask;
        }
        slots[s] = slot;
      }
    }
  }

  /** Spreads String-style hashes, whose low bits cluster for short words. */
  private static int mix(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
