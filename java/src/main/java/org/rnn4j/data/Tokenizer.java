package org.rnn4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tutorial's tokenizer, as one pass over the characters with a lookup table:
 * <ol>
 *   <li>HTML tags are replaced by a space: a {@code <}, at least one character other than
 *       {@code >}, then {@code >} (the regex {@code <[^>]+>}; tags may span lines and carry
 *       attributes). A {@code <} with no later {@code >} (as in {@code a<b}), and {@code <>}, are
 *       not tags: their characters are punctuation.</li>
 *   <li>Every character of the punctuation list
 *       {@code ! " # $ % & ( ) * + , - . / : ; < = > ? @ [ \ ] ^ _ ` { | } ~}, tab, newline,
 *       U+0097, U+0096, ” and “
 *       is replaced by a space (not deleted, as the tutorial's {@code re.sub(pattern, " ", text)}
 *       does, so {@code well-made} gives two tokens). The apostrophe is not in the list:
 *       {@code don't} stays one token.</li>
 *   <li>The text is lower-cased as {@link String#toLowerCase(Locale)} in {@link Locale#ROOT}
 *       does (ASCII by table; a token holding any other character with a lower-case form goes
 *       through {@code toLowerCase}, so the JDK's special cases such as final sigma hold).</li>
 *   <li>The text is split on white space as Python's {@code str.split()} does (Java white space,
 *       space separators such as U+00A0, and U+0085); empty tokens are dropped.</li>
 * </ol>
 * Letters outside ASCII stay ({@code café} is one token). Deterministic; an instance keeps a
 * buffer, so it is not thread-safe: use one per thread (they are cheap).
 */
public final class Tokenizer {
  /**
   * Names these rules in a saved model: a model is only valid with the tokenizer it was trained
   * with, so a change to the rules above must come with a new name.
   */
  public static final String RULES = "rnn4j-tutorial-v1";

  /** The tutorial's punctuation list; each is replaced by a space. */
  public static final String PUNCTUATION =
      "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n\u0097\u0096\u201D\u201C";

  private static final byte KEEP = 0;
  private static final byte SPACE = 1;
  private static final byte ASCII_UPPER = 2;
  private static final byte OTHER_UPPER = 3;
  private static final byte LESS_THAN = 4;
  private static final int NO_CLOSE = -2;
  private static final byte[] CLASS = buildTable();

  private char[] buf = new char[4096];
  /** Index of the next '>' at or after the last '<' seen, -1 unknown, NO_CLOSE none. */
  private int nextClose;

  /** Receives tokens as ranges of a buffer that is reused after the call returns. */
  @FunctionalInterface
  public interface TokenSink {
    /** One token: {@code chars[start, start + length)}, length at least 1. */
    void token(char[] chars, int start, int length);
  }

  /** The tokens of {@code text}, in order. */
  public List<String> tokenize(String text) {
    List<String> out = new ArrayList<>();
    tokenize(text, (chars, start, length) -> out.add(new String(chars, start, length)));
    return out;
  }

  /** Number of tokens in {@code text}. */
  public int count(String text) {
    int[] n = new int[1];
    tokenize(text, (chars, start, length) -> n[0]++);
    return n[0];
  }

  /**
   * Hands each token of {@code text} to {@code sink}, in order, without allocating strings for
   * them. One pass: the text is copied into the buffer in bulk, then each character is looked up
   * and lower-cased in place, and a token is handed over at each separator or tag.
   */
  public void tokenize(String text, TokenSink sink) {
    int n = text.length();
    char[] chars = ensure(n);
    text.getChars(0, n, chars, 0);
    int start = 0;
    boolean otherUpper = false;
    nextClose = -1;
    for (int i = 0; i < n; i++) {
      char c = chars[i];
      switch (CLASS[c]) {
        case KEEP -> {
          continue;
        }
        case ASCII_UPPER -> {
          chars[i] = (char) (c + ('a' - 'A'));
          continue;
        }
        case OTHER_UPPER -> {
          otherUpper = true;
          continue;
        }
        case SPACE -> {
          // A separator ends the current token.
        }
        default -> {
          int end = tagEnd(text, i);
          emit(chars, start, i - start, otherUpper, sink);
          i = end;
          start = end + 1;
          otherUpper = false;
          continue;
        }
      }
      emit(chars, start, i - start, otherUpper, sink);
      start = i + 1;
      otherUpper = false;
    }
    emit(chars, start, n - start, otherUpper, sink);
  }

  /**
   * For the {@code '<'} at {@code i}: the index of the {@code '>'} closing its tag, or {@code i}
   * if it opens none (a tag needs at least one character before the next {@code '>'}). The next
   * {@code '>'} is remembered, so text full of {@code '<'} is still scanned once.
   */
  private int tagEnd(String text, int i) {
    if (nextClose != NO_CLOSE && nextClose <= i) {
      nextClose = text.indexOf('>', i + 1);
      nextClose = nextClose < 0 ? NO_CLOSE : nextClose;
    }
    return nextClose != NO_CLOSE && nextClose > i + 1 ? nextClose : i;
  }

  /**
   * Hands over {@code chars[start, start + length)} if not empty. A token with a non-ASCII
   * character that has a lower-case form goes through {@link String#toLowerCase(Locale)}: tokens
   * are separated by white space, which ends the context of special cases such as final sigma,
   * so lower-casing token by token equals lower-casing the whole text.
   */
  private void emit(char[] chars, int start, int length, boolean otherUpper, TokenSink sink) {
    if (length == 0) {
      return;
    }
    if (!otherUpper) {
      sink.token(chars, start, length);
      return;
    }
    String lower = new String(chars, start, length).toLowerCase(Locale.ROOT);
    sink.token(lower.toCharArray(), 0, lower.length());
  }

  /** True if {@code c} is replaced by a space (punctuation or white space) outside tags. */
  public static boolean isSeparator(char c) {
    return CLASS[c] == SPACE || CLASS[c] == LESS_THAN;
  }

  private char[] ensure(int n) {
    if (buf.length < n) {
      buf = new char[Math.max(n, buf.length * 2)];
    }
    return buf;
  }

  private static byte[] buildTable() {
    byte[] t = new byte[Character.MAX_VALUE + 1];
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      char ch = (char) c;
      if (Character.isWhitespace(ch) || Character.isSpaceChar(ch) || c == 0x85) {
        t[c] = SPACE;
      } else if (c >= 'A' && c <= 'Z') {
        t[c] = ASCII_UPPER;
      } else if (c >= 0x80 && (Character.toLowerCase(ch) != ch || Character.isHighSurrogate(ch))) {
        // High surrogates: a supplementary character may have a lower-case form.
        t[c] = OTHER_UPPER;
      }
    }
    for (int i = 0; i < PUNCTUATION.length(); i++) {
      t[PUNCTUATION.charAt(i)] = SPACE;
    }
    t['<'] = LESS_THAN;
    return t;
  }
}
