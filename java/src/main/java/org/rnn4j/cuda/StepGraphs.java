package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cudart.cudaGetLastError;
import static org.bytedeco.cuda.global.cudart.cudaGraphDestroy;
import static org.bytedeco.cuda.global.cudart.cudaGraphExecDestroy;
import static org.bytedeco.cuda.global.cudart.cudaGraphInstantiate;
import static org.bytedeco.cuda.global.cudart.cudaGraphLaunch;
import static org.bytedeco.cuda.global.cudart.cudaStreamBeginCapture;
import static org.bytedeco.cuda.global.cudart.cudaStreamCaptureModeThreadLocal;
import static org.bytedeco.cuda.global.cudart.cudaStreamEndCapture;

import java.lang.System.Logger.Level;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUgraphExec_st;
import org.bytedeco.cuda.cudart.CUgraph_st;
import org.rnn4j.cuda.runtime.Check;
import org.rnn4j.cuda.runtime.CudaException;
import org.rnn4j.cuda.runtime.CudaStream;

/**
 * CUDA graphs of the device work of a training step, one per batch shape: the first step of a
 * shape runs eagerly (it also warms up cuDNN and cuBLAS, which may load kernels or allocate on
 * first use), the second is captured and then launched, later ones launch the captured graph, so
 * the host pays one launch instead of hundreds.
 *
 * <p>A graph replays the exact operations it captured: the same device addresses, the same cuDNN
 * plan for the same sequence lengths, the same kernel arguments. So the caller gives a key that
 * pins all of these (shape, lengths, mode), calls {@link #invalidate} whenever a buffer the step
 * touches is reallocated or a descriptor changes, runs the step with cuDNN descriptors that stay
 * alive and unchanged for as long as a graph captured with them may be launched (one set per
 * shape, {@link Encoder#usePinned}: cuDNN reads host-side state such as the per-sample lengths
 * inside each call), and keeps everything whose value changes from step to step (uploads, result
 * copies, optimizer step counts) outside the captured region.
 *
 * <p>If a capture fails (cuDNN or cuBLAS doing something that stream capture forbids), the graphs
 * are switched off for this model with one warning, and that step and all later ones run eagerly:
 * nothing of a failed capture ran, so running the body again is correct.
 */
final class StepGraphs implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(StepGraphs.class.getName());
  /** Shapes kept at once; the least recently used graph goes when a new one would exceed it. */
  static final int MAX_GRAPHS = 32;

  /** Identifies a captured step: every host-side value the captured operations depend on. */
  record Key(int batch, int maxLen, boolean dropout) {}

  private final CudaStream stream;
  private final Map<Key, CUgraphExec_st> graphs = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<Key, Boolean> warmedUp = new LinkedHashMap<>(16, 0.75f, true);
  private boolean enabled;
  private String disabledBecause;
  private int captures;
  private int launches;

  StepGraphs(CudaStream stream, boolean enabled) {
    this.stream = stream;
    this.enabled = enabled && !stream.debugSync();
    this.disabledBecause = !enabled ? "not requested"
        : stream.debugSync() ? "debug sync is on (it synchronizes inside the step)" : null;
  }

  /**
   * Runs {@code body} (device work queued on the stream, nothing else) for {@code key}: eagerly,
   * or by capturing it, or by launching the graph captured before. A null key runs eagerly.
   */
  void run(Key key, Runnable body) {
    if (!enabled || key == null) {
      body.run();
      return;
    }
    CUgraphExec_st exec = graphs.get(key);
    if (exec == null) {
      if (!warmedUp.containsKey(key)) {
        body.run(); // first time: eager warm-up (counted only when it succeeded)
        warmedUp.put(key, Boolean.TRUE);
        trim(warmedUp, 4 * MAX_GRAPHS);
        return;
      }
      exec = capture(body);
      if (exec == null) {
        body.run(); // capture failed and graphs are now off
        return;
      }
      graphs.put(key, exec);
      evictOldest();
    }
    Check.cuda(cudaGraphLaunch(exec, stream.handle()), "cudaGraphLaunch");
    launches++;
  }

  private CUgraphExec_st capture(Runnable body) {
    Check.cuda(cudaStreamBeginCapture(stream.handle(), cudaStreamCaptureModeThreadLocal),
        "cudaStreamBeginCapture");
    CUgraph_st graph = new CUgraph_st();
    RuntimeException failure = null;
    int ended;
    try {
      body.run();
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      ended = cudaStreamEndCapture(stream.handle(), graph); // always end, even after an Error
    }
    if (failure == null && ended != 0) {
      failure = new CudaException("cudaStreamEndCapture", ended, "cudaStreamEndCapture failed"
          + " (status " + ended + "): an operation in the step is not allowed in stream capture");
    }
    CUgraphExec_st exec = null;
    if (failure == null) {
      exec = new CUgraphExec_st();
      int status = cudaGraphInstantiate(exec, graph, 0L);
      if (status != 0) {
        failure = new CudaException("cudaGraphInstantiate", status,
            "cudaGraphInstantiate failed (status " + status + ")");
        exec = null;
      }
    }
    if (!graph.isNull()) {
      Check.cuda(cudaGraphDestroy(graph), "cudaGraphDestroy"); // the executable does not need it
    }
    if (failure != null) {
      // Capture errors are not sticky; clear the last status so later calls are not blamed.
      int cleared = cudaGetLastError();
      LOG.log(Level.DEBUG, "status cleared after the failed capture: {0}", cleared);
    }
    if (failure instanceof Encoder.PersistRefusedException refused) {
      throw refused; // not the graph's fault: the caller reruns the step on STANDARD
    }
    if (failure != null) {
      disable("capturing the step failed: " + failure.getMessage());
      return null;
    }
    captures++;
    return exec;
  }

  /** Drops every captured graph; the next steps warm up and capture again. */
  void invalidate() {
    java.util.List<CUgraphExec_st> old = new java.util.ArrayList<>(graphs.values());
    graphs.clear();
    warmedUp.clear();
    CudaException first = null;
    for (CUgraphExec_st e : old) {
      int rc = cudaGraphExecDestroy(e);
      if (rc != 0 && first == null) {
        first = new CudaException("cudaGraphExecDestroy", rc, "cudaGraphExecDestroy failed (status "
            + rc + ")");
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void disable(String why) {
    invalidate();
    enabled = false;
    disabledBecause = why;
    LOG.log(Level.WARNING, "CUDA graphs switched off, training steps run eagerly: {0}", why);
  }

  private void evictOldest() {
    if (graphs.size() > MAX_GRAPHS) {
      Iterator<Map.Entry<Key, CUgraphExec_st>> it = graphs.entrySet().iterator();
      Map.Entry<Key, CUgraphExec_st> eldest = it.next();
      it.remove();
      Check.cuda(cudaGraphExecDestroy(eldest.getValue()), "cudaGraphExecDestroy");
    }
  }

  private static void trim(Map<Key, Boolean> m, int max) {
    Iterator<Key> it = m.keySet().iterator();
    while (m.size() > max) {
      it.next();
      it.remove();
    }
  }

  boolean enabled() {
    return enabled;
  }

  /** Why graphs are not in use, or null while they are. */
  String disabledBecause() {
    return disabledBecause;
  }

  /**
   * What the graphs have done so far, for tests and benchmarks.
   *
   * @param captures graphs captured
   * @param launches captured graphs launched
   * @param held     graphs held now
   */
  record Counts(int captures, int launches, int held) {}

  Counts counts() {
    return new Counts(captures, launches, graphs.size());
  }

  @Override
  public void close() {
    invalidate();
  }
}
