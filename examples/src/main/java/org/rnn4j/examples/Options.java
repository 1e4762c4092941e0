package org.rnn4j.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of {@link ImdbBiLstm}, as picocli options. Fields hold what was typed or the
 * tutorial's default; which ones were typed is known to {@link ImdbBiLstm} from the parse result,
 * because a CPU default or a checkpoint's value may replace an untyped default.
 */
@Command(name = "ImdbBiLstm", separator = " ", sortOptions = false, usageHelpWidth = 100,
    synopsisHeading = "",
    customSynopsis = {
        "Usage: ImdbBiLstm [OPTIONS]                     train, evaluate, report",
        "       ImdbBiLstm --stats [DATA OPTIONS]        dataset statistics only",
        "       ImdbBiLstm --resume DIR --predict TEXT   classify text with a saved model"},
    description = {"",
        "Trains the bidirectional 2-layer LSTM sentiment classifier of the d2l.ai tutorial on IMDB",
        "(GloVe 100-d frozen embedding, Adam, batch 64, 500 tokens), evaluates it on the 25,000",
        "test reviews after every epoch and prints accuracy, precision, recall, F1 and the",
        "confusion matrix. On the CPU backend, options you do not set get smaller defaults so that",
        "the run takes about 8 minutes on 2 idle cores (printed at the start).",
        "Exit codes: 0 ok, 1 failure, 2 bad command line."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  ImdbBiLstm                                        default run (GPU if usable, else CPU)",
        "  ImdbBiLstm --stats --metrics-out stats.json       dataset statistics as text and JSON",
        "  ImdbBiLstm --backend cpu --epochs 2 --save run1 --plot run1.png --metrics-out run1.json",
        "  ImdbBiLstm --resume run1 --epochs 3               continue run1 up to 3 epochs",
        "  ImdbBiLstm --resume run1 --predict \"A wonderful, moving film.\""})
final class Options {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @ArgGroup(validate = false, heading = "%nData:%n", order = 1)
  DataOptions data = new DataOptions();

  @ArgGroup(validate = false, heading = "%nModel:%n", order = 2)
  ModelOptions model = new ModelOptions();

  @ArgGroup(validate = false, heading = "%nTraining:%n", order = 3)
  TrainOptions train = new TrainOptions();

  @ArgGroup(validate = false, heading = "%nBackend:%n", order = 4)
  BackendOptions backend = new BackendOptions();

  @ArgGroup(validate = false, heading = "%nSaving, resuming, predicting, reporting:%n", order = 5)
  OutputOptions output = new OutputOptions();

  /** Where the reviews and word vectors come from and how they are encoded. */
  static final class DataOptions {
    // Lines wrapped by hand: picocli would break the paths at their dots and slashes.
    @Option(names = "--data", paramLabel = "PATH", order = 1, description = {
        "The IMDB reviews: the official aclImdb_v1.tar.gz or its extracted",
        "aclImdb/ folder. Default: $RNN4J_DATA, else aclImdb_v1.tar.gz in",
        "../shared/data next to the project (this workspace's shared copy),",
        "else in ~/.cache/rnn4j (downloaded there, 84 MB, if missing)."})
    Path path;

    @Option(names = "--glove", paramLabel = "PATH", order = 2, description = {
        "GloVe vectors: a text or .gz file, or the official glove.6B.zip",
        "(--embed picks the member). Default: $RNN4J_GLOVE, else in",
        "~/.cache/rnn4j: glove.6B.<E>d.txt, glove.6B.<E>d.txt.gz or",
        "glove.6B.zip, else ../shared/data/glove.6B.100d.imdbvocab.txt.gz",
        "next to the project; without any, a randomly initialised, trainable",
        "embedding (GloVe is never downloaded)."})
    Path glove;

    @Option(names = "--max-len", paramLabel = "N", defaultValue = "500", order = 3,
        description = "Tokens kept per review, the first N (default: ${DEFAULT-VALUE}; on "
            + "the CPU backend: " + CpuDefaults.MAX_LEN + ").")
    int maxLen;

    @Option(names = "--min-freq", paramLabel = "N", defaultValue = "5", order = 4,
        description = "A training word needs N occurrences for its own id (default: "
            + "${DEFAULT-VALUE}).")
    int minFreq;

