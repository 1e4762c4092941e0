package org.rnn4j.train;

import java.util.List;
import org.rnn4j.model.Batch;
import org.rnn4j.data.Batcher;
import org.rnn4j.data.EncodedDataset;
import org.rnn4j.model.Model;

/** Runs a model in evaluation mode (no dropout) over labelled data and collects its metrics. */
public final class Evaluator {
  private Evaluator() {}

  /**
   * Evaluates {@code model} on {@code data} in batches of {@code batchSize}, longest reviews first
   * (batches of similar length pad little; the order does not change the result).
   */
  public static Evaluation evaluate(Model model, EncodedDataset data, int batchSize) {
    if (data.size() == 0) {
      throw new IllegalArgumentException("cannot evaluate on an empty data set");
    }
    return evaluate(model, new Batcher(data, batchSize, 1).sortedByLength());
  }

  /** Evaluates {@code model} on labelled {@code batches}; the model's mode is restored after. */
  public static Evaluation evaluate(Model model, List<Batch> batches) {
    boolean wasTraining = model.isTraining();
    model.setTraining(false);
    try {
      MetricsAccumulator acc = new MetricsAccumulator(model.config().classes());
      for (Batch b : batches) {
        if (b.labels() == null) {
          throw new IllegalArgumentException("cannot evaluate an unlabelled batch");
        }
        acc.add(model.logits(b), b.labels());
      }
      return acc.result();
    } finally {
      model.setTraining(wasTraining);
    }
  }
}
