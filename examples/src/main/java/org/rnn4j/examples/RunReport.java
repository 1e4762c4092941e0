package org.rnn4j.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.rnn4j.train.Evaluation;

/**
 * Everything a finished run reports: the final summary on the console, the metrics JSON
 * ({@link MetricsJson}) and the plot ({@link PlotWriter}) are all made from it.
 *
 * @param backend      {@code cpu} or {@code cudnn}
 * @param device       what ran the model
 * @param backendWhy   why this backend (for {@code auto}), or "requested"
 * @param notes        lines about applied defaults or changed settings
 * @param settings     the run's settings
 * @param data         the data used
 * @param result       the training result
 * @param totalSeconds wall time since the program started
 * @param resumedFrom  the checkpoint continued, or null
 * @param initFrom     the weights file started from, or null
 * @param savedTo      the checkpoint folder written, or null
 */
record RunReport(String backend, String device, String backendWhy, List<String> notes,
    RunSettings settings, DataSetup.Prepared data, TrainingRun.Result result, double totalSeconds,
    Path resumedFrom, Path initFrom, Path savedTo) {

  /** The final model's test metrics. */
  Evaluation last() {
    return result.last();
  }

  /** Prints the summary: accuracy, precision, recall, F1, confusion matrix, times. */
  void printSummary(PrintStream out) {
    Evaluation e = last();
    out.printf(Locale.ROOT, "%ntest accuracy %.2f%% on %d reviews; positive class: precision %.4f, "
        + "recall %.4f, F1 %.4f%n", 100 * e.accuracy(), e.count(), e.precision(), e.recall(), e.f1());
    out.println("confusion matrix (rows: true label, columns: predicted):");
    out.printf(Locale.ROOT, "  %-5s %8s %8s%n", "", Predictor.LABELS.get(0), Predictor.LABELS.get(1));
    for (int actual = 0; actual < 2; actual++) {
      out.printf(Locale.ROOT, "  %-5s %8d %8d%n", Predictor.LABELS.get(actual),
          e.confusion(actual, 0), e.confusion(actual, 1));
    }
    out.printf(Locale.ROOT, "total time %.1f s (data %.1f s, training %.1f s, evaluation %.1f s) "
        + "on %s%n", totalSeconds, data.data().timings().totalSeconds(), result.trainSeconds(),
        result.evalSeconds(), device);
  }
}
