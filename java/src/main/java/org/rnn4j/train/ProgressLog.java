package org.rnn4j.train;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A {@link TrainListener} that reports training as plain lines, for logs and for runs without a
 * terminal (where the {@link TrainConfig#progressBar() progress bar} is not shown), e.g.
 *
 * <pre>epoch 1/2  40% 156/391 batches  loss 0.5321  acc 72.4%  612 rev/s  3m12s left</pre>
 *
 * <p>A line is written when {@value #INTERVAL_SECONDS} seconds have passed since the last one of
 * the epoch (or since the epoch began), or when the epoch has crossed the next tenth of its
 * batches, whichever comes first, and always at the epoch's last batch (ending
 * {@code took 10m54s}). The loss and accuracy are the epoch's running means. The trainer prints
 * nothing of this by itself: add the listener to get the lines, e.g.
 * {@code trainer.addListener(ProgressLog.toStderr())}.
 */
public final class ProgressLog implements TrainListener {
  /** Longest time between two lines of an epoch. */
  public static final int INTERVAL_SECONDS = 10;
  /** A line at least every {@code 1/PARTS} of an epoch. */
  public static final int PARTS = 10;

  private final Consumer<String> sink;
  private final LongSupplier nanoClock;
  private long lastLine;
  private int lastPart;

  /** Lines to {@code sink} (e.g. {@code System.err::println} or a logger), timed by the system clock. */
  public ProgressLog(Consumer<String> sink) {
    this(sink, System::nanoTime);
  }

  /**
   * @param sink      receives each line, without a line break
   * @param nanoClock nanoseconds of a monotonic clock, like {@link System#nanoTime()}
   */
  public ProgressLog(Consumer<String> sink, LongSupplier nanoClock) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.lastLine = nanoClock.getAsLong();
  }

  /** Lines on {@code System.err}. */
  public static ProgressLog toStderr() {
    return new ProgressLog(line -> System.err.println(line));
  }

  @Override
  public void onEpochStart(int epoch, int batches) {
    lastLine = nanoClock.getAsLong();
    lastPart = 0;
  }

  @Override
  public void onBatchEnd(BatchProgress p) {
    long now = nanoClock.getAsLong();
    int part = (int) ((long) p.step() * PARTS / p.steps());
    if (part > lastPart || now - lastLine >= INTERVAL_SECONDS * 1_000_000_000L) {
      sink.accept(ProgressText.line(p));
      lastLine = now;
      lastPart = part;
    }
  }
}
