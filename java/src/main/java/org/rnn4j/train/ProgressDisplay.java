package org.rnn4j.train;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;

/**
 * The per-epoch progress bar on stderr with the running loss, accuracy, reviews per second and
 * time left. Shown only when asked for ({@link TrainConfig#progressBar()}) and a terminal is
 * attached, so logs and CI output stay clean; {@link ProgressLog} prints plain lines instead.
 *
 * <p>The line is drawn by {@link ProgressText#bar}, which fits the terminal's width by shrinking
 * the bar (the progressbar library's own renderer would keep the bar and cut off the text).
 */
final class ProgressDisplay implements AutoCloseable {
  private final ProgressBar bar;
  private final Renderer renderer;

  private ProgressDisplay(ProgressBar bar, Renderer renderer) {
    this.bar = bar;
    this.renderer = renderer;
  }

  static ProgressDisplay open(boolean wanted, int epoch, int epochs, int batches) {
    if (!wanted || System.console() == null) {
      return new ProgressDisplay(null, null);
    }
    return open(epoch, epochs, batches, new ConsoleProgressBarConsumer(System.err));
  }

  /** A bar drawn into {@code consumer}, whatever the terminal (for tests). */
  static ProgressDisplay open(int epoch, int epochs, int batches, ProgressBarConsumer consumer) {
    Renderer r = new Renderer(epoch, epochs, batches);
    ProgressBar bar = new ProgressBarBuilder()
        .setInitialMax(batches)
        .setRenderer(r)
        .setUpdateIntervalMillis(250)
        .setConsumer(consumer)
        .build();
    return new ProgressDisplay(bar, r);
  }

  /** After a batch's result was read. */
  void update(BatchProgress p) {
    if (bar != null) {
      renderer.latest = p;
      bar.stepTo(p.step());
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }

  /** Draws the latest batch's numbers; the library calls it from its refresh thread. */
  private static final class Renderer implements ProgressBarRenderer {
    private final int epoch;
    private final int epochs;
    private final int batches;
    volatile BatchProgress latest;

    Renderer(int epoch, int epochs, int batches) {
      this.epoch = epoch;
      this.epochs = epochs;
      this.batches = batches;
    }

    @Override
    public String render(ProgressState state, int maxLength) {
      int width = maxLength > 0 ? maxLength : 80;
      BatchProgress p = latest;
      return p == null ? ProgressText.barBeforeFirstStep(epoch, epochs, batches, width)
          : ProgressText.bar(p, width);
    }
  }
}
