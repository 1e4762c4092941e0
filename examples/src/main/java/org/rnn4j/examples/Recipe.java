package org.rnn4j.examples;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.rnn4j.model.Cell;
import org.rnn4j.model.Pooling;
import org.rnn4j.train.LrSchedule;

/**
 * The named training recipes of {@code --recipe}: every setting that differs from the tutorial's,
 * in one place. All hold out the same 2,500 training reviews (balanced, drawn with seed
 * {@link RunSettings#VALIDATION_SEED}) for validation; the weights of the best validation epoch
 * are the ones tested, once, at the end. Options typed beside {@code --recipe} win.
 *
 * <ul>
 *   <li>{@code tutorial}: the PyTorch tutorial's model and optimizer (GloVe 100-d frozen,
 *       2 x BiLSTM-100, dropout 0.3, first/last pooling, Adam at 0.01, 4 epochs of batch 64) with
 *       true lengths and reviews cut at 500 tokens.</li>
 *   <li>{@code padded}: the tutorial as its PyTorch code runs: every review padded or cut to 500
 *       tokens and fed whole, so the "last" output is that of position 499, usually padding;
 *       plain shuffling.</li>
 *   <li>{@code best}: chosen on the validation set: reviews cut at 800 tokens, GloVe fine-tuned
 *       from the start, dropout 0.25 on the embedding output, max and mean pooling, Adam at 0.002
 *       with a 200-step warm-up and cosine decay to 5%, clipping at 1, early stopping after 2
 *       epochs without a better validation accuracy.</li>
 * </ul>
 *
 * @param name      the recipe's name
 * @param maxLen    tokens kept per review
 * @param bucket    length-bucketing window
 * @param lr        base learning rate
 * @param clip      gradient clipping, 0 = off
 * @param train     whether the embedding trains
 * @param extras    the rest ({@link RunSettings.Extras})
 */
record Recipe(String name, int maxLen, int bucket, double lr, double clip, boolean train,
    RunSettings.Extras extras) {
  static final int VALIDATION = 2500;

  static final Recipe TUTORIAL = new Recipe("tutorial", 500, 20, 0.01, 0, false,
      new RunSettings.Extras("tutorial", Pooling.FIRST_LAST, 0, VALIDATION, 0,
          LrSchedule.constant(), 0, 1, 0, false, false, Cell.LSTM));

  static final Recipe PADDED = new Recipe("padded", 500, 1, 0.01, 0, false,
      new RunSettings.Extras("padded", Pooling.FIRST_LAST, 0, VALIDATION, 0,
          LrSchedule.constant(), 0, 1, 0, false, true, Cell.LSTM));

  static final Recipe BEST = new Recipe("best", 800, 20, 0.002, 1.0, true,
      new RunSettings.Extras("best", Pooling.MAX_MEAN, 0.25, VALIDATION, 2,
          LrSchedule.cosine(200, 0.05), 0, 1, 0, false, false, Cell.LSTM));

  /** Every recipe, in the order they are documented. */
  static final List<Recipe> ALL = List.of(TUTORIAL, PADDED, BEST);

  /** The recipe named {@code name}. */
  static Recipe of(String name) {
    for (Recipe r : ALL) {
      if (r.name.equals(name.toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new UsageException("unknown recipe '" + name + "'; choose one of "
        + ALL.stream().map(Recipe::name).collect(Collectors.joining(", ")));
  }

  /**
   * {@code typed} with this recipe's value for every option not in {@code explicit}; the epochs,
   * batch size, shape and seed are the tutorial's defaults unless typed.
   */
  RunSettings apply(RunSettings typed, Set<String> explicit) {
    RunSettings.Extras t = typed.extras();
    RunSettings.Extras e = new RunSettings.Extras(name,
        pick(explicit, "--pooling", t.pooling(), extras.pooling()),
        pick(explicit, "--embed-dropout", t.embedDropout(), extras.embedDropout()),
        pick(explicit, "--validation", t.validation(), extras.validation()),
        pick(explicit, "--patience", t.patience(), extras.patience()),
        pick(explicit, "--schedule", t.schedule(), extras.schedule()),
        pick(explicit, "--unfreeze-after", t.unfreezeAfter(), extras.unfreezeAfter()),
        pick(explicit, "--embed-lr-scale", t.embedLrScale(), extras.embedLrScale()),
        pick(explicit, "--weight-decay", t.weightDecay(), extras.weightDecay()),
        pick(explicit, "--adamw", t.adamW(), extras.adamW()),
        pick(explicit, "--pad", t.padded(), extras.padded()),
        pick(explicit, "--cell", t.cell(), extras.cell()));
    Boolean trainEmbedding = explicit.contains("--train-embedding")
        || explicit.contains("--freeze-embedding") ? typed.trainEmbedding() : Boolean.valueOf(train);
    return new RunSettings(pick(explicit, "--max-len", typed.maxLen(), maxLen), typed.minFreq(),
        typed.maxVocab(), typed.trainLimit(), typed.testLimit(), typed.seed(), typed.epochs(),
        typed.batchSize(), pick(explicit, "--bucket", typed.bucket(), bucket),
        pick(explicit, "--lr", typed.lr(), lr), pick(explicit, "--clip", typed.clip(), clip),
        typed.embed(), typed.hidden(), typed.layers(), typed.dropout(), trainEmbedding, e);
  }

  private static <T> T pick(Set<String> explicit, String option, T typed, T recipe) {
    return explicit.contains(option) ? typed : recipe;
  }
}
