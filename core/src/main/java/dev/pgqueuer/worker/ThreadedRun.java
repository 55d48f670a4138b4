package dev.pgqueuer.worker;

import dev.pgqueuer.Subscription;
import dev.pgqueuer.internal.Waits;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One threaded run of a {@link QueueManager}: the event subscription, the handler executor, the writer thread and
 * the fetch loop (on its own thread, or on the caller's in drain mode), and the graceful shutdown that waits for
 * running handlers and writes every outcome.
 */
final class ThreadedRun {

  private static final Logger LOG = LoggerFactory.getLogger(ThreadedRun.class);

  private final Engine engine;
  private final FetchLoop loop;
  private final ExecutorService executor;
  private final Dispatcher dispatcher;
  private final Maintenance maintenance;
  private final Thread maintenanceThread;
  private final CountDownLatch loopDone = new CountDownLatch(1);
  private volatile @Nullable Thread loopThread;
  private @Nullable Subscription subscription;

  ThreadedRun(Engine engine, boolean drain) {
    this.engine = engine;
    String name = "pgqueuer-worker-" + engine.id.toString().substring(0, 8);
    this.executor = HandlerExecutors.create(name + "-handler", engine.settings.maxConcurrentTasks());
    this.dispatcher = new Dispatcher(engine, executor, engine.settings.maxConcurrentTasks(), name + "-dispatch");
    this.loop = new FetchLoop(engine, dispatcher, drain);
    this.maintenance = new Maintenance(engine);
    this.maintenanceThread = new Thread(maintenance, name + "-writer");
    this.maintenanceThread.setDaemon(true);
  }

  /**
   * Subscribes to the queue's events and starts the writer thread.
   *
   * @throws RuntimeException when the subscription fails (nothing is left running)
   */
  void open() {
    try {
      subscription = engine.group.subscribe(event -> {
        engine.onEvent(event);
        loop.onEvent(event);
      });
    } catch (RuntimeException e) {
      executor.shutdownNow();
      try {
        dispatcher.drainAndClose();
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      throw e;
    }
    maintenanceThread.start();
  }

  /** Starts the fetch loop on a thread of its own. */
  void startLoopThread() {
    Thread t = new Thread(this::runLoopQuietly, maintenanceThread.getName().replace("-writer", "-loop"));
    loopThread = t;
    t.start();
  }

  /** Runs the fetch loop on the calling thread until it stops or (drain mode) drains. */
  void runLoop() throws InterruptedException {
    loopThread = Thread.currentThread();
    try {
      loop.run();
    } finally {
      loopDone.countDown();
    }
  }

  /** Wakes the fetch loop. */
  void wake() {
    loop.wake();
  }

  /** Asks the fetch loop to stop without waiting. */
  void requestStop() {
    engine.requestStop();
    loop.stop();
  }

  /**
   * Stops claiming, waits for the loop, for every running handler and for the final write of outcomes, then
   * closes the subscription. Safe to call from any thread except a handler's.
   */
  synchronized void shutdown() {
    engine.requestStop();
    loop.stop();
    boolean interrupted = false;
    Thread t = loopThread;
    if (t != null && t != Thread.currentThread()) {
      interrupted = Waits.uninterruptibly(loopDone::await);
    }
    interrupted |= Waits.uninterruptibly(dispatcher::drainAndClose);
    interrupted |= Waits.terminate(executor, waited ->
        LOG.info("worker {}: stopping, waiting for running handlers ({} s so far)", engine.id, waited));
    maintenance.finish();
    interrupted |= Waits.uninterruptibly(maintenanceThread::join);
    Subscription s = subscription;
    if (s != null) {
      s.close();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void runLoopQuietly() {
    try {
      runLoop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("worker {}: the fetch loop died; stopping the worker", engine.id, e);
      engine.requestStop();
    }
  }
}
