package dev.pgqueuer.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.port.Capability;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** {@link QueueBackend}: per class, overridden per method and per nested class; in-memory by default. */
class BackendSelectionTest {

  static final Map<String, Backend> CHOSEN = new ConcurrentHashMap<>();

  @Test
  void choosesTheNearestDeclaration() {
    // GIVEN
    CHOSEN.clear();
    // WHEN
    EngineExecutionResults results = Engine.run(OnPostgres.class, Default.class);
    // THEN
    boolean noDatabase = Backends.postgresSkipReason().isPresent();
    results.testEvents().assertStatistics(s -> s.succeeded(noDatabase ? 3 : 4).skipped(noDatabase ? 1 : 0).failed(0));
    assertThat(CHOSEN).containsAllEntriesOf(Map.of(
        "methodOverride", Backend.IN_MEMORY,
        "nestedOverride", Backend.IN_MEMORY,
        "default", Backend.IN_MEMORY));
    if (!noDatabase) {
      assertThat(CHOSEN).containsEntry("classLevel", Backend.POSTGRES);
    }
  }

  @Fixture
  @PgQueuerTest
  @QueueBackend(value = Backend.POSTGRES, withoutDatabase = WithoutDatabase.SKIP)
  static class OnPostgres {
    @Test
    void classLevel(TestQueue queue) {
      CHOSEN.put("classLevel", queue.backend());
      assertThat(queue.repository().capabilities()).contains(Capability.SHARED_ACROSS_INSTANCES);
    }

    @Test
    @QueueBackend(Backend.IN_MEMORY)
    void methodOverride(TestQueue queue) {
      CHOSEN.put("methodOverride", queue.backend());
    }

    @Nested
    @QueueBackend(Backend.IN_MEMORY)
    class Inner {
      @Test
      void nestedOverride(Backend backend) {
        CHOSEN.put("nestedOverride", backend);
      }
    }
  }

  @Fixture
  @PgQueuerTest
  static class Default {
    @Test
    void test(Backend backend) {
      CHOSEN.put("default", backend);
    }
  }
}
