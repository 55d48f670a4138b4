package dev.pgqueuer.port;

/** A sort direction. */
public enum SortOrder {
  /** Oldest first. */
  ASC,
  /** Newest first. */
  DESC
}
