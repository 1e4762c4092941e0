package org.rnn4j.examples;

/** Placeholder main class; replaced by the command-line program. */
public final class ImdbBiLstm {
  public static void main(String[] args) {
    System.out.println("rnn4j ImdbBiLstm: not yet implemented");
  }
}
