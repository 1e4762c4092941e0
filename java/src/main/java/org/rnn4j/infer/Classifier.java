/*
 * Dimension key: B batch, C classes.
 */
package org.rnn4j.infer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.rnn4j.Backends;
import org.rnn4j.model.Batch;
import org.rnn4j.data.TextEncoder;
import org.rnn4j.model.Backend;
import org.rnn4j.model.Model;

/**
 * Classifies raw text with a {@link SavedModel}: the saved tokenizer rules, vocabulary and token
 * limit turn each text into ids, the model runs in evaluation mode (no dropout), and each answer
 * names its class with every class's probability.
 *
 * <pre>{@code
 * try (Classifier c = Classifier.load(Path.of("imdb-model.safetensors"))) {
 *   Prediction p = c.predict("A wonderful, moving film.");   // pos 0.97
 * }
 * }</pre>
 *
 * <p>Thread-safe by design, so one classifier can serve a whole application: each call encodes
 * its texts with its own encoder, and the model (which keeps working buffers, on the CPU as on
 * the GPU) runs one batch at a time under a lock, so concurrent calls queue for it batch by batch
 * and get exactly what the same calls made one after another would get. For more throughput
 * than one model gives, use one classifier per thread (each holds a copy of the weights).
 *
 * <p>{@link #predict(List)} batches internally: texts are sorted by length into batches of
 * {@link #batchSize()} (less padding), and the answers come back in the input order.
 */
public final class Classifier implements AutoCloseable {
  /** Texts per model call in {@link #predict(List)} unless set otherwise. */
  public static final int DEFAULT_BATCH = 64;

  private final SavedModel saved;
  private final Model model;
  private final int batchSize;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;

  private Classifier(SavedModel saved, Backend backend, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    this.saved = saved;
    this.batchSize = batchSize;
    Model m = backend.create(saved.config(), 0);
    try {
      m.setParameters(saved.parameters());
      m.setTraining(false);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
    this.model = m;
  }

  /**
   * A classifier for the saved model at {@code path} (a saved model file, a checkpoint's
   * {@code model.safetensors}, or a checkpoint folder), on the GPU where one is usable, else on
   * the CPU ({@link Backends#choose} {@code "auto"}).
   */
  public static Classifier load(Path path) throws IOException {
    return of(SavedModel.read(path), Backends.choose("auto").backend());
  }

  /** As {@link #load(Path)}, on the given backend. */
  public static Classifier load(Path path, Backend backend) throws IOException {
    return of(SavedModel.read(path), backend);
  }

  /** A classifier for {@code saved} on {@code backend}, batches of {@link #DEFAULT_BATCH}. */
  public static Classifier of(SavedModel saved, Backend backend) {
    return new Classifier(saved, backend, DEFAULT_BATCH);
  }

  /** A classifier for {@code saved} on {@code backend} with model calls of {@code batchSize}. */
  public static Classifier of(SavedModel saved, Backend backend, int batchSize) {
    return new Classifier(saved, backend, batchSize);
  }

  /** The class names by label id. */
  public List<String> labels() {
    return saved.labels();
  }

  /** What this classifier runs: the saved model (its weights are a copy of the model's). */
  public SavedModel savedModel() {
    return saved;
  }

  /** Texts per model call in {@link #predict(List)}. */
  public int batchSize() {
    return batchSize;
  }

  /** The backend the model runs on ({@code cpu} or {@code cudnn}). */
  public String backend() {
    return model.backend();
  }

  /** Classifies one text. */
  public Prediction predict(String text) {
    return predict(List.of(text)).get(0);
  }

  /** Classifies every text; the answers are in the order of the texts. */
  public List<Prediction> predict(List<String> texts) {
    TextEncoder encoder = new TextEncoder(saved.vocabulary(), saved.maxLen()); // per call
    int[][] ids = new int[texts.size()][];
    for (int i = 0; i < ids.length; i++) {
      String t = texts.get(i);
      if (t == null) {
        throw new IllegalArgumentException("text " + i + " is null");
      }
      ids[i] = encoder.encode(t);
    }
    Integer[] order = new Integer[ids.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> ids[i].length)); // stable: ties keep order
    Prediction[] out = new Prediction[ids.length];
    for (int from = 0; from < ids.length; from += batchSize) {
      int n = Math.min(batchSize, ids.length - from);
      int[][] seqs = new int[n][];
      for (int j = 0; j < n; j++) {
        seqs[j] = ids[order[from + j]];
      }
      float[] logits = logits(Batch.of(seqs, null));
      int c = saved.config().classes();
      for (int j = 0; j < n; j++) {
        out[order[from + j]] = prediction(logits, j * c, c);
      }
    }
    return Arrays.asList(out);
  }

  private float[] logits(Batch batch) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("this classifier is closed");
      }
      return model.logits(batch);
    } finally {
      lock.unlock();
    }
  }

  /** Softmax in double precision of logits[at .. at+c); the first largest wins a tie. */
  private Prediction prediction(float[] logits, int at, int c) {
    double max = Double.NEGATIVE_INFINITY;
    int best = 0;
    for (int k = 0; k < c; k++) {
      if (logits[at + k] > max) {
        max = logits[at + k];
        best = k;
      }
    }
    double[] p = new double[c];
    double sum = 0;
    for (int k = 0; k < c; k++) {
      p[k] = Math.exp(logits[at + k] - max);
      sum += p[k];
    }
    List<Double> probs = new ArrayList<>(c);
    for (int k = 0; k < c; k++) {
      probs.add(p[k] / sum);
    }
    return new Prediction(saved.labels().get(best), best, probs);
  }

  /** Frees the model; calls after this (or still queued for the lock) throw. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        model.close();
      }
    } finally {
      lock.unlock();
    }
  }
}
