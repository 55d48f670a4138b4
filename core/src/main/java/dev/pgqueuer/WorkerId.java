package dev.pgqueuer;

import java.util.Objects;
import java.util.UUID;

/**
 * The id of a worker (PgQueuer's {@code queue_manager_id}): the owner of a job while it is {@link JobStatus#PICKED}.
 *
 * @param value the UUID, never {@code null}
 */
public record WorkerId(UUID value) {

  /** @throws NullPointerException when {@code value} is null */
  public WorkerId {
    Objects.requireNonNull(value, "value");
  }

  /** A new random worker id. */
  public static WorkerId random() {
    return new WorkerId(UUID.randomUUID());
  }

  /** Parses the canonical UUID text. @throws IllegalArgumentException when the text is not a UUID */
  public static WorkerId parse(String text) {
    return new WorkerId(UUID.fromString(Objects.requireNonNull(text, "text")));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
