package dev.pgqueuer.examples.signup;

import dev.pgqueuer.tx.UnitOfWork;
import java.util.Optional;

/**
 * The application's account store: address → account. Accounts are created inside the unit of work that also
 * enqueues their mails, so an account and its mails exist together or not at all. Implementations are thread-safe.
 */
public interface Accounts {

  /**
   * An account.
   *
   * @param email the address, lower case
   * @param name the display name
   * @param active whether the user confirmed the address
   */
  record Account(String email, String name, boolean active) {}

  /**
   * Creates an inactive account inside {@code uow}: visible to others only once it commits, gone if it rolls back.
   *
   * @return false (and nothing changes) when the address is taken
   * @throws IllegalArgumentException when this store cannot join {@code uow}
   */
  boolean create(UnitOfWork uow, String email, String name);

  /** Marks the committed account active. @throws IllegalArgumentException when there is none */
  void activate(String email);

  /** The committed account of {@code email}, if any. */
  Optional<Account> find(String email);
}