    @Option(names = "--max-vocab", paramLabel = "N", defaultValue = "0", order = 5,
        description = "Largest vocabulary incl. <pad> and <unk>; 0 = no cap (default: "
            + "${DEFAULT-VALUE}).")
    int maxVocab;

    @Option(names = "--train-limit", paramLabel = "N", defaultValue = "0", order = 6,
        description = "Train on a balanced random subset of N reviews (N/2 per label, seeded "
            + "by --seed); 0 = all 25,000 (default: ${DEFAULT-VALUE}).")
    int trainLimit;

    @Option(names = "--test-limit", paramLabel = "N", defaultValue = "0", order = 7,
        description = "Evaluate on a balanced random subset of N test reviews; 0 = all "
            + "(default: ${DEFAULT-VALUE}).")
    int testLimit;

    @Option(names = "--stats", order = 8,
        description = "Load the data, print its statistics (and write them to "
            + "--metrics-out), exit.")
    boolean stats;
  }

  /** The classifier's shape. */
  static final class ModelOptions {
    @Option(names = "--embed", paramLabel = "E", defaultValue = "100", order = 1,
        description = "Embedding size; must equal the GloVe dimension (default: ${DEFAULT-VALUE}).")
    int embed;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "100", order = 2,
        description = "Hidden size per direction (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", paramLabel = "L", defaultValue = "2", order = 3,
        description = "Bidirectional recurrent layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0.3", order = 4,
        description = "Dropout between the recurrent layers, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--freeze-embedding", order = 5,
        description = "Keep the embedding fixed (default with GloVe).")
    boolean freezeEmbedding;

    @Option(names = "--train-embedding", order = 6,
        description = "Train the embedding too (default without GloVe).")
    boolean trainEmbedding;

    @Option(names = "--pooling", paramLabel = "P", defaultValue = "first_last", order = 7,
        description = "How each review's outputs become the head's input, over its real tokens: "
            + "first_last (the tutorial's), max, mean or max_mean (default: ${DEFAULT-VALUE}).")
    String pooling;

    @Option(names = "--embed-dropout", paramLabel = "P", defaultValue = "0", order = 8,
        description = "Dropout on the embedding output, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double embedDropout;

    @Option(names = "--cell", paramLabel = "C", defaultValue = "lstm", order = 9,
        description = "The recurrent cell: lstm (the tutorial's), gru, rnn_tanh or rnn_relu, with "
            + "PyTorch's formulas and weight names (default: ${DEFAULT-VALUE}).")
    String cell;
  }

  /** How to train. */
  static final class TrainOptions {
    @Option(names = "--epochs", paramLabel = "N", defaultValue = "4", order = 1,
        description = "Epochs; with --resume, the total including those already done "
            + "(default: ${DEFAULT-VALUE}; on the CPU backend: " + CpuDefaults.EPOCHS
            + "; with --resume: the saved run's).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "64", order = 2,
        description = "Reviews per training batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", paramLabel = "X", defaultValue = "0.01", order = 3,
        description = "Adam learning rate (default: ${DEFAULT-VALUE}; PyTorch's 0.001 learns this "
            + "task far more slowly, see examples/README.md).")
    double lr;

    @Option(names = "--clip", paramLabel = "X", defaultValue = "0", order = 4,
        description = "Clip the gradients' global norm to X; 0 = off (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", order = 5,
        description = "Seeds initialisation, subsets, shuffling and dropout (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--bucket", paramLabel = "N", defaultValue = "20", order = 6,
        description = "Sort reviews by length within windows of N batches so that batches "
            + "pad little; 1 = plain shuffling (default: ${DEFAULT-VALUE}).")
    int bucket;

    @Option(names = "--recipe", paramLabel = "NAME", order = 7,
        description = "Start from a named recipe (tutorial, padded, best; see examples/README.md); "
            + "options typed beside it override its settings. Without one: the tutorial's "
            + "settings without a validation set, with the CPU defaults on the CPU.")
    String recipe;

