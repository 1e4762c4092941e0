package org.rnn4j.cuda;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs a GPU: tagged {@code gpu}, and skipped (with the loader's
 * one-sentence reason) where no GPU or no CUDA library is usable, as on the CI machine.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("gpu")
@ExtendWith(GpuAvailable.class)
public @interface GpuTest {}
