package org.rnn4j.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The labelled IMDB reviews read (all, or the subsets of {@link SubsetReader}), each tokenized
 * once into ids of a {@link WordTable} holding every word seen in either split. Reading (gunzip,
 * tar, UTF-8) runs on a second thread while this one tokenizes, since the two take similar time
 * and the machines this runs on have few cores.
 */
final class TokenizedCorpus {
  private static final int CHUNK = 256;
  private static final List<Review> END = List.of();

  final ImdbDataset dataset;
  final WordTable table;
  /** Word-table ids per review, aligned with {@code dataset.train()} / {@code test()}. */
  final int[][] train;
  final int[][] test;
  /** Labelled reviews the data holds per split, read or not. */
  final SubsetReader.Found found;

  private TokenizedCorpus(ImdbDataset dataset, WordTable table, int[][] train, int[][] test,
      SubsetReader.Found found) {
    this.dataset = dataset;
    this.table = table;
    this.train = train;
    this.test = test;
    this.found = found;
  }

  /** Where the reviews come from: hands them to a sink, in any order. */
  @FunctionalInterface
  private interface Source {
    SubsetReader.Found stream(Consumer<? super Review> sink) throws IOException;
  }

  /** Every labelled review at {@code data}. */
  static TokenizedCorpus read(Path data) throws IOException {
    return read(data, sink -> {
      int[] n = new int[Split.values().length];
      long replaced = ImdbReader.stream(data, false, r -> {
        n[r.split().ordinal()]++;
        sink.accept(r);
      });
      return new SubsetReader.Found(replaced, n[Split.TRAIN.ordinal()], n[Split.TEST.ordinal()]);
    });
  }

  /** The reviews at {@code data} that {@link SubsetReader} keeps for these limits. */
  static TokenizedCorpus read(Path data, int[] limits, long seed) throws IOException {
    return read(data, sink -> SubsetReader.stream(data, limits, seed, sink));
  }

  /** A review with its tokens, until the reviews are sorted. */
  private record Tokenized(Review review, int[] ids) {
  }

  private static TokenizedCorpus read(Path data, Source source) throws IOException {
    BlockingQueue<List<Review>> queue = new ArrayBlockingQueue<>(64);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    SubsetReader.Found[] found = new SubsetReader.Found[1];
    Thread reader = new Thread(() -> produce(source, queue, failure, found), "rnn4j-imdb-reader");
    reader.setDaemon(true);
    reader.start();
    List<Tokenized> all = new ArrayList<>(50_000);
    WordTable table = new WordTable();
    try {
      consume(queue, table, all);
    } catch (IOException | RuntimeException | Error e) {
      // Stop the reader too: it may be blocked on the full queue.
      reader.interrupt();
      throw e;
    } finally {
      join(reader);
    }
    rethrow(failure.get());
    all.sort(Comparator.comparing(Tokenized::review, Review.ORDER));
    List<Review> reviews = new ArrayList<>(all.size());
    all.forEach(t -> reviews.add(t.review()));
    ImdbDataset dataset = ImdbDataset.of(data, reviews, found[0].replaced());
    int[][] train = new int[dataset.train().size()][];
    int[][] test = new int[dataset.test().size()][];
    for (int i = 0; i < all.size(); i++) {
      // Sorted by split first: the train reviews come first, then the test reviews.
      int[] ids = all.get(i).ids();
      if (i < train.length) {
        train[i] = ids;
      } else {
        test[i - train.length] = ids;
      }
    }
    return new TokenizedCorpus(dataset, table, train, test, found[0]);
  }

  private static void produce(Source source, BlockingQueue<List<Review>> queue,
      AtomicReference<Throwable> failure, SubsetReader.Found[] found) {
    ChunkSender sender = new ChunkSender(queue);
    try {
      found[0] = source.stream(sender);
      sender.flush();
    } catch (Throwable t) {
      failure.set(t);
    } finally {
      try {
        queue.put(END);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Hands reviews to the queue in chunks, so the threads meet once per {@value #CHUNK}. */
  private static final class ChunkSender implements Consumer<Review> {
    private final BlockingQueue<List<Review>> queue;
    private List<Review> chunk = new ArrayList<>(CHUNK);

    ChunkSender(BlockingQueue<List<Review>> queue) {
      this.queue = queue;
    }

    @Override
    public void accept(Review r) {
      chunk.add(r);
      if (chunk.size() == CHUNK) {
        flush();
      }
    }

    void flush() {
      try {
        queue.put(chunk);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("reading stopped: the tokenizing thread failed", e);
      }
      chunk = new ArrayList<>(CHUNK);
    }
  }

  private static void consume(BlockingQueue<List<Review>> queue, WordTable table,
      List<Tokenized> out) throws InterruptedIOException {
    Tokenizer tokenizer = new Tokenizer();
    IdCollector ids = new IdCollector(table);
    try {
      for (List<Review> chunk = queue.take(); chunk != END; chunk = queue.take()) {
        for (Review r : chunk) {
          out.add(new Tokenized(r, ids.collect(tokenizer, r.text())));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while tokenizing the IMDB reviews");
    }
  }

  private static void join(Thread reader) throws InterruptedIOException {
    try {
      reader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the IMDB reader");
    }
  }

  private static void rethrow(Throwable t) throws IOException {
    if (t == null) {
      return;
    }
    if (t instanceof IOException io) {
      throw io;
    }
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    throw new IllegalStateException("the IMDB reader failed", t);
  }

  /** Collects a text's word-table ids into a reusable buffer. */
  static final class IdCollector {
    private final WordTable table;
    private int[] buf = new int[1024];
    private int n;

    IdCollector(WordTable table) {
      this.table = table;
    }

    int[] collect(Tokenizer tokenizer, String text) {
      n = 0;
      tokenizer.tokenize(text, (chars, start, length) -> {
        if (n == buf.length) {
          buf = Arrays.copyOf(buf, n * 2);
        }
        buf[n++] = table.intern(chars, start, length);
      });
      return Arrays.copyOf(buf, n);
    }
  }
}
