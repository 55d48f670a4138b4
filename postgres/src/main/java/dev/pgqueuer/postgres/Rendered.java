package dev.pgqueuer.postgres;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One statement of a repository, rendered for its queue on first use and kept: a repository made for one test uses
 * few of its statements, so rendering all of them up front was most of the cost of making one. Thread-safe: callers
 * racing on the first use may both render, and get equal text.
 */
final class Rendered {

  private final Supplier<String> render;
  private volatile @Nullable String sql;

  /** @param render makes the statement's text; called at most a few times, from any thread */
  Rendered(Supplier<String> render) {
    this.render = render;
  }

  /** The statement's text. */
  String sql() {
    String s = sql;
    if (s == null) {
      s = render.get();
      sql = s;
    }
    return s;
  }
}
