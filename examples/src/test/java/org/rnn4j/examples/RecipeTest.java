package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Pooling;
import org.rnn4j.train.LrSchedule;
import org.rnn4j.train.TrainConfig;
import picocli.CommandLine;

/** The named recipes, what typed options change in them, and --schedule's text form. */
class RecipeTest {
  private static SettingsResolver.Resolved fresh(String... args) {
    Options o = new Options();
    CommandLine cl = new CommandLine(o);
    CommandLine.ParseResult pr = cl.parseArgs(args);
    Set<String> explicit = new java.util.LinkedHashSet<>();
    for (CommandLine.Model.OptionSpec spec : cl.getCommandSpec().options()) {
      if (pr.hasMatchedOption(spec)) {
        explicit.add(spec.longestName());
      }
    }
    return SettingsResolver.fresh(o, explicit, true);
  }

  @Test
  void bestSetsItsModelAndTrainingOnAnyBackend() {
    SettingsResolver.Resolved r = fresh("--recipe", "best");
    RunSettings s = r.settings();
    assertTrue(r.notes().isEmpty(), "no CPU defaults under a recipe: " + r.notes());
    assertEquals(800, s.maxLen());
    assertEquals(4, s.epochs());
    ModelConfig m = s.modelConfig(1000);
    assertEquals(Pooling.MAX_MEAN, m.pooling());
    assertEquals(0.25, m.embedDropout());
    assertTrue(m.trainEmbedding());
    TrainConfig t = s.trainConfig(null);
    assertEquals(0.002, t.adam().lr());
    assertEquals(1.0, t.adam().clipNorm());
    assertEquals(LrSchedule.cosine(200, 0.05), t.schedule());
    assertEquals(2500, t.validation().size());
    assertEquals(RunSettings.VALIDATION_SEED, t.validation().seed());
    assertEquals(2, t.patience());
    assertEquals("best", s.extras().recipe());
  }

  @Test
  void typedOptionsWinOverTheRecipe() {
    RunSettings s = fresh("--recipe", "best", "--max-len", "300", "--pooling", "mean",
        "--freeze-embedding", "--validation", "500", "--seed", "7").settings();
    assertEquals(300, s.maxLen());
    assertEquals(Pooling.MEAN, s.modelConfig(10).pooling());
    assertFalse(s.modelConfig(10).trainEmbedding());
    assertEquals(500, s.trainConfig(null).validation().size());
    assertEquals(RunSettings.VALIDATION_SEED, s.trainConfig(null).validation().seed(),
        "the validation reviews do not move with --seed");
    assertEquals(0.25, s.modelConfig(10).embedDropout(), "untyped: the recipe's");
  }

  @Test
  void tutorialAndPaddedDifferOnlyInHowReviewsAreFed() {
    RunSettings t = fresh("--recipe", "tutorial").settings();
    RunSettings p = fresh("--recipe", "padded").settings();
    assertEquals(ModelConfig.tutorial(99), t.modelConfig(99));
    assertEquals(t.modelConfig(99), p.modelConfig(99));
    assertEquals(0.01, t.lr());
    assertEquals(500, t.maxLen());
    assertFalse(t.extras().padded());
    assertTrue(p.extras().padded());
    assertEquals(1, p.bucket());
    assertEquals(2500, t.extras().validation());
  }

  @Test
  void withoutARecipeNothingChanges() {
    RunSettings s = fresh().settings();
    assertEquals(RunSettings.Extras.NONE, s.extras());
    assertEquals(CpuDefaults.MAX_LEN, s.maxLen());
  }

  @Test
  void badNamesAndValuesAreUsageErrors() {
    UsageException e = assertThrows(UsageException.class, () -> fresh("--recipe", "fastest"));
    assertTrue(e.getMessage().contains("tutorial, padded, best"), e.getMessage());
    e = assertThrows(UsageException.class, () -> fresh("--pooling", "sum"));
    assertTrue(e.getMessage().contains("--pooling") && e.getMessage().contains("max_mean"), e.getMessage());
    e = assertThrows(UsageException.class, () -> fresh("--patience", "2"));
    assertTrue(e.getMessage().contains("--validation"), e.getMessage());
    assertThrows(UsageException.class, () -> fresh("--embed-dropout", "1"));
  }

  @Test
  void schedulesReadBackFromTheirFullForm() {
    for (String text : new String[] {"constant", "constant:50", "cosine", "cosine:200:0.1",
        "step", "step:2:0.3:10"}) {
      LrSchedule s = ScheduleOption.parse(text);
      assertEquals(s, ScheduleOption.parse(ScheduleOption.format(s)), text);
    }
    assertEquals(LrSchedule.step(2, 0.3).withWarmupSteps(10), ScheduleOption.parse("step:2:0.3:10"));
    assertEquals(LrSchedule.cosine(0, 0.05), ScheduleOption.parse("cosine"));
    for (String bad : new String[] {"linear", "cosine:x", "cosine:1:2:3", "step:0", "cosine:5:0"}) {
      assertThrows(UsageException.class, () -> ScheduleOption.parse(bad), bad);
    }
  }
}
