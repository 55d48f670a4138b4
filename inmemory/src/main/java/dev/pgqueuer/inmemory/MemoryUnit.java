package dev.pgqueuer.inmemory;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.Payload;
import dev.pgqueuer.TableOperation;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.JobId;
import dev.pgqueuer.tx.ManagedUnitOfWork;
import it.unimi.dsi.fastutil.longs.Long2ObjectLinkedOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.ObjectOpenHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory unit of work ({@link InMemoryRepository#begin()}). Its calls run at once, under the repository's
 * lock, against the committed state plus the unit's own row images: ids are drawn and log rows written (hidden)
 * when the call runs, so ids and log order match PostgreSQL's; the images, the log rows and the events become
 * visible together at commit. Fields are guarded by the repository's lock; one call at a time.
 */
final class MemoryUnit implements ManagedUnitOfWork {

  /** A job row as this unit sees it. */
  static final class Image {
    final long id;
    final boolean committed;
    final int priority;
    final long created;
    long updated;
    long heartbeat;
    long executeAfter;
    JobStatus status;
    final String entrypoint;
    final @Nullable Payload payload;
    int attempts;
    @Nullable WorkerId worker;
    final Map<String, String> headers;
    final @Nullable String dedupeKey;
    boolean deleted;

    Image(long id, boolean committed, int priority, long created, long updated, long heartbeat, long executeAfter,
        JobStatus status, String entrypoint, @Nullable Payload payload, int attempts, @Nullable WorkerId worker,
        Map<String, String> headers, @Nullable String dedupeKey) {
      this.id = id;
      this.committed = committed;
      this.priority = priority;
      this.created = created;
      this.updated = updated;
      this.heartbeat = heartbeat;
      this.executeAfter = executeAfter;
      this.status = status;
      this.entrypoint = entrypoint;
      this.payload = payload;
      this.attempts = attempts;
      this.worker = worker;
      this.headers = headers;
      this.dedupeKey = dedupeKey;
    }

    boolean active() {
      return !deleted && (status == JobStatus.QUEUED || status == JobStatus.PICKED);
    }
  }

  /** An event to send at commit. */
  record PendingEvent(@Nullable TableOperation operation, long now, List<JobId> cancelled) {}

  final RepositoryCore repository;
  final QueueState state;
  final Thread opener;
  boolean open = true;
  /** Touched job ids, in first-touch order. */
  final Long2ObjectLinkedOpenHashMap<Image> rows = new Long2ObjectLinkedOpenHashMap<>();
  /** Keys active in this unit's view only (inserted or re-activated here). */
  final ObjectOpenHashSet<String> addedKeys = new ObjectOpenHashSet<>();
  /** Keys active in the committed state that this unit released (deleted or held their job). */
  final ObjectOpenHashSet<String> releasedKeys = new ObjectOpenHashSet<>();
  final LongArrayList logRows = new LongArrayList();
  final List<PendingEvent> events = new ArrayList<>();
  final List<String> heldKeys = new ArrayList<>();
  final LongArrayList heldRows = new LongArrayList();
  private final List<Consumer<Boolean>> listeners = new ArrayList<>();

  MemoryUnit(RepositoryCore repository, QueueState state) {
    this.repository = repository;
    this.state = state;
    this.opener = Thread.currentThread();
  }

  /** Whether {@code key} is held by an active job in this unit's view. */
  boolean keyActive(String key) {
    return addedKeys.contains(key) || (state.keyActive(key) && !releasedKeys.contains(key));
  }

  /** Records that {@code image}'s key turns active ({@code true}) or inactive in this unit's view. */
  void keyTurns(Image image, boolean active) {
    String key = image.dedupeKey;
    if (key == null) {
      return;
    }
    if (active) {
      if (!releasedKeys.remove(key)) {
        addedKeys.add(key);
      }
    } else if (!addedKeys.remove(key)) {
      releasedKeys.add(key);
    }
  }

  @Override
  public void commit() {
    end(true);
  }

  @Override
  public void rollback() {
    end(false);
  }

  private void end(boolean commit) {
    boolean committed = repository.endUnit(this, commit);
    List<Consumer<Boolean>> toRun = List.copyOf(listeners);
    listeners.clear();
    RuntimeException thrown = null;
    for (Consumer<Boolean> listener : toRun) {
      try {
        listener.accept(committed);
      } catch (RuntimeException e) {
        if (thrown == null) {
          thrown = e;
        } else {
          thrown.addSuppressed(e);
        }
      }
    }
    if (thrown != null) {
      throw thrown;
    }
  }

  @Override
  public boolean isOpen() {
    return repository.unitOpen(this);
  }

  @Override
  public void onCompletion(Consumer<Boolean> listener) {
    Objects.requireNonNull(listener, "listener");
    if (!isOpen()) {
      throw new IllegalStateException("cannot register a listener on a unit of work that already ended");
    }
    listeners.add(listener);
  }

  @Override
  public void close() {
    if (isOpen()) {
      rollback();
    }
  }

  @Override
  public String toString() {
    return "InMemoryUnitOfWork[" + (isOpen() ? "open" : "ended") + ", " + rows.size() + " rows]";
  }
}
