package dev.pgqueuer;

/**
 * Receives queue events. Called on the subscription's dispatcher thread, one event at a time, in order; an exception
 * thrown by the listener is logged and does not stop delivery.
 */
@FunctionalInterface
public interface QueueEventListener {

  /** @param event the event, never {@code null} */
  void onEvent(QueueEvent event);
}
