package org.rnn4j.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Smaller defaults for a run on the CPU backend, where the tutorial's settings (4 epochs over
 * 25,000 reviews of up to 500 tokens, plus 4 evaluations of 25,000 reviews) would take well over
 * an hour on 2 cores. Sized so that the whole default run, loading and the evaluation on all
 * 25,000 test reviews included, takes about ten minutes on 2 cores; options the user typed are
 * never changed.
 *
 * <p>How they were chosen (2 shared cores, examples/README.md has the table): the CPU model
 * costs about 60-100 µs per review-token for a training step and 14-20 µs for evaluation, and
 * padding costs nothing (it runs on packed real positions), so time is proportional to the tokens
 * kept. One epoch over all 25,000 reviews at 250 tokens trains in 4-5.5 minutes and evaluates in
 * about a minute and a half. In that budget, one epoch at lr 1e-3 reaches only 61% (5,000 test
 * reviews), lr 3e-3 78%, lr 1e-2 (the d2l.ai tutorial's own rate) 83.5%; 500 tokens gave 81.5%,
 * two epochs of 150 tokens 79.4%, batch 32 82.7%. Hence 250 tokens, one epoch, lr 1e-2, all
 * training reviews.
 */
final class CpuDefaults {
  static final int MAX_LEN = 250;
  static final int EPOCHS = 1;
  static final double LR = 0.01;

  private CpuDefaults() {}

  /** {@code typed} with the CPU defaults wherever the option was not typed, and a note saying so. */
  static SettingsResolver.Resolved apply(RunSettings typed, Set<String> explicit) {
    List<String> applied = new ArrayList<>();
    int maxLen = (int) choose(explicit, "--max-len", typed.maxLen(), MAX_LEN, applied);
    int epochs = (int) choose(explicit, "--epochs", typed.epochs(), EPOCHS, applied);
    double lr = choose(explicit, "--lr", typed.lr(), LR, applied);
    RunSettings s = new RunSettings(maxLen, typed.minFreq(), typed.maxVocab(), typed.trainLimit(),
        typed.testLimit(), typed.seed(), epochs, typed.batchSize(), typed.bucket(), lr,
        typed.clip(), typed.embed(), typed.hidden(), typed.layers(), typed.dropout(),
        typed.trainEmbedding());
    List<String> notes = new ArrayList<>();
    if (!applied.isEmpty()) {
      notes.add("CPU defaults: " + String.join(" ", applied) + " (the tutorial's 4 epochs of "
          + "500 tokens at lr 0.001 take over an hour on a CPU; these take about 10 minutes on 2 "
          + "cores; set them to override)");
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
