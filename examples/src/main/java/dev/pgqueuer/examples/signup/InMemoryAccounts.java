package dev.pgqueuer.examples.signup;

import dev.pgqueuer.tx.ManagedUnitOfWork;
import dev.pgqueuer.tx.UnitOfWork;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link Accounts} in memory, for tests and demos. It joins a {@link ManagedUnitOfWork} (from the queue's
 * {@code begin()}, on either backend): a new account is staged and becomes visible when the unit commits, through
 * {@link ManagedUnitOfWork#onCompletion}. Two units signing up one address at once both see it free; the first to
 * commit wins. Thread-safe.
 */
public final class InMemoryAccounts implements Accounts {

  private final Map<String, Account> byEmail = new HashMap<>();

  @Override
  public boolean create(UnitOfWork uow, String email, String name) {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(name, "name");
    if (!(uow instanceof ManagedUnitOfWork managed)) {
      throw new IllegalArgumentException("in-memory accounts join only units of work from begin(), not " + uow);
    }
    synchronized (this) {
      if (byEmail.containsKey(email)) {
        return false;
      }
    }
    managed.onCompletion(committed -> {
      if (committed) {
        synchronized (this) {
          byEmail.putIfAbsent(email, new Account(email, name, false));
        }
      }
    });
    return true;
  }

  @Override
  public synchronized void activate(String email) {
    Account a = byEmail.get(email);
    if (a == null) {
      throw new IllegalArgumentException("no account for " + email);
    }
    byEmail.put(email, new Account(a.email(), a.name(), true));
  }

  @Override
  public synchronized Optional<Account> find(String email) {
    return Optional.ofNullable(byEmail.get(email));
  }
}
