package org.rnn4j.model;

import java.util.Arrays;

/**
 * A dense row-major float tensor on the host. The data array is owned by the tensor: constructors
 * and accessors that take or give arrays copy them unless their name says otherwise.
 */
public final class Tensor {
  private final int[] shape;
  private final float[] data;

  private Tensor(int[] shape, float[] data) {
    this.shape = shape;
    this.data = data;
  }

  /** A tensor holding a copy of {@code data}, whose length must equal the product of the shape. */
  public static Tensor of(int[] shape, float[] data) {
    return wrap(shape.clone(), data.clone());
  }

  /** A tensor that takes ownership of {@code data} without copying it. */
  public static Tensor wrap(int[] shape, float[] data) {
    long n = numel(shape);
    if (n != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
          + " elements but the data has " + data.length);
    }
    return new Tensor(shape.clone(), data);
  }

  public static Tensor zeros(int... shape) {
    return new Tensor(shape.clone(), new float[Math.toIntExact(numel(shape))]);
  }

  public static long numel(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n *= d;
    }
    return n;
  }

  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public int dim(int i) {
    return shape[i];
  }

  public int size() {
    return data.length;
  }

  public float get(int i) {
    return data[i];
  }

  public void set(int i, float v) {
    data[i] = v;
  }

  /** A copy of the data. */
  public float[] toArray() {
    return data.clone();
  }

  /** The backing array itself, for code that fills or reads it in bulk. */
  public float[] data() {
    return data;
  }

  public Tensor copy() {
    return new Tensor(shape.clone(), data.clone());
  }

  public boolean sameShape(int[] other) {
    return Arrays.equals(shape, other);
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}
