/** The plain-Java CPU backend: a double-precision reference of the exact model and its gradients, and a faster float implementation checked against it. */
package org.rnn4j.cpu;
