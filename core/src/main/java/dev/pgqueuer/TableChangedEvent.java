package dev.pgqueuer;

import java.time.Instant;
import java.util.Objects;

/**
 * One statement changed the queue table ({@code table_changed_event}).
 *
 * @param channel the channel
 * @param sentAt the instant of the call
 * @param operation the statement kind
 * @param table the bare queue table name
 */
public record TableChangedEvent(String channel, Instant sentAt, TableOperation operation, String table)
    implements QueueEvent {

  /** @throws NullPointerException for a null component */
  public TableChangedEvent {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(table, "table");
  }
}
