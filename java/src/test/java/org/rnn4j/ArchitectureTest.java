package org.rnn4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The package structure, enforced: no dependency cycle between any two packages of the library
 * (each package, sub-packages included, is its own slice), the backend-neutral {@code model}
 * depending on no other rnn4j package, and the two backends independent of each other.
 */
@AnalyzeClasses(packages = "org.rnn4j", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  /** Every package of org.rnn4j is one slice, the root package and sub-packages included. */
  private static final SliceAssignment PACKAGES = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass c) {
      String p = c.getPackageName();
      return p.equals("org.rnn4j") || p.startsWith("org.rnn4j.")
          ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
    }

    @Override
    public String getDescription() {
      return "each package of org.rnn4j";
    }
  };

  @ArchTest
  static final ArchRule noPackageCycles = slices().assignedFrom(PACKAGES).should().beFreeOfCycles();

  @ArchTest
  static final ArchRule modelDependsOnNoOtherPackage = noClasses()
      .that().resideInAPackage("org.rnn4j.model..")
      .should().dependOnClassesThat().resideInAnyPackage("org.rnn4j", "org.rnn4j.cpu..",
          "org.rnn4j.cuda..", "org.rnn4j.data..", "org.rnn4j.train..", "org.rnn4j.store..",
          "org.rnn4j.store..", "org.rnn4j.infer..")
      .because("model is the backend-neutral definition every other package builds on");

  @ArchTest
  static final ArchRule cpuIsIndependentOfTheGpu = noClasses()
      .that().resideInAPackage("org.rnn4j.cpu..")
      .should().dependOnClassesThat().resideInAPackage("org.rnn4j.cuda..")
      .because("the CPU backend must work on machines without CUDA");

  @ArchTest
  static final ArchRule cudaIsIndependentOfTheCpu = noClasses()
      .that().resideInAPackage("org.rnn4j.cuda..")
      .should().dependOnClassesThat().resideInAPackage("org.rnn4j.cpu..")
      .because("the GPU backend is its own implementation, checked against the CPU only in tests");
}
