package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Metrics against numbers worked out by hand. */
class EvaluationTest {
  private static final double EPS = 1e-12;

  @Test
  void binaryMetricsFromPredictions() {
    int[] actual = {1, 1, 1, 1, 0, 0, 0, 0, 0, 1};
    int[] predicted = {1, 1, 0, 1, 0, 1, 0, 0, 0, 0};
    MetricsAccumulator acc = new MetricsAccumulator(2);
    for (int i = 0; i < actual.length; i++) {
      acc.add(actual[i], predicted[i], 0.1 * i);
    }
    Evaluation e = acc.result();
    // TP = 3, FN = 2, FP = 1, TN = 4
    assertArrayEquals(new long[][] {{4, 1}, {2, 3}}, e.confusion());
    assertEquals(10, e.count());
    assertEquals(0.7, e.accuracy(), EPS);
    assertEquals(3.0 / 4, e.precision(), EPS);
    assertEquals(3.0 / 5, e.recall(), EPS);
    assertEquals(2.0 / 3, e.f1(), EPS); // 2*3 / (2*3 + 1 + 2)
    assertEquals(4.0 / 6, e.precision(0), EPS);
    assertEquals(4.0 / 5, e.recall(0), EPS);
    assertEquals(8.0 / 11, e.f1(0), EPS);
    assertEquals((2.0 / 3 + 8.0 / 11) / 2, e.macroF1(), EPS);
    assertEquals((3.0 / 4 + 4.0 / 6) / 2, e.macroPrecision(), EPS);
    assertEquals((3.0 / 5 + 4.0 / 5) / 2, e.macroRecall(), EPS);
    assertEquals(0.45, e.loss(), EPS); // mean of 0.0, 0.1, ..., 0.9
  }

  @Test
  void lossAndPredictionsFromLogits() {
    float l3 = (float) Math.log(3);
    MetricsAccumulator acc = new MetricsAccumulator(2);
    // p(1) = 3/4, 3/4, 1/4, 1/2 (a tie predicts class 0, the first maximum)
    acc.add(new float[] {0, l3, 0, l3}, new int[] {1, 0});
    acc.add(new float[] {0, -l3, 0, 0}, new int[] {0, 1});
    Evaluation e = acc.result();
    assertArrayEquals(new long[][] {{1, 1}, {1, 1}}, e.confusion());
    double expected = (Math.log(4.0 / 3) + Math.log(4) + Math.log(4.0 / 3) + Math.log(2)) / 4;
    assertEquals(expected, e.loss(), 1e-7); // logits are float: ln 3 is rounded
  }

  @Test
  void threeClassMacroAverages() {
    MetricsAccumulator acc = new MetricsAccumulator(3);
    int[][] pairs = {{0, 0}, {0, 0}, {0, 1}, {1, 1}, {1, 2}, {2, 2}, {2, 2}, {2, 0}};
    for (int[] p : pairs) {
      acc.add(p[0], p[1], 1.0);
    }
    Evaluation e = acc.result();
    // class 0: P 2/3, R 2/3; class 1: P 1/2, R 1/2; class 2: P 2/3, R 2/3
    assertEquals((2.0 / 3 + 0.5 + 2.0 / 3) / 3, e.macroPrecision(), EPS);
    assertEquals((2.0 / 3 + 0.5 + 2.0 / 3) / 3, e.macroF1(), EPS);
    assertEquals(5.0 / 8, e.accuracy(), EPS);
    assertEquals(0.5, e.precision(), EPS); // the positive class is label 1
  }

  @Test
  void undefinedRatiosAreZero() {
    MetricsAccumulator acc = new MetricsAccumulator(2);
    acc.add(0, 0, 0.5);
    acc.add(0, 0, 0.5);
    Evaluation e = acc.result();
    assertEquals(0.0, e.precision());
    assertEquals(0.0, e.recall());
    assertEquals(0.0, e.f1());
    assertEquals(1.0, e.accuracy());
    assertEquals(Double.NaN, new MetricsAccumulator(2).result().loss());
  }

  @Test
  void rejectsBadLabelsAndShapes() {
    MetricsAccumulator acc = new MetricsAccumulator(2);
    assertThrows(IllegalArgumentException.class, () -> acc.add(new float[] {0, 1}, new int[] {2}));
    assertThrows(IllegalArgumentException.class, () -> acc.add(new float[] {0, 1, 2}, new int[] {1}));
    assertThrows(IllegalArgumentException.class, () -> new Evaluation(new long[][] {{1, 2}, {3}}, 0));
  }

  @Test
  void confusionIsCopiedAndPrintable() {
    long[][] m = {{5, 1}, {2, 12}};
    Evaluation e = new Evaluation(m, 0.25);
    m[0][0] = 99;
    assertEquals(5, e.confusion(0, 0));
    e.confusion()[0][0] = 99;
    assertEquals(5, e.confusion(0, 0));
    String table = e.confusionTable();
    assertEquals(3, table.split("\n").length);
    assertEquals(new Evaluation(new long[][] {{5, 1}, {2, 12}}, 0.25), e);
  }
}
