package org.rnn4j.cuda.runtime;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Closes registered resources in reverse order of registration (LIFO); the first failure is
 * thrown with later ones attached as suppressed, so nothing is left open because something
 * before it failed. Closing twice is harmless.
 */
public final class Closer implements AutoCloseable {
  private final Deque<AutoCloseable> stack = new ArrayDeque<>();

  public <C extends AutoCloseable> C register(C resource) {
    if (resource != null) {
      stack.push(resource);
    }
    return resource;
  }

  /**
   * For a constructor that failed half way: closes what was registered so far, attaches any
   * failure of that to {@code cause} as suppressed, and returns {@code cause} for the caller to
   * throw ({@code throw closer.closeAfter(e);}).
   */
  public RuntimeException closeAfter(RuntimeException cause) {
    try {
      close();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
    return cause;
  }

  @Override
  public void close() {
    RuntimeException first = null;
    while (!stack.isEmpty()) {
      AutoCloseable c = stack.pop();
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) {
          first = e instanceof RuntimeException r ? r : new IllegalStateException("close failed", e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
