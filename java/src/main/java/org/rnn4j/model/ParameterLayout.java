/*
 * Dimension key: V vocabulary, E embedding, H hidden, L layers, D directions, C classes.
 */
package org.rnn4j.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's parameters in PyTorch {@code state_dict} order, with PyTorch's names and shapes for the
 * tutorial's {@code BiRNN} ({@code embedding}, {@code encoder = nn.LSTM}, {@code nn.GRU} or
 * {@code nn.RNN}, {@code decoder = nn.Linear}); G is the cell's gate count ({@link Cell#gates()}):
 *
 * <pre>
 * embedding.weight                [V, E]
 * for k in 0..L-1, for dir in ("", "_reverse"):
 *   encoder.weight_ih_l{k}{dir}   [G*H, in_k]  in_0 = E, in_k = D*H
 *   encoder.weight_hh_l{k}{dir}   [G*H, H]
 *   encoder.bias_ih_l{k}{dir}     [G*H]
 *   encoder.bias_hh_l{k}{dir}     [G*H]
 * decoder.weight                  [C, F]       F = the pooling's features
 * decoder.bias                    [C]
 * </pre>
 *
 * The gate blocks of each recurrent tensor are stacked in PyTorch's order: i, f, g, o for the LSTM,
 * r, z, n for the GRU.
 */
public final class ParameterLayout {
  public static final String EMBEDDING = "embedding.weight";
  public static final String DECODER_WEIGHT = "decoder.weight";
  public static final String DECODER_BIAS = "decoder.bias";

  private final ModelConfig config;
  private final List<ParamSpec> specs;
  private final Map<String, ParamSpec> byName;

  private ParameterLayout(ModelConfig config) {
    this.config = config;
    List<ParamSpec> list = new ArrayList<>();
    int h = config.hiddenSize();
    int g = config.gateSize();
    list.add(new ParamSpec(EMBEDDING, new int[] {config.vocabSize(), config.embedSize()},
        config.trainEmbedding()));
    for (int layer = 0; layer < config.layers(); layer++) {
      for (int dir = 0; dir < config.directions(); dir++) {
        boolean reverse = dir == 1;
        list.add(new ParamSpec(weightIh(layer, reverse), new int[] {g, config.layerInputSize(layer)}, true));
        list.add(new ParamSpec(weightHh(layer, reverse), new int[] {g, h}, true));
        list.add(new ParamSpec(biasIh(layer, reverse), new int[] {g}, true));
        list.add(new ParamSpec(biasHh(layer, reverse), new int[] {g}, true));
      }
    }
    list.add(new ParamSpec(DECODER_WEIGHT, new int[] {config.classes(), config.featureSize()}, true));
    list.add(new ParamSpec(DECODER_BIAS, new int[] {config.classes()}, true));
    this.specs = Collections.unmodifiableList(list);
    Map<String, ParamSpec> map = new LinkedHashMap<>();
    for (ParamSpec s : list) {
      map.put(s.name(), s);
    }
    this.byName = Collections.unmodifiableMap(map);
  }

  public static ParameterLayout of(ModelConfig config) {
    return new ParameterLayout(config);
  }

  public ModelConfig config() {
    return config;
  }

  /** All tensors, in state_dict order. */
  public List<ParamSpec> specs() {
    return specs;
  }

  /** The tensors that receive gradients (all but a frozen embedding), in state_dict order. */
  public List<ParamSpec> trainable() {
    return specs.stream().filter(ParamSpec::trainable).toList();
  }

  public ParamSpec spec(String name) {
    ParamSpec s = byName.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no parameter named '" + name + "' in this model; known: "
          + byName.keySet());
    }
    return s;
  }

  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /** Total number of elements over all tensors. */
  public long totalSize() {
    return specs.stream().mapToLong(ParamSpec::size).sum();
  }

  public static String weightIh(int layer, boolean reverse) {
    return "encoder.weight_ih_l" + layer + (reverse ? "_reverse" : "");
  }

  public static String weightHh(int layer, boolean reverse) {
    return "encoder.weight_hh_l" + layer + (reverse ? "_reverse" : "");
  }

  public static String biasIh(int layer, boolean reverse) {
    return "encoder.bias_ih_l" + layer + (reverse ? "_reverse" : "");
  }

  public static String biasHh(int layer, boolean reverse) {
    return "encoder.bias_hh_l" + layer + (reverse ? "_reverse" : "");
  }
}
