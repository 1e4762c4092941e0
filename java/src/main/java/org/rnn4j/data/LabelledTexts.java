package org.rnn4j.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A user's texts with their labels, one split of a {@link TextDataset}: text {@code i} has label
 * {@code i}, a number from 0 (the position of its name in the dataset's label names). Immutable;
 * checked on construction, so a bad input fails where it is made.
 */
public final class LabelledTexts {
  private final List<String> texts;
  private final int[] labels;

  private LabelledTexts(List<String> texts, int[] labels) {
    this.texts = texts;
    this.labels = labels;
  }

  /**
   * {@code texts} with {@code labels} (both copied).
   *
   * @throws IllegalArgumentException if the sizes differ, a text is null or a label negative
   */
  public static LabelledTexts of(List<String> texts, int[] labels) {
    if (texts == null || labels == null) {
      throw new IllegalArgumentException("texts and labels must not be null");
    }
    if (texts.size() != labels.length) {
      throw new IllegalArgumentException(texts.size() + " texts but " + labels.length
          + " labels; give one label per text");
    }
    List<String> copy = new ArrayList<>(texts.size());
    for (int i = 0; i < labels.length; i++) {
      String t = texts.get(i);
      if (t == null) {
        throw new IllegalArgumentException("text " + i + " is null; use \"\" for an empty text");
      }
      if (labels[i] < 0) {
        throw new IllegalArgumentException("label " + labels[i] + " of text " + i
            + " is negative; labels count from 0");
      }
      copy.add(t);
    }
    return new LabelledTexts(Collections.unmodifiableList(copy), labels.clone());
  }

  /**
   * The texts and labels of {@code items}, e.g. {@code of(rows, Row::text, Row::label)} for a list
   * of records.
   */
  public static <T> LabelledTexts of(List<T> items, Function<? super T, String> text,
      ToIntFunction<? super T> label) {
    List<String> texts = new ArrayList<>(items.size());
    int[] labels = new int[items.size()];
    for (int i = 0; i < labels.length; i++) {
      T item = items.get(i);
      if (item == null) {
        throw new IllegalArgumentException("item " + i + " is null");
      }
      texts.add(text.apply(item));
      labels[i] = label.applyAsInt(item);
    }
    return of(texts, labels);
  }

  /** No texts (e.g. a dataset without a test split). */
  public static LabelledTexts empty() {
    return new LabelledTexts(List.of(), new int[0]);
  }

  public int size() {
    return labels.length;
  }

  public String text(int i) {
    return texts.get(i);
  }

  public int label(int i) {
    return labels[i];
  }

  /** The texts, in order (unmodifiable). */
  public List<String> texts() {
    return texts;
  }

  /** The labels, in order (a copy). */
  public int[] labels() {
    return labels.clone();
  }

  /** The texts and labels at {@code indices}, in that order. */
  public LabelledTexts subset(int[] indices) {
    List<String> t = new ArrayList<>(indices.length);
    int[] l = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      t.add(texts.get(indices[i]));
      l[i] = labels[indices[i]];
    }
    return new LabelledTexts(Collections.unmodifiableList(t), l);
  }
}
