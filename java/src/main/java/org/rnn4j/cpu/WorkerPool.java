package org.rnn4j.cpu;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A small fixed set of threads that runs numbered tasks, the calling thread included. Tasks are
 * claimed dynamically for balance; the results stay deterministic because each task writes its
 * own outputs and never reduces into shared ones.
 */
final class WorkerPool implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();
  private final int threads;
  private final ThreadPoolExecutor executor;

  /** @param threads total threads working on a call, the caller included (at least 1) */
  WorkerPool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
    if (threads == 1) {
      executor = null;
    } else {
      int id = POOLS.incrementAndGet();
      AtomicInteger count = new AtomicInteger();
      executor = new ThreadPoolExecutor(threads - 1, threads - 1, 30, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "rnn4j-cpu-" + id + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
      // An unclosed model must not pin threads forever.
      executor.allowCoreThreadTimeOut(true);
    }
  }

  int threads() {
    return threads;
  }

  /** Runs {@code body} for every task index in [0, tasks) and returns when all are done. */
  void run(int tasks, IntConsumer body) {
    if (executor == null || tasks <= 1) {
      for (int i = 0; i < tasks; i++) {
        body.accept(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
        body.accept(i);
      }
    };
    Future<?>[] helpers = new Future<?>[Math.min(threads - 1, tasks - 1)];
    for (int h = 0; h < helpers.length; h++) {
      helpers[h] = executor.submit(worker);
    }
    Throwable failure = null;
    try {
      worker.run();
    } catch (RuntimeException | Error e) {
      next.set(tasks);
      failure = e;
    }
    for (Future<?> f : helpers) {
      failure = awaitQuietly(f, failure);
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw new IllegalStateException("a CPU worker failed", failure);
    }
  }

  /** Waits for {@code f} even when interrupted (its task writes into arrays the caller owns). */
  private static Throwable awaitQuietly(Future<?> f, Throwable failure) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          f.get();
          return failure;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          return failure != null ? failure : e.getCause();
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdown();
    }
  }
}
