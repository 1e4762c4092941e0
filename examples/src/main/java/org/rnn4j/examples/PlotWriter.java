package org.rnn4j.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rnn4j.store.AtomicFiles;
import org.rnn4j.train.EpochRecord;
import org.rnn4j.train.Evaluation;

/**
 * The {@code --plot} PNG: two panels side by side, loss per epoch (training, test) and accuracy
 * per epoch (training, test), drawn with XChart off screen and written atomically.
 */
final class PlotWriter {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 420;
  private static final Color TRAIN = new Color(0x1f77b4);
  private static final Color TEST = new Color(0xd62728);

  private PlotWriter() {}

  static void write(Path file, List<EpochRecord> history, String title) throws IOException {
    // No display is needed (or wanted, e.g. over ssh) to draw into an image.
    System.setProperty("java.awt.headless", "true");
    double[] epochs = new double[history.size()];
    double[] trainLoss = new double[epochs.length];
    double[] testLoss = new double[epochs.length];
    double[] trainAcc = new double[epochs.length];
    double[] testAcc = new double[epochs.length];
    // With a validation set the epochs were evaluated on it (the test set only once, at the end).
    boolean validation = !history.isEmpty() && history.get(0).validation() != null;
    String split = validation ? "validation" : "test";
    for (int i = 0; i < epochs.length; i++) {
      EpochRecord r = history.get(i);
      epochs[i] = r.epoch();
      trainLoss[i] = r.trainLoss();
      Evaluation e = validation ? r.validation() : r.test();
      testLoss[i] = e.loss();
      trainAcc[i] = 100 * r.trainAccuracy();
      testAcc[i] = 100 * e.accuracy();
    }
    // Losses fall and accuracies rise: those corners stay free for the legend.
    XYChart loss = chart("Loss (" + title + ")", "cross-entropy", Styler.LegendPosition.InsideNE);
    series(loss, "train loss", epochs, trainLoss, TRAIN);
    series(loss, split + " loss", epochs, testLoss, TEST);
    XYChart acc = chart("Accuracy (" + title + ")", "accuracy (%)", Styler.LegendPosition.InsideSE);
    series(acc, "train accuracy", epochs, trainAcc, TRAIN);
    series(acc, split + " accuracy", epochs, testAcc, TEST);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    BitmapEncoder.saveBitmap(List.of(loss, acc), 1, 2, png, BitmapEncoder.BitmapFormat.PNG);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    AtomicFiles.write(file, ch -> AtomicFiles.writeFully(ch, ByteBuffer.wrap(png.toByteArray())));
  }

  private static XYChart chart(String title, String yLabel, Styler.LegendPosition legend) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch")
        .yAxisTitle(yLabel).build();
    XYStyler s = c.getStyler();
    s.setLegendPosition(legend);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotGridLinesColor(new Color(0xdddddd));
    s.setXAxisDecimalPattern("0");
    s.setYAxisDecimalPattern("0.###");
    s.setMarkerSize(8);
    return c;
  }

  private static void series(XYChart c, String name, double[] x, double[] y, Color color) {
    XYSeries s = c.addSeries(name, x, y);
    s.setLineColor(color);
    s.setMarkerColor(color);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setLineStyle(new BasicStroke(2f));
  }
}
