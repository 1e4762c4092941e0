package org.rnn4j.infer;

import java.util.List;
import java.util.Locale;

/**
 * A classifier's answer for one text: the most probable class and every class's probability
 * (softmax of the logits, in double precision).
 *
 * @param label         the most probable class's name
 * @param labelId       its id
 * @param probabilities each class's probability, by label id (they sum to 1)
 */
public record Prediction(String label, int labelId, List<Double> probabilities) {
  public Prediction {
    probabilities = List.copyOf(probabilities);
  }

  /** The probability of the predicted class. */
  public double probability() {
    return probabilities.get(labelId);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s %.4f", label, probability());
  }
}
