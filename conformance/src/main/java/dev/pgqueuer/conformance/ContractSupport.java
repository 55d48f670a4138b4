package dev.pgqueuer.conformance;

import dev.pgqueuer.ManualClock;
import dev.pgqueuer.port.Repository;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of every contract interface: the binding hook and the extension that hands each test method a fresh
 * {@link dev.pgqueuer.junit.TestQueue} over the binding's repository. Contract test methods declare a
 * {@code TestQueue} parameter and drive the repository through {@link dev.pgqueuer.junit.TestQueue#repository()},
 * the decorator an extension user's test sees, so every contract also proves it unchanged in behaviour.
 */
@ExtendWith(ContractExtension.class)
public interface ContractSupport {

  /**
   * A fresh, empty, installed repository whose every timestamp comes from {@code clock}; called once per test
   * method. The suite closes it after the test (a binding may drop its storage in {@code close()}).
   *
   * @param clock the manual clock the test drives; never {@code null}
   * @return a repository for this test only, never {@code null}
   */
  Repository newRepository(ManualClock clock);
}
