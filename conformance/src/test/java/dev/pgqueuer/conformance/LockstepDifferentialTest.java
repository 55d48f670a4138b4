package dev.pgqueuer.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.conformance.lockstep.LockstepRunner;
import dev.pgqueuer.conformance.lockstep.LockstepRunner.Divergence;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.junit.postgres.TestPostgres;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The lockstep differential test: seeded random sequences of port operations applied to the in-memory repository
 * and to PostgreSQL with twin manual clocks; after every step the outcomes, events and full state dumps must be
 * equal. A divergence fails with the seed and a shrunk, replayable sequence.
 *
 * <p>Sizes: {@code -Dpgqueuer.lockstep.sequences} (default 1000) × {@code -Dpgqueuer.lockstep.steps} (default 50),
 * seeds from {@code -Dpgqueuer.lockstep.seed} (default 20261124) upwards; the {@code lockstep-long} Maven profile
 * runs 20,000 sequences. Replay one failing seed with {@code -Dpgqueuer.lockstep.seed=S -Dpgqueuer.lockstep.sequences=1}.
 */
class LockstepDifferentialTest {

  private static final int SEQUENCES = Integer.getInteger("pgqueuer.lockstep.sequences", 1000);
  private static final int STEPS = Integer.getInteger("pgqueuer.lockstep.steps", 50);
  private static final long SEED = Long.getLong("pgqueuer.lockstep.seed", 20261124L);

  @Test
  void inMemoryAndPostgresAgreeOnEveryStepOfRandomSequences() {
    TestPostgres postgres = TestPostgres.sharedOrAbort();
    LockstepRunner runner = new LockstepRunner(
        InMemoryRepository::create, clock -> postgres.newQueue(clock).repository());
    int compared = 0;
    for (int i = 0; i < SEQUENCES; i++) {
      long seed = SEED + i;
      Optional<Divergence> divergence = runner.run(seed, STEPS);
      assertThat(divergence).as(() -> divergence.map(Divergence::report).orElse("")).isEmpty();
      compared++;
    }
    System.out.printf("lockstep: %d sequences x %d steps agreed on both backends%n", compared, STEPS);
    assertThat(compared).isEqualTo(SEQUENCES);
  }
}
