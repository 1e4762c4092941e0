package org.rnn4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import org.rnn4j.Backends;
import org.rnn4j.data.ImdbData;
import org.rnn4j.data.LoadOptions;
import org.rnn4j.data.Review;
import org.rnn4j.infer.Classifier;
import org.rnn4j.infer.SavedModel;
import org.rnn4j.model.Backend;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.train.Evaluation;
import org.rnn4j.train.TrainConfig;
import org.rnn4j.train.Trainer;

/**
 * The tutorial's BiLSTM trained on IMDB with the library's public API alone: load the reviews
 * and GloVe, train, evaluate, save one model file, and classify text with it.
 *
 * <p>Usage: {@code TrainImdb [ARCHIVE [GLOVE [EPOCHS [MODEL_FILE]]]]}, by default the official
 * {@code aclImdb_v1.tar.gz}, {@code glove.6B.100d.txt.gz}, 4 epochs, {@code imdb-bilstm.safetensors}.
 */
public final class TrainImdb {
  private TrainImdb() {}

  public static void main(String[] args) throws IOException {
    Path archive = Path.of(args.length > 0 ? args[0] : "aclImdb_v1.tar.gz");
    Path glove = Path.of(args.length > 1 ? args[1] : "glove.6B.100d.txt.gz");
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    Path modelFile = Path.of(args.length > 3 ? args[3] : "imdb-bilstm.safetensors");

    // Reviews tokenized as the tutorial does, 500 tokens kept, words seen 5 times, GloVe 100-d.
    ImdbData data = ImdbData.load(archive, LoadOptions.defaults().withGlove(glove, 100));
    ModelConfig config = ModelConfig.tutorial(data.vocabulary().size());
    Backend backend = Backends.choose("auto").backend(); // the GPU where usable, else the CPU

    try (Model model = backend.create(config, 42);
        Trainer trainer = new Trainer(model, TrainConfig.defaults().withEpochs(epochs))) {
      // The frozen embedding starts from GloVe (words without a vector get random rows).
      model.setParameters(model.parameters()
          .put(ParameterLayout.EMBEDDING, data.embedding().orElseThrow()));
      trainer.fit(data.train().data(), null);
      Evaluation test = trainer.evaluate(data.test().data());
      System.out.printf("test accuracy %.4f on %d reviews%n", test.accuracy(), test.count());
      SavedModel.of(model, data.vocabulary(), data.maxLen(), Review.LABELS).save(modelFile);
    }

    // Later, or in another program: raw text in, a label and its probability out.
    try (Classifier classifier = Classifier.load(modelFile)) {
      System.out.println(classifier.predict("A wonderful, moving film."));
      System.out.println(classifier.predict("Dull, predictable and far too long."));
    }
  }
}
