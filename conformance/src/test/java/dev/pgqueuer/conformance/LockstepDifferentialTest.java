package dev.pgqueuer.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.conformance.lockstep.LockstepRunner;
import dev.pgqueuer.conformance.lockstep.SequenceGenerator;
import dev.pgqueuer.conformance.lockstep.Step;
import dev.pgqueuer.conformance.lockstep.LockstepRunner.Divergence;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.junit.postgres.TestPostgres;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The lockstep differential test: seeded random sequences of port operations applied to the in-memory repository
 * and to PostgreSQL with twin manual clocks; after every step the outcomes, events and full state dumps must be
 * equal. A divergence fails with the seed and a shrunk, replayable sequence.
 *
 * <p>Sizes: {@code -Dpgqueuer.lockstep.sequences} (default 1000) × {@code -Dpgqueuer.lockstep.steps} (default 50),
 * seeds from {@code -Dpgqueuer.lockstep.seed} (default 20261124) upwards, run on {@code -Dpgqueuer.lockstep.threads}
 * (default 4) threads, each sequence on its own pair of fresh queues; the {@code lockstep-long} Maven profile runs
 * 20,000 sequences. Besides these fixed seeds, every run draws {@code -Dpgqueuer.lockstep.fresh-sequences} (default
 * 100) more from a fresh random seed, printed at the start, so CI keeps exploring. Replay one seed with
 * {@code -Dpgqueuer.lockstep.seed=S -Dpgqueuer.lockstep.sequences=1 -Dpgqueuer.lockstep.fresh-sequences=0}.
 */
class LockstepDifferentialTest {

  private static final int SEQUENCES = Integer.getInteger("pgqueuer.lockstep.sequences", 1000);
  private static final int STEPS = Integer.getInteger("pgqueuer.lockstep.steps", 50);
  private static final int THREADS = Integer.getInteger("pgqueuer.lockstep.threads", 4);
  private static final long SEED = Long.getLong("pgqueuer.lockstep.seed", 20261124L);
  private static final int FRESH = Integer.getInteger("pgqueuer.lockstep.fresh-sequences", 100);

  @Test
  void theSequencesIncludeUnitsOfWorkThatCommitAndThatRollBack() {
    long commits = 0;
    long rollbacks = 0;
    for (int i = 0; i < SEQUENCES; i++) {
      for (Step step : new SequenceGenerator(SEED + i).generate(STEPS)) {
        String d = step.description();
        if (d.startsWith("unit ")) {
          if (d.endsWith(" commit")) {
            commits++;
          } else if (d.endsWith(" rollback")) {
            rollbacks++;
          }
        }
      }
    }
    assertThat(commits).as("units that commit").isGreaterThan(SEQUENCES / 4);
    assertThat(rollbacks).as("units that roll back").isGreaterThan(SEQUENCES / 8);
  }

  @Test
  void inMemoryAndPostgresAgreeOnEveryStepOfRandomSequences() throws InterruptedException, ExecutionException {
    TestPostgres postgres = TestPostgres.sharedOrAbort();
    LockstepRunner runner = new LockstepRunner(
        InMemoryRepository::create, clock -> postgres.newQueue(clock).repository());
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<Optional<Divergence>>> results = new ArrayList<>();
    long fresh = new SplittableRandom().nextLong() & Long.MAX_VALUE;
    System.out.printf("lockstep: seeds %d to %d, and %d fresh seeds from %d%n", SEED, SEED + SEQUENCES - 1, FRESH,
        fresh);
    try {
      for (int i = 0; i < SEQUENCES + FRESH; i++) {
        long seed = i < SEQUENCES ? SEED + i : fresh + (i - SEQUENCES);
        results.add(pool.submit(() -> runner.run(seed, STEPS)));
      }
      List<Divergence> divergences = new ArrayList<>();
      for (Future<Optional<Divergence>> result : results) {
        result.get().ifPresent(divergences::add);
      }
      divergences.sort(Comparator.comparingLong(Divergence::seed));
      assertThat(divergences)
          .as(() -> divergences.isEmpty() ? "" : divergences.size() + " sequence(s) diverged; first: "
              + divergences.get(0).report())
          .isEmpty();
    } finally {
      pool.shutdownNow();
    }
    System.out.printf("lockstep: %d sequences x %d steps agreed on both backends%n", results.size(), STEPS);
    assertThat(results).hasSize(SEQUENCES + FRESH);
  }
}
