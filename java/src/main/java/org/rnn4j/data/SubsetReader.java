package org.rnn4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the labelled IMDB reviews for a limited {@link ImdbData#load}: every review of a split
 * without a limit, and only the balanced seeded subset ({@link Subsets}) of a split with one.
 *
 * <p>A subset is drawn over the split's reviews sorted by label and id (the order of
 * {@link ImdbDataset}), so whether a review is chosen depends on its rank, which is known only
 * once the split has been listed completely. A folder is therefore listed first (names only)
 * and only the chosen files are opened. An archive cannot be listed without reading it: gzip
 * decompresses only from the start, tar names each entry just before its bytes, folders are in
 * name order (0_2, 10000_4, ...) rather than id order, and nothing promises that a folder's
 * entries are contiguous. So the whole archive is still decompressed, and each review entry of
 * a limited split is kept as raw bytes until the split is listed; only the chosen ones are then
 * decoded (and, by the caller, tokenized and counted). The raw copy holds about 33 MB per IMDB
 * split, less than the decoded full split would.
 */
final class SubsetReader {
  /**
   * What a read found.
   *
   * @param replaced malformed UTF-8 sequences replaced, in the reviews decoded
   * @param train    labelled training reviews found
   * @param test     labelled test reviews found
   */
  record Found(long replaced, int train, int test) {
  }

  /** A review of a limited split, not decoded yet: its bytes (archive) or file (folder). */
  private record Pending(ReviewName name, String source, byte[] bytes, ImdbFolder.Entry file) {
  }

  private SubsetReader() {
  }

  /**
   * Hands the reviews a load with these limits keeps to {@code sink}: those of an unlimited split
   * as they are read, then the chosen ones of each limited split.
   *
   * @param limits the limit per split ({@link Split#ordinal()}), 0 for all
   * @param seed   the load's seed (see {@link Subsets#seedFor})
   */
  static Found stream(Path path, int[] limits, long seed, Consumer<? super Review> sink)
      throws IOException {
    boolean folder = ImdbReader.isFolder(path);
    LayoutCheck check = new LayoutCheck(false);
    Utf8Text utf8 = new Utf8Text();
    List<List<Pending>> pending = List.of(new ArrayList<>(), new ArrayList<>());
    Path container;
    if (folder) {
      container = ImdbFolder.root(path);
      for (ImdbFolder.Entry e : ImdbFolder.list(container, false)) {
        check.add(e.name().split(), e.name().label());
        if (limits[e.name().split().ordinal()] == 0) {
          sink.accept(ImdbFolder.read(e, utf8));
        } else {
          pending.get(e.name().split().ordinal()).add(new Pending(e.name(), e.source(), null, e));
        }
      }
      check.verify(container, ImdbReader.FOLDER_LAYOUT);
    } else {
      container = path;
      ImdbReader.readArchiveRaw(path, false, (name, source, bytes, size) -> {
        check.add(name.split(), name.label());
        if (limits[name.split().ordinal()] == 0) {
          sink.accept(review(name, source, utf8.decode(bytes, size)));
        } else {
          pending.get(name.split().ordinal())
              .add(new Pending(name, source, Arrays.copyOf(bytes, size), null));
        }
      });
      check.verify(path, ImdbReader.ARCHIVE_LAYOUT);
    }
    for (Split split : Split.values()) {
      if (limits[split.ordinal()] > 0) {
        for (Pending p : choose(pending.get(split.ordinal()), split, limits[split.ordinal()], seed,
            container)) {
          sink.accept(p.file() != null ? ImdbFolder.read(p.file(), utf8)
              : review(p.name(), p.source(), utf8.decode(p.bytes(), p.bytes().length)));
        }
      }
    }
    return new Found(utf8.replaced(), found(check, Split.TRAIN), found(check, Split.TEST));
  }

  /** The chosen reviews of one split, from all of them in any order. */
  private static List<Pending> choose(List<Pending> all, Split split, int limit, long seed,
      Path container) throws DataFileException {
    all.sort((a, b) -> a.name().label() != b.name().label()
        ? Integer.compare(a.name().label(), b.name().label())
        : Integer.compare(a.name().id(), b.name().id()));
    int[] labels = new int[all.size()];
    for (int i = 0; i < labels.length; i++) {
      Pending p = all.get(i);
      if (i > 0 && all.get(i - 1).name().label() == p.name().label()
          && all.get(i - 1).name().id() == p.name().id()) {
        // As ImdbDataset.of says for a full load: ranks would be ambiguous.
        throw new DataFileException("two files hold the same review (" + all.get(i - 1).source()
            + " and " + p.source() + ")", container, p.source(), 0, null);
      }
      labels[i] = p.name().label();
    }
    List<Pending> chosen = new ArrayList<>(limit);
    for (int i : Subsets.choose(labels, 2, limit, Subsets.seedFor(split, seed), wording(split))) {
      chosen.add(all.get(i));
    }
    return chosen;
  }

  /** How a load's limit errors read: "trainLimit 70 needs 35 training reviews labelled neg...". */
  static Subsets.Wording wording(Split split) {
    return split == Split.TRAIN
        ? new Subsets.Wording("trainLimit", split, "training reviews", List.of("neg", "pos"))
        : new Subsets.Wording("testLimit", split, "test reviews", List.of("neg", "pos"));
  }

  private static Review review(ReviewName name, String source, String text) {
    return new Review(name.split(), name.label(), name.rating(), name.id(), text, source);
  }

  private static int found(LayoutCheck check, Split split) {
    return check.count(split, Review.NEG) + check.count(split, Review.POS);
  }
}
