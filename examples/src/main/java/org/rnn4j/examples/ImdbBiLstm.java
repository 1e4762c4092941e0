package org.rnn4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.train.Checkpoint;
import org.rnn4j.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The IMDB BiLSTM sentiment program: {@code examples/ImdbBiLstm --help} lists its options. Trains
 * and evaluates (the default), prints dataset statistics ({@code --stats}) or classifies text
 * with a saved run ({@code --predict}).
 *
 * <p>Exit codes: 0 success, 1 failure (a data file is unreadable, training diverged, ...), 2 a
 * bad command line. Errors are one line on stderr, without a stack trace (set the environment
 * variable {@code RNN4J_DEBUG} to get one for unexpected errors).
 */
public final class ImdbBiLstm {
  static final String NAME = "ImdbBiLstm";
  /** Options that only a training run uses; with --predict they would be silently ignored. */
  private static final List<String> TRAINING_ONLY = List.of("--data", "--glove", "--max-len",
      "--min-freq", "--max-vocab", "--train-limit", "--test-limit", "--embed", "--hidden",
      "--layers", "--dropout", "--freeze-embedding", "--train-embedding", "--epochs",
      "--batch-size", "--lr", "--clip", "--seed", "--bucket", "--save", "--init-from", "--plot",
      "--metrics-out", "--stats", "--pooling", "--embed-dropout", "--recipe", "--validation",
      "--patience", "--schedule", "--unfreeze-after", "--embed-lr-scale", "--weight-decay",
      "--adamw", "--pad", "--cell");

  private final PrintStream out;
  private final PrintStream err;
  private final Function<String, String> env;
  private final boolean terminal;

  /**
   * @param out normal output (settings, a line per epoch, results)
   * @param err error messages and, without a terminal, a progress line at least every 10 s or
   *            tenth of an epoch (on a terminal a progress bar is drawn on stderr instead)
   * @param env environment lookup (RNN4J_DATA, RNN4J_GLOVE, RNN4J_DEBUG)
   */
  public ImdbBiLstm(PrintStream out, PrintStream err, Function<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.terminal = System.console() != null;
  }

  public static void main(String[] args) {
    System.exit(new ImdbBiLstm(System.out, System.err, System::getenv).execute(args));
  }

  /** Runs the program with {@code args}; returns the exit code (never exits the JVM). */
  public int execute(String... args) {
    long start = System.nanoTime();
    try {
      Options o = new Options();
      CommandLine cl = new CommandLine(o);
      ParseResult pr = cl.parseArgs(args);
      if (o.help) {
        cl.usage(out);
        return 0;
      }
      return dispatch(o, explicitOptions(cl, pr), start);
    } catch (ParameterException e) {
      return fail(2, e.getMessage() + " (see --help)");
    } catch (UsageException | IllegalArgumentException e) {
      return fail(2, e.getMessage());
    } catch (TrainingDivergedException e) {
      return fail(1, e.getMessage());
    } catch (IOException e) {
      return fail(1, e.getMessage() == null ? e.toString() : e.getMessage());
    } catch (OutOfMemoryError e) {
      return fail(1, "out of memory (" + e.getMessage() + "); give Java more with "
          + "JAVA_OPTS=-Xmx16g, or lower --batch-size or --max-len");
    } catch (RuntimeException e) {
      if (env.apply("RNN4J_DEBUG") != null) {
        e.printStackTrace(err);
      }
      return fail(1, "unexpected error: " + e + " (set RNN4J_DEBUG=1 for the stack trace)");
    }
  }

  private int fail(int code, String message) {
    err.println(NAME + ": " + message);
    return code;
  }

  private static Set<String> explicitOptions(CommandLine cl, ParseResult pr) {
    Set<String> names = new LinkedHashSet<>();
    for (OptionSpec spec : cl.getCommandSpec().options()) {
      if (pr.hasMatchedOption(spec)) {
        names.add(spec.longestName());
      }
    }
    return names;
  }

  private int dispatch(Options o, Set<String> explicit, long start) throws IOException {
    checkModes(o, explicit);
    if (!o.output.predict.isEmpty()) {
      Predictor p;
      try {
        p = Predictor.load(o.output.resume);
      } catch (IOException e) {
        throw OptionErrors.about("--resume", o.output.resume, e);
      }
      p.printTo(out, BackendChoice.forPrediction(o).backend(), o.output.predict);
      return 0;
    }
    if (o.data.stats) {
      return stats(o);
    }
    return train(o, explicit, start);
  }

  private static void checkModes(Options o, Set<String> explicit) {
    if (!o.output.predict.isEmpty()) {
      if (o.output.resume == null) {
        throw new UsageException("--predict needs --resume DIR, the saved run to predict with");
      }
      List<String> extra = TRAINING_ONLY.stream().filter(explicit::contains).toList();
      if (!extra.isEmpty()) {
        throw new UsageException("--predict uses the saved run's data and model settings; remove "
            + String.join(", ", extra));
      }
    }
    if (o.data.stats) {
      for (String opt : List.of("--resume", "--save", "--init-from", "--plot")) {
        if (explicit.contains(opt)) {
          throw new UsageException("--stats only reports the data; remove " + opt);
        }
      }
    }
    if (o.output.resume != null && o.output.initFrom != null) {
      throw new UsageException("--resume continues a saved run with its own weights; --init-from "
          + "starts a new run from a weights file: use one of them");
    }
    requireExists(o.output.resume, "--resume", true);
    if (o.output.resume != null && !Checkpoint.exists(o.output.resume)) {
      throw new UsageException("--resume " + o.output.resume + ": no rnn4j checkpoint there (no "
          + Checkpoint.TRAINER_FILE + "); pass the folder given to --save");
    }
    requireExists(o.output.initFrom, "--init-from", false);
    if (o.backend.threads != null && o.backend.threads < 1) {
      throw new UsageException("--threads must be at least 1, got " + o.backend.threads);
    }
  }

