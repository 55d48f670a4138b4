package dev.pgqueuer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.ManualClock;
import dev.pgqueuer.inmemory.InMemoryRepository;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad registrations and settings fail when the manager is built, with a message naming what is wrong. */
class RegistrationTest {

  private final InMemoryRepository repo = InMemoryRepository.create(ManualClock.create());
  private final JobHandler noop = ctx -> { };

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  void duplicateEntrypointIsRejected() {
    QueueManager.Builder builder = QueueManager.builder(repo).entrypoint("a", noop);
    assertThatThrownBy(() -> builder.entrypoint("a", noop)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("entrypoint a is already registered");
  }

  @Test
  void managerWithoutEntrypointIsRejected() {
    assertThatThrownBy(() -> QueueManager.builder(repo).build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one entrypoint");
  }

  @Test
  void settingForAnUnknownEntrypointIsRejected() {
    QueueManager.Builder builder = QueueManager.builder(repo).entrypoint("known", noop);
    assertThatThrownBy(() -> builder.concurrencyLimit("unknown", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no entrypoint named unknown").hasMessageContaining("[known]");
    assertThatThrownBy(() -> builder.onFailure("nope", OnFailure.HOLD)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.retryPolicy("nope", RetryPolicy.none()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void perEntrypointSettingsApplyToTheRegisteredEntrypoint() {
    RetryPolicy policy = RetryPolicy.exponential(3, Duration.ofSeconds(1), Duration.ofSeconds(10));
    QueueManager manager = QueueManager.builder(repo).entrypoint("a", noop)
        .concurrencyLimit("a", 2).onFailure("a", OnFailure.HOLD).retryPolicy("a", policy).build();

    assertThat(manager.entrypoint("a")).isEqualTo(new Entrypoint("a", noop, 2, OnFailure.HOLD, policy));
    assertThatThrownBy(() -> manager.entrypoint("b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void invalidEntrypointValuesAreRejected() {
    assertThatThrownBy(() -> Entrypoint.of(" ", noop)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entrypoint name");
    assertThatThrownBy(() -> Entrypoint.of("a", noop).withConcurrencyLimit(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrencyLimit of entrypoint a");
    assertThatThrownBy(() -> Entrypoint.of("a", null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("handler of entrypoint a");
  }

  @Test
  void invalidWorkerSettingsAreRejectedAtBuild() {
    assertThatThrownBy(() -> QueueManager.builder(repo).entrypoint("a", noop).batchSize(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> QueueManager.builder(repo).entrypoint("a", noop).batchSize(10)
        .maxConcurrentTasks(19).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrentTasks (19)");
    assertThatThrownBy(() -> QueueManager.builder(repo).entrypoint("a", noop)
        .heartbeatTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeatTimeout must be positive");
    assertThatThrownBy(() -> QueueManager.builder(repo).entrypoint("a", noop)
        .flushInterval(Duration.ofMillis(-1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flushInterval");
    assertThatThrownBy(() -> QueueManager.builder(repo).entrypoint("a", noop).flushSize(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flushSize");
  }

  @Test
  void defaultsFollowPgQueuerButWriteOutcomesInHundreds() {
    WorkerSettings s = QueueManager.builder(repo).entrypoint("a", noop).build().settings();

    assertThat(s.batchSize()).isEqualTo(10);
    assertThat(s.maxConcurrentTasks()).isEqualTo(32);
    assertThat(s.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.heartbeatInterval()).isEqualTo(Duration.ofMillis(7500));
    assertThat(s.flushSize()).isEqualTo(100);
    assertThat(s.flushInterval()).isEqualTo(Duration.ofMillis(50));
    assertThat(QueueManager.builder(repo).entrypoint("a", noop).batchSize(250).build().settings().flushSize())
        .isEqualTo(250);
  }

  @Test
  void aManagerRunsThreadedOnlyOnce() {
    QueueManager manager = QueueManager.builder(repo).entrypoint("a", noop).build();
    manager.start();
    manager.stop();
    manager.stop();

    assertThatThrownBy(manager::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("STOPPED");
    assertThatThrownBy(manager::runUntilDrained).isInstanceOf(IllegalStateException.class);
  }
}
