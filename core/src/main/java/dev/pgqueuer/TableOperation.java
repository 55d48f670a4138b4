package dev.pgqueuer;

import java.util.Locale;

/** The statement kind reported by a {@link TableChangedEvent}. */
public enum TableOperation {
  /** An enqueue statement (even one that inserted no row). */
  INSERT,
  /** A statement that deletes queue rows (even none): outcomes, cancellation, clearing entrypoints. */
  DELETE,
  /** Clearing the whole queue. */
  TRUNCATE;

  /** The lower-case wire label. */
  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire label. @throws IllegalArgumentException for an unknown label */
  public static TableOperation fromWire(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
