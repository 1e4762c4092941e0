/** The backend-neutral model: its config, PyTorch-compatible parameter layout, initialisation, and the {@link org.rnn4j.model.Model} and {@link org.rnn4j.model.Backend} interfaces. */
package org.rnn4j.model;
