package org.rnn4j.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Smaller defaults for a run on the CPU backend, where the tutorial's settings (4 epochs over
 * 25,000 reviews of up to 500 tokens, plus 4 evaluations of 25,000 reviews) take about half an
 * hour on 2 quiet cores, and much longer on a busy machine. Sized so that the whole default run, loading and the evaluation on all
 * 25,000 test reviews included, takes about ten minutes on 2 cores; options the user typed are
 * never changed.
 *
 * <p>How they were chosen (2 cores, examples/README.md has the table): the CPU model costs
 * about 45-100 µs per review-token for a training step and 10-20 µs for evaluation (the range is
 * a quiet versus a shared machine), and padding costs nothing (it runs on packed real positions),
 * so time is proportional to the tokens kept. With one epoch of 250 tokens at lr 1e-2 (the
 * default on every backend) the model reached 84.0% on all 25,000 test reviews in 4.4 minutes;
 * 500 tokens, batch 32, or two epochs of 150 tokens were no better. Two epochs of 200 tokens
 * reached 85.5% in 8 minutes on a quiet machine: the best found that fits the budget with room
 * for a busier machine.
 */
final class CpuDefaults {
  static final int MAX_LEN = 200;
  static final int EPOCHS = 2;

  private CpuDefaults() {}

  /** {@code typed} with the CPU defaults wherever the option was not typed, and a note saying so. */
  static SettingsResolver.Resolved apply(RunSettings typed, Set<String> explicit) {
    List<String> applied = new ArrayList<>();
    int maxLen = (int) choose(explicit, "--max-len", typed.maxLen(), MAX_LEN, applied);
    int epochs = (int) choose(explicit, "--epochs", typed.epochs(), EPOCHS, applied);
    RunSettings s = new RunSettings(maxLen, typed.minFreq(), typed.maxVocab(), typed.trainLimit(),
        typed.testLimit(), typed.seed(), epochs, typed.batchSize(), typed.bucket(), typed.lr(),
        typed.clip(), typed.embed(), typed.hidden(), typed.layers(), typed.dropout(),
        typed.trainEmbedding(), typed.extras());
    List<String> notes = new ArrayList<>();
    if (!applied.isEmpty()) {
      notes.add("CPU defaults: " + String.join(" ", applied) + " (the tutorial's 4 epochs of "
          + "500 tokens take about half an hour on 2 cores, these about 8 minutes; set them to "
          + "override)");
    }
    return new SettingsResolver.Resolved(s, notes);
  }

  private static double choose(Set<String> explicit, String option, double typed, double cpu,
      List<String> applied) {
    if (explicit.contains(option) || typed == cpu) {
      return typed;
    }
    applied.add(option + " " + RunSettings.fmt(cpu));
    return cpu;
  }
}
