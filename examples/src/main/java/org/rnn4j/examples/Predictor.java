package org.rnn4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.rnn4j.data.Review;
import org.rnn4j.infer.Classifier;
import org.rnn4j.infer.Prediction;
import org.rnn4j.infer.SavedModel;
import org.rnn4j.model.Backend;

/**
 * {@code --predict}: classifies raw text with a saved run through the library's
 * {@link Classifier} (the checkpoint's vocabulary, token limit and weights). No dataset is read.
 */
final class Predictor {
  /** Class names by label id (0 = negative review, 1 = positive). */
  static final List<String> LABELS = Review.LABELS;

  private final SavedModel saved;

  private Predictor(SavedModel saved, Path dir) {
    if (saved.config().classes() != LABELS.size()) {
      throw new UsageException("--predict: the model in " + dir + " has "
          + saved.config().classes() + " classes, not the two sentiment labels");
    }
    // Runs saved before checkpoints recorded class names carry numbers: IMDB's are known.
    this.saved = saved.labels().equals(SavedModel.numberedLabels(LABELS.size()))
        ? new SavedModel(saved.config(), saved.parameters(), saved.vocabulary(), saved.maxLen(),
            LABELS)
        : saved;
  }

  static Predictor load(Path dir) throws IOException {
    try {
      return new Predictor(SavedModel.read(dir), dir);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--resume " + dir + ": " + e.getMessage());
    }
  }

  /** One line per text, in order: the label and its probability, e.g. {@code pos 0.97}. */
  void printTo(PrintStream out, Backend backend, List<String> texts) {
    try (Classifier c = Classifier.of(saved, backend)) {
      for (Prediction p : c.predict(texts)) {
        out.println(String.format(Locale.ROOT, "%s %.2f", p.label(), p.probability()));
      }
    }
  }
}
