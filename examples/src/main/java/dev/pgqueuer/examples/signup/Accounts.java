package dev.pgqueuer.examples.signup;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The application's account store (a table in real life): address → account. Thread-safe. */
public final class Accounts {

  /**
   * An account.
   *
   * @param email the address, lower case
   * @param name the display name
   * @param active whether the user confirmed the address
   */
  public record Account(String email, String name, boolean active) {}

  private final Map<String, Account> byEmail = new HashMap<>();

  /** Creates an inactive account; returns false (and changes nothing) when the address is taken. */
  public synchronized boolean create(String email, String name) {
    return byEmail.putIfAbsent(email, new Account(email, name, false)) == null;
  }

  /** Marks the account active. @throws IllegalArgumentException when there is none */
  public synchronized void activate(String email) {
    Account a = byEmail.get(email);
    if (a == null) {
      throw new IllegalArgumentException("no account for " + email);
    }
    byEmail.put(email, new Account(a.email(), a.name(), true));
  }

  /** The account of {@code email}, if any. */
  public synchronized Optional<Account> find(String email) {
    return Optional.ofNullable(byEmail.get(email));
  }
}
