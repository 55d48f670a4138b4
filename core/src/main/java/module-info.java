/**
 * The domain records, the repository port, the worker and the cron scheduler of pgqueuer. The backends are the
 * modules {@code dev.pgqueuer.inmemory} and {@code dev.pgqueuer.postgres}.
 *
 * <p>{@code dev.pgqueuer.internal} holds the checks the backends share; it is exported to this project's own
 * modules only and is not part of the API.
 */
// "module": the qualified export names modules built after this one; "requires-automatic": cron-utils
@SuppressWarnings({"module", "requires-automatic"})
module dev.pgqueuer {
  requires static transitive org.jspecify;
  requires transitive org.slf4j;
  requires com.cronutils;

  exports dev.pgqueuer;
  exports dev.pgqueuer.port;
  exports dev.pgqueuer.worker;
  exports dev.pgqueuer.worker.scheduler;
  exports dev.pgqueuer.internal to
      dev.pgqueuer.inmemory,
      dev.pgqueuer.postgres,
      dev.pgqueuer.junit;
}
