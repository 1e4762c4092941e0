package org.rnn4j.store;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.rnn4j.model.ModelConfig;

/** The checks that saved weights fit the model and vocabulary a caller has now. */
public final class Compatibility {
  private Compatibility() {}

  /** Throws IllegalArgumentException listing every field where the two configurations differ. */
  public static void checkConfig(String source, ModelConfig saved, ModelConfig requested) {
    List<String> diff = RecordJson.differences(saved, "saved", requested, "requested");
    if (!diff.isEmpty()) {
      throw new IllegalArgumentException(source + " was trained with a different model configuration: "
          + String.join("; ", diff) + ". Use the saved configuration, or start a new model.");
    }
  }

  /**
   * Throws IllegalArgumentException unless {@code current} hashes to {@code savedSha}; the message
   * names the data settings that built the saved vocabulary.
   */
  public static void checkVocabulary(String source, int savedSize, String savedSha,
      Map<String, String> dataSettings, List<String> current, String savedListHint) {
    String sha = VocabularyFile.sha256(current);
    if (sha.equals(savedSha)) {
      return;
    }
    String settings = dataSettings.isEmpty() ? "the same data settings"
        : "the same settings (" + dataSettings.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")) + ")";
    throw new IllegalArgumentException(source + " was trained with a different vocabulary ("
        + savedSize + " words, sha256 " + abbrev(savedSha) + ") than the current one ("
        + current.size() + " words, sha256 " + abbrev(sha) + "); rebuild it with " + settings
        + " from the same training data" + (savedListHint == null ? "" : ", or " + savedListHint) + ".");
  }

  private static String abbrev(String sha) {
    return sha.length() > 12 ? sha.substring(0, 12) + "\u2026" : sha;
  }
}
