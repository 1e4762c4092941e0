package org.rnn4j.data;

import java.util.Arrays;

/**
 * Interns words given as ranges of a char buffer, assigning ids 0, 1, 2, ... in order of first
 * sight, without allocating a String for words already seen: the tokenizer's hot path. An open
 * addressing hash table (linear probing, load at most 1/2). Not thread-safe.
 */
final class WordTable {
  private int[] slots;
  private int[] hashes = new int[1024];
  private String[] words = new String[1024];
  private int size;

  WordTable() {
    slots = new int[2048];
  }

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
      int slot = slots[s];
      if (slot == 0) {
        return add(new String(chars, start, length), h, s);
      }
      int id = slot - 1;
      if (hashes[id] == h && equal(words[id], chars, start, length)) {
        return id;
      }
    }
  }

  /** The id of {@code word}, or -1. */
  int find(String word) {
    int h = word.hashCode();
    int mask = slots.length - 1;
    for (int s = mix(h) & mask; ; s = (s + 1) & mask) {
      int slot = slots[s];
      if (slot == 0) {
        return -1;
      }
      if (hashes[slot - 1] == h && words[slot - 1].equals(word)) {
        return slot - 1;
      }
    }
  }

  private int add(String word, int h, int s) {
    if (size == words.length) {
      words = Arrays.copyOf(words, size * 2);
      hashes = Arrays.copyOf(hashes, size * 2);
    }
    words[size] = word;
    hashes[size] = h;
    slots[s] = ++size;
    if (2 * size > slots.length) {
      rehash();
    }
    return size - 1;
  }

  private void rehash() {
    slots = new int[slots.length * 2];
    int mask = slots.length - 1;
    for (int id = 0; id < size; id++) {
      int s = mix(hashes[id]) & mask;
      while (slots[s] != 0) {
        s = (s + 1) & mask;
      }
      slots[s] = id + 1;
    }
  }

  private static boolean equal(String word, char[] chars, int start, int length) {
    if (word.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (word.charAt(i) != chars[start + i]) {
        return false;
      }
    }
    return true;
  }

  /** Spreads String-style hashes, whose low bits cluster for short words. */
  private static int mix(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
