package org.rnn4j.cuda;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.rnn4j.cuda.runtime.CudaLibraries;

/** Enables GPU tests only where {@link CudaLibraries} can run the cudnn backend. */
public final class GpuAvailable implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    CudaLibraries.Status s = CudaLibraries.status();
    return s.available()
        ? ConditionEvaluationResult.enabled("GPU available")
        : ConditionEvaluationResult.disabled("No usable GPU: " + s.reason());
  }
}
