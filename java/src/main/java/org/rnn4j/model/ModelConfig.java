/*
 * Dimension key: V vocabulary, E embedding, H hidden, L layers, D directions (1 or 2), C classes.
 */
package org.rnn4j.model;

/**
 * The shape and settings of the recurrent classifier: embedding {@code [V, E]} (optionally with
 * dropout on its output) -> L-layer (bi)directional recurrent encoder of one {@link Cell} type
 * (LSTM by default) with hidden size H and dropout between layers ->
 * pooling over each review's true length (the tutorial's {@code concat(y[0], y[len-1])}, or
 * max, mean, both) -> linear head {@code [C, F]}.
 *
 * @param vocabSize      V, including {@code <pad>} (id 0) and {@code <unk>} (id 1)
 * @param embedSize      E
 * @param trainEmbedding whether the embedding receives gradients (false: frozen, as with GloVe)
 * @param hiddenSize     H, per direction
 * @param layers         L
 * @param bidirectional  D = 2 when true, else 1
 * @param dropout        probability of zeroing an output of every layer but the last, in training
 * @param classes        C
 * @param pooling        how the encoder outputs become the head's F features
 * @param embedDropout   probability of zeroing an embedding output (a unit of one token's vector),
 *                       in training
 * @param cell           the recurrent cell of every layer
 */
public record ModelConfig(
    int vocabSize,
    int embedSize,
    boolean trainEmbedding,
    int hiddenSize,
    int layers,
    boolean bidirectional,
    double dropout,
    int classes,
    Pooling pooling,
    double embedDropout,
    Cell cell) {

  public ModelConfig {
    positive("vocabSize", vocabSize);
    positive("embedSize", embedSize);
    positive("hiddenSize", hiddenSize);
    positive("layers", layers);
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be at least 2, got " + classes);
    }
    if (!(dropout >= 0.0 && dropout < 1.0)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    if (pooling == null) {
      throw new IllegalArgumentException("pooling must not be null");
    }
    if (!(embedDropout >= 0.0 && embedDropout < 1.0)) {
      throw new IllegalArgumentException("embedDropout must be in [0, 1), got " + embedDropout);
    }
    if (cell == null) {
      throw new IllegalArgumentException("cell must not be null");
    }
  }

  /** An LSTM encoder. */
  public ModelConfig(int vocabSize, int embedSize, boolean trainEmbedding, int hiddenSize, int layers,
      boolean bidirectional, double dropout, int classes, Pooling pooling, double embedDropout) {
    this(vocabSize, embedSize, trainEmbedding, hiddenSize, layers, bidirectional, dropout, classes,
        pooling, embedDropout, Cell.LSTM);
  }

  /** The tutorial's encoder and head: LSTM, first/last pooling, no embedding dropout. */
  public ModelConfig(int vocabSize, int embedSize, boolean trainEmbedding, int hiddenSize, int layers,
      boolean bidirectional, double dropout, int classes) {
    this(vocabSize, embedSize, trainEmbedding, hiddenSize, layers, bidirectional, dropout, classes,
        Pooling.FIRST_LAST, 0.0, Cell.LSTM);
  }

  /** The tutorial's model: E=100 frozen, H=100, 2 layers, bidirectional, dropout 0.3, 2 classes. */
  public static ModelConfig tutorial(int vocabSize) {
    return new ModelConfig(vocabSize, 100, false, 100, 2, true, 0.3, 2);
  }

  /** D: 2 for a bidirectional encoder, else 1. */
  public int directions() {
    return bidirectional ? 2 : 1;
  }

  /** Width of one time step's encoder output, D*H. */
  public int outputSize() {
    return directions() * hiddenSize;
  }

  /** F, the width of the pooled features fed to the head (2*D*H for first and last step). */
  public int featureSize() {
    return pooling.featureSize(outputSize());
  }

  /** Input width of layer {@code layer}: E for the first layer, D*H after. */
  public int layerInputSize(int layer) {
    return layer == 0 ? embedSize : outputSize();
  }

  public ModelConfig withVocabSize(int v) {
    return new ModelConfig(v, embedSize, trainEmbedding, hiddenSize, layers, bidirectional, dropout, classes,
        pooling, embedDropout, cell);
  }

  public ModelConfig withDropout(double p) {
    return new ModelConfig(vocabSize, embedSize, trainEmbedding, hiddenSize, layers, bidirectional, p, classes,
        pooling, embedDropout, cell);
  }

  public ModelConfig withTrainEmbedding(boolean train) {
    return new ModelConfig(vocabSize, embedSize, train, hiddenSize, layers, bidirectional, dropout, classes,
        pooling, embedDropout, cell);
  }

  public ModelConfig withHiddenSize(int h) {
    return new ModelConfig(vocabSize, embedSize, trainEmbedding, h, layers, bidirectional, dropout, classes,
        pooling, embedDropout, cell);
  }

  public ModelConfig withPooling(Pooling p) {
    return new ModelConfig(vocabSize, embedSize, trainEmbedding, hiddenSize, layers, bidirectional, dropout,
        classes, p, embedDropout, cell);
  }

  public ModelConfig withEmbedDropout(double p) {
    return new ModelConfig(vocabSize, embedSize, trainEmbedding, hiddenSize, layers, bidirectional, dropout,
        classes, pooling, p, cell);
  }

  public ModelConfig withCell(Cell c) {
    return new ModelConfig(vocabSize, embedSize, trainEmbedding, hiddenSize, layers, bidirectional, dropout,
        classes, pooling, embedDropout, c);
  }

  /** The width of the gate pre-activations of one step and direction, G*H. */
  public int gateSize() {
    return cell.gates() * hiddenSize;
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }
}
