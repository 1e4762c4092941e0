package org.rnn4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** {@link WorkerPool}: every task once, failures propagated. */
class WorkerPoolTest {
  @Test
  void workerPoolRunsEveryTaskOnceAndPropagatesFailures() {
    try (WorkerPool pool = new WorkerPool(3)) {
      AtomicIntegerArray runs = new AtomicIntegerArray(100);
      pool.run(100, runs::incrementAndGet);
      for (int i = 0; i < 100; i++) {
        assertEquals(1, runs.get(i), "task " + i);
      }
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(10, i -> {
        if (i == 7) {
          throw new IllegalStateException("task 7");
        }
      }));
      assertEquals("task 7", e.getMessage());
      pool.run(2, i -> { }); // still usable
    }
    assertThrows(IllegalArgumentException.class, () -> new WorkerPool(0));
  }
}