    @Option(names = "--validation", paramLabel = "N", defaultValue = "0", order = 8,
        description = "Hold out N training reviews (balanced, always the same ones) for "
            + "validation: every epoch is evaluated on them, the best epoch's weights are kept and "
            + "the test reviews are read once, at the end; 0 = none (default: ${DEFAULT-VALUE}).")
    int validation;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "0", order = 9,
        description = "Stop after N epochs without a better validation accuracy; 0 = run every "
            + "epoch (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--schedule", paramLabel = "S", defaultValue = "constant", order = 10,
        description = "Learning-rate schedule: constant[:WARMUP], cosine[:WARMUP[:FLOOR]] or "
            + "step[:EVERY[:FACTOR[:WARMUP]]] (WARMUP in steps; the cosine decays over the "
            + "--epochs given; default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--unfreeze-after", paramLabel = "N", defaultValue = "0", order = 11,
        description = "Keep the embedding frozen for N epochs, then train it (default: "
            + "${DEFAULT-VALUE}, i.e. as --train-embedding/--freeze-embedding say).")
    int unfreezeAfter;

    @Option(names = "--embed-lr-scale", paramLabel = "X", defaultValue = "1", order = 12,
        description = "The embedding's learning rate as a multiple of the others' (default: "
            + "${DEFAULT-VALUE}).")
    double embedLrScale;

    @Option(names = "--weight-decay", paramLabel = "X", defaultValue = "0", order = 13,
        description = "Weight decay: Adam's L2 term, or AdamW's decoupled decay with --adamw "
            + "(default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--adamw", order = 14,
        description = "AdamW (decoupled weight decay) instead of Adam.")
    boolean adamW;

    @Option(names = "--pad", order = 15,
        description = "Pad or cut every review to --max-len and feed it whole, padding included, "
            + "as the tutorial's PyTorch code does (its last output is then usually padding's).")
    boolean pad;
  }

  /** Which backend runs the model, and its knobs. */
  static final class BackendOptions {
    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto", order = 1,
        description = "auto, cpu or cudnn; auto takes the GPU when it is usable and says why "
            + "not otherwise (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--threads", paramLabel = "N", order = 2,
        description = "CPU backend threads (default: all processors).")
    Integer threads;

    @Option(names = "--math", paramLabel = "MODE", defaultValue = "fp32", order = 3,
        description = "cudnn matrix arithmetic: fp32, tf32 or fp16 (default: ${DEFAULT-VALUE}).")
    String math;

    @Option(names = "--algo", paramLabel = "ALGO", defaultValue = "standard", order = 4,
        description = "cudnn RNN algorithm: standard or persist (default: ${DEFAULT-VALUE}).")
    String algo;
  }

  /** Checkpoints, prediction and reports. */
  static final class OutputOptions {
    @Option(names = "--save", paramLabel = "DIR", order = 1,
        description = "Save a checkpoint in DIR after every epoch (a non-empty DIR must be an "
            + "rnn4j checkpoint, which is then replaced).")
    Path save;

    @Option(names = "--resume", paramLabel = "DIR", order = 2,
        description = "Continue the run saved in DIR with its vocabulary, data, model and "
            + "training settings (--lr, --clip, --batch-size, --bucket may be changed); "
            + "reads the data it was trained on unless --data (or that data is gone); "
            + "saves there unless --save.")
    Path resume;

    @Option(names = "--init-from", paramLabel = "FILE", order = 3,
        description = "Start from the weights in FILE (safetensors written by rnn4j or by "
            + "ci/torch_interop.py export); the model settings must match the file's.")
    Path initFrom;

    @Option(names = "--predict", paramLabel = "TEXT", order = 4,
        description = "With --resume DIR: print the label and its probability (e.g. 'pos 0.93') "
            + "for TEXT; repeat for several texts. Runs on the CPU unless --backend "
            + "cudnn.")
    List<String> predict = new ArrayList<>();

    @Option(names = "--plot", paramLabel = "FILE.png", order = 5,
        description = "Plot loss and accuracy per epoch into a PNG file.")
    Path plot;

    @Option(names = "--metrics-out", paramLabel = "FILE", order = 6,
        description = "Write the results as JSON (per-epoch metrics, final metrics, settings, "
            + "device, data statistics); with --stats, the statistics.")
    Path metricsOut;
  }
}
