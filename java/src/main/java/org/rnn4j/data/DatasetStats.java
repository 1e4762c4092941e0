package org.rnn4j.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.annotations.SerializedName;
import java.util.Locale;

/**
 * What {@link ImdbData#load} produced, for a report: counts, vocabulary, lengths, unknown words,
 * GloVe coverage and load time. GloVe fields are null (left out of the JSON) without GloVe.
 * Token statistics count tokens before truncation.
 *
 * @param train               reviews per label in the training split
 * @param test                reviews per label in the test split
 * @param vocabSize           vocabulary size including {@code <pad>} and {@code <unk>}
 * @param maxLen              tokens kept per review
 * @param trainLengths        training token-length percentiles
 * @param testLengths         test token-length percentiles
 * @param truncatedTrain      share of training reviews longer than {@code maxLen}
 * @param truncatedTest       share of test reviews longer than {@code maxLen}
 * @param unkShareTrain       share of training tokens mapped to {@code <unk>}
 * @param unkShareTest        share of test tokens mapped to {@code <unk>}
 * @param gloveWordsCovered   vocabulary words (specials excluded) with a GloVe vector
 * @param gloveVocabCoverage  share of vocabulary words with a GloVe vector
 * @param gloveTokenCoverage  share of training tokens whose vocabulary word has a GloVe vector
 * @param loadSeconds         wall time of the whole load
 */
public record DatasetStats(
    @SerializedName("train") LabelCounts train,
    @SerializedName("test") LabelCounts test,
    @SerializedName("vocab_size") int vocabSize,
    @SerializedName("max_len") int maxLen,
    @SerializedName("token_length_train") LengthPercentiles trainLengths,
    @SerializedName("token_length_test") LengthPercentiles testLengths,
    @SerializedName("truncated_share_train") double truncatedTrain,
    @SerializedName("truncated_share_test") double truncatedTest,
    @SerializedName("unk_share_train") double unkShareTrain,
    @SerializedName("unk_share_test") double unkShareTest,
    @SerializedName("glove_vocab_words_covered") Integer gloveWordsCovered,
    @SerializedName("glove_vocab_coverage") Double gloveVocabCoverage,
    @SerializedName("glove_token_coverage") Double gloveTokenCoverage,
    @SerializedName("load_seconds") double loadSeconds) {

  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  /** Statistics of a finished load. */
  public static DatasetStats of(ImdbData d) {
    ImdbDataset r = d.reviews();
    GloveCoverage g = d.gloveCoverage().orElse(null);
    return new DatasetStats(
        counts(r, Split.TRAIN), counts(r, Split.TEST), d.vocabulary().size(), d.maxLen(),
        LengthPercentiles.of(d.train().tokenLengths()),
        LengthPercentiles.of(d.test().tokenLengths()),
        truncated(d.train(), d.maxLen()), truncated(d.test(), d.maxLen()),
        d.train().unkShare(), d.test().unkShare(),
        g == null ? null : g.coveredWords(),
        g == null ? null : g.vocabShare(),
        g == null ? null : g.tokenShare(),
        d.timings().totalSeconds());
  }

  private static LabelCounts counts(ImdbDataset r, Split s) {
    return new LabelCounts(r.count(s, Review.POS), r.count(s, Review.NEG));
  }

  private static double truncated(EncodedSplit s, int maxLen) {
    int n = 0;
    for (int len : s.tokenLengths()) {
      n += len > maxLen ? 1 : 0;
    }
    return s.size() == 0 ? 0 : (double) n / s.size();
  }

  /** One-line JSON, snake_case keys; GloVe keys absent without GloVe. */
  public String toJson() {
    return GSON.toJson(this);
  }

  /** A short human-readable block, one fact per line. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    line(sb, "reviews", String.format(Locale.ROOT, "train %d pos + %d neg, test %d pos + %d neg",
        train.pos(), train.neg(), test.pos(), test.neg()));
    line(sb, "vocabulary", vocabSize + " ids (with <pad> and <unk>)");
    line(sb, "tokens/review", "train " + lengths(trainLengths) + "; test " + lengths(testLengths));
    line(sb, "truncated", String.format(Locale.ROOT, "at %d tokens: train %.1f%%, test %.1f%%",
        maxLen, 100 * truncatedTrain, 100 * truncatedTest));
    line(sb, "<unk> tokens", String.format(Locale.ROOT, "train %.2f%%, test %.2f%%",
        100 * unkShareTrain, 100 * unkShareTest));
    if (gloveVocabCoverage != null) {
      line(sb, "GloVe", String.format(Locale.ROOT,
          "%d words with a vector (%.1f%% of the vocabulary, %.1f%% of training tokens)",
          gloveWordsCovered, 100 * gloveVocabCoverage, 100 * gloveTokenCoverage));
    }
    line(sb, "loaded in", String.format(Locale.ROOT, "%.2f s", loadSeconds));
    return sb.toString();
  }

  private static String lengths(LengthPercentiles p) {
    return String.format(Locale.ROOT, "p50 %d, p90 %d, p99 %d, max %d", p.p50(), p.p90(), p.p99(),
        p.max());
  }

  private static void line(StringBuilder sb, String key, String value) {
    sb.append(String.format(Locale.ROOT, "%-14s %s\n", key, value));
  }
}
