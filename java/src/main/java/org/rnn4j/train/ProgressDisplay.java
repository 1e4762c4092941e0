package org.rnn4j.train;

import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The per-epoch progress bar on stderr with the running loss, accuracy and reviews per second.
 * Shown only when asked for and a terminal is attached, so logs and CI output stay clean.
 */
final class ProgressDisplay implements AutoCloseable {
  private final ProgressBar bar;

  private ProgressDisplay(ProgressBar bar) {
    this.bar = bar;
  }

  static ProgressDisplay open(boolean wanted, String task, int batches) {
    if (!wanted || System.console() == null) {
      return new ProgressDisplay(null);
    }
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(batches)
        .setUnit(" batches", 1)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .build();
    return new ProgressDisplay(bar);
  }

  /** After a batch: running mean loss, accuracy so far, throughput since the epoch began. */
  void update(double meanLoss, double accuracy, double reviewsPerSecond) {
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f acc %.2f%% %.0f rev/s",
          meanLoss, 100 * accuracy, reviewsPerSecond));
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
