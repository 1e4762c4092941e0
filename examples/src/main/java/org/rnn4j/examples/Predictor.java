package org.rnn4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.rnn4j.data.Batch;
import org.rnn4j.data.TextEncoder;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.Backend;
import org.rnn4j.model.Model;
import org.rnn4j.train.Checkpoint;

/**
 * Classifies raw text with a saved run: the checkpoint's vocabulary and {@code max_len}, its
 * weights, evaluation mode. No dataset is read.
 */
final class Predictor {
  /** Class names by label id (0 = negative review, 1 = positive). */
  static final List<String> LABELS = List.of("neg", "pos");

  /** A label and the model's probability for it. */
  record Prediction(String label, double probability) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s %.2f", label, probability);
    }
  }

  private final Checkpoint checkpoint;
  private final Vocabulary vocabulary;
  private final int maxLen;

  Predictor(Checkpoint checkpoint, Path dir) {
    this.checkpoint = checkpoint;
    this.vocabulary = DataSetup.vocabularyOf(checkpoint.vocabulary(), dir);
    String len = checkpoint.dataSettings().get(RunSettings.MAX_LEN);
    // A checkpoint from another program may lack it; the tutorial's length is the natural guess.
    this.maxLen = len == null || !len.matches("[1-9][0-9]{0,8}") ? 500 : Integer.parseInt(len);
    if (checkpoint.modelConfig().classes() != LABELS.size()) {
      throw new UsageException("--predict: the model in " + dir + " has "
          + checkpoint.modelConfig().classes() + " classes, not the two sentiment labels");
    }
  }

  static Predictor load(Path dir) throws IOException {
    return new Predictor(Checkpoint.load(dir), dir);
  }

  /** Predicts each text, in order, on a model built by {@code backend}. */
  List<Prediction> predict(Backend backend, List<String> texts) {
    try (Model model = backend.create(checkpoint.modelConfig(), 0)) {
      model.setParameters(checkpoint.parameters());
      model.setTraining(false);
      TextEncoder encoder = new TextEncoder(vocabulary, maxLen);
      return texts.stream().map(t -> predict(model, encoder, t)).toList();
    }
  }

  private static Prediction predict(Model model, TextEncoder encoder, String text) {
    Batch b = Batch.of(new int[][] {encoder.encode(text)}, null);
    float[] logits = model.logits(b);
    double[] p = softmax(logits);
    int best = p[1] > p[0] ? 1 : 0;
    return new Prediction(LABELS.get(best), p[best]);
  }

  static double[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float z : logits) {
      max = Math.max(max, z);
    }
    double[] p = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  void printTo(PrintStream out, Backend backend, List<String> texts) {
    for (Prediction p : predict(backend, texts)) {
      out.println(p);
    }
  }
}
