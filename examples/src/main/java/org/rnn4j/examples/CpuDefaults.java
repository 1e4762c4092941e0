package org.rnn4j.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Smaller defaults for a run on the CPU backend, where the tutorial's settings (4 epochs over
 * 25,000 reviews of up to 500 tokens, plus 4 evaluations of 25,000 reviews) would take hours on a
 * laptop. Sized so that the whole default run, loading and a full 25,000-review evaluation
 * included, takes about ten minutes on 2 cores; only settings the user did not type change.
 *
 * <p>How they were chosen (see examples/README.md for the measurements): the float CPU model
 * costs about 70 µs per review-token for a training step and 28 µs for evaluation on 2 cores,
 * and padding costs nothing (it runs on packed real positions), so time is proportional to the
 * tokens kept. One epoch over all 25,000 reviews beats several epochs over a subset at equal cost
 * (every review is new information), and evaluating once instead of after every epoch saves
 * a quarter of the budget; the remaining knob is the review length.
 */
final class CpuDefaults {
  static final int MAX_LEN = 250;
  static final int EPOCHS = 1;
  static final int TRAIN_LIMIT = 0;

  private CpuDefaults() {}

  /** {@code typed} with the CPU defaults wherever the option was not typed, and a note saying so. */
  static SettingsResolver.Resolved apply(RunSettings typed, Set<String> explicit) {
    List<String> applied = new ArrayList<>();
    int maxLen = choose(explicit, "--max-len", typed.maxLen(), MAX_LEN, applied);
    int epochs = choose(explicit, "--epochs", typed.epochs(), EPOCHS, applied);
    int trainLimit = choose(explicit, "--train-limit", typed.trainLimit(), TRAIN_LIMIT, applied);
    RunSettings s = new RunSettings(maxLen, typed.minFreq(), typed.maxVocab(), trainLimit,
        typed.testLimit(), typed.seed(), epochs, typed.batchSize(), typed.bucket(), typed.lr(),
        typed.clip(), typed.embed(), typed.hidden(), typed.layers(), typed.dropout(),
        typed.trainEmbedding());
    List<String> notes = new ArrayList<>();
    if (!applied.isEmpty()) {
      notes.add("CPU defaults: " + String.join(" ", applied) + " (the tutorial's 4 epochs of "
          + "500 tokens take hours on a CPU; these take about 10 minutes on 2 cores; set them "
          + "to override)");
    }
    return new SettingsResolver.Resolved(s, notes);
  }

  private static int choose(Set<String> explicit, String option, int typed, int cpu,
      List<String> applied) {
    if (explicit.contains(option) || typed == cpu) {
      return typed;
    }
    applied.add(option + " " + cpu);
    return cpu;
  }
}
