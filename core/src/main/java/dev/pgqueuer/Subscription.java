package dev.pgqueuer;

/** An active event subscription; closing it stops delivery (idempotent). */
public interface Subscription extends AutoCloseable {

  @Override
  void close();
}