  private static void requireExists(Path p, String option, boolean folder) {
    if (p != null && !(folder ? Files.isDirectory(p) : Files.isRegularFile(p))) {
      throw new UsageException(option + " " + p + ": no such " + (folder ? "folder" : "file"));
    }
  }

  private int stats(Options o) throws IOException {
    RunSettings s = SettingsResolver.typed(o);
    DataFiles files = DataFiles.standard(env);
    DataFiles.Located source = files.imdb(o.data.path);
    DataFiles.Located glove = findGlove(files, o.data.glove, s.embed());
    DataSetup.Prepared data = DataSetup.load(source, glove, s, null, out);
    out.print(data.data().stats().toText());
    if (o.output.metricsOut != null) {
      MetricsJson.write(o.output.metricsOut, MetricsJson.stats(data.data().stats()));
      out.println("statistics written to " + o.output.metricsOut);
    }
    return 0;
  }

  /** The GloVe file to read, with a line when there is none; checks its dimension. */
  private DataFiles.Located findGlove(DataFiles files, Path explicit, int embed) throws IOException {
    DataFiles.Located glove = files.glove(explicit, embed);
    if (glove == null) {
      out.println(files.noGloveHint(embed));
    } else {
      DataFiles.requireDimension(glove.path(), embed);
    }
    return glove;
  }

  private int train(Options o, Set<String> explicit, long start) throws IOException {
    Path resumeDir = o.output.resume;
    Checkpoint ckpt = resumeDir == null ? null : loadCheckpoint(resumeDir);
    SettingsResolver.typed(o); // bad values fail before the (slow) GPU probe
    if (o.output.save != null) {
      TrainingRun.checkSaveDir(o.output.save);
    }
    BackendChoice backend = BackendChoice.forTraining(o);
    out.println("backend: " + backend.name() + " (" + backend.why() + ")");
    out.println("device: " + backend.device());
    SettingsResolver.Resolved r = ckpt != null
        ? SettingsResolver.resume(o, explicit, ckpt, resumeDir)
        : SettingsResolver.fresh(o, explicit, backend.isCpu());
    r.notes().forEach(out::println);
    DataFiles files = DataFiles.standard(env);
    DataFiles.Located source = ckpt == null ? files.imdb(o.data.path)
        : files.imdbOfRun(o.data.path, ckpt.dataSettings(), out::println);
    Inputs in = inputs(o, files, r.settings(), ckpt);
    DataSetup.Prepared data = DataSetup.load(source, in.glove(), in.settings(), in.vocabulary(), out);
    TrainingRun.Start from = ckpt != null ? new TrainingRun.Start(resumeDir, ckpt, null)
        : TrainingRun.Start.fresh(o.output.initFrom);
    Path saveDir = o.output.save != null ? o.output.save : resumeDir;
    TrainingRun.Result result = new TrainingRun(out, terminal ? null : err).run(backend.backend(),
        in.settings(), data, from, saveDir);
    RunReport report = new RunReport(backend.name(), backend.device(), backend.why(), r.notes(),
        in.settings(), data, result, (System.nanoTime() - start) / 1e9, resumeDir,
        o.output.initFrom, saveDir);
    report.printSummary(out);
    writeOutputs(o, report);
    return 0;
  }

  private static Checkpoint loadCheckpoint(Path dir) throws IOException {
    try {
      return Checkpoint.load(dir);
    } catch (IOException e) {
      throw OptionErrors.about("--resume", dir, e);
    }
  }

  /** Final settings, the GloVe file to read (or null) and a saved vocabulary (or null). */
  private record Inputs(RunSettings settings, DataFiles.Located glove, Vocabulary vocabulary) {}

  /**
   * Where the embedding and vocabulary come from: a resumed run takes both from its checkpoint,
   * an {@code --init-from} run its embedding from the file, a new run GloVe where there is one.
   * The embedding is trained by default exactly when no GloVe vectors exist.
   */
  private Inputs inputs(Options o, DataFiles files, RunSettings s, Checkpoint ckpt)
      throws IOException {
    if (ckpt != null) {
      if (o.data.glove != null) {
        out.println("--glove is not needed with --resume: the embedding comes from the checkpoint");
      }
      return new Inputs(s, null, DataSetup.vocabularyOf(ckpt.vocabulary(), o.output.resume));
    }
    if (o.output.initFrom != null) {
      // The file brings the embedding; GloVe would only be read to be overwritten.
      out.println("embedding: from " + o.output.initFrom + " (GloVe is not read)");
      boolean noGlove = files.glove(o.data.glove, s.embed()) == null;
      return new Inputs(s.trainEmbedding() == null ? s.withTrainEmbedding(noGlove) : s, null, null);
    }
    DataFiles.Located glove = findGlove(files, o.data.glove, s.embed());
    return new Inputs(s.trainEmbedding() == null ? s.withTrainEmbedding(glove == null) : s, glove,
        null);
  }

  private void writeOutputs(Options o, RunReport report) throws IOException {
    if (o.output.metricsOut != null) {
      MetricsJson.write(o.output.metricsOut, MetricsJson.of(report));
      out.println("metrics written to " + o.output.metricsOut);
    }
    if (o.output.plot != null) {
      String title = String.format(Locale.ROOT, "%s, %d training reviews", report.backend(),
          report.data().train().size());
      PlotWriter.write(o.output.plot, report.result().history(), title);
      out.println("plot written to " + o.output.plot);
    }
  }
}
