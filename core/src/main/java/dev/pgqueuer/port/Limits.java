package dev.pgqueuer.port;

/**
 * The sizes of input both backends accept, decided once so that an input PostgreSQL cannot store or index is
 * rejected by the in-memory backend too, with the same {@link IllegalArgumentException}, before any effect.
 *
 * <ul>
 *   <li>Every text the queue stores (entrypoints, dedupe keys, header keys and values, schedule expressions,
 *       traceback texts) must be well-formed UTF-16: an unpaired surrogate, which PostgreSQL would store as
 *       {@code ?} (so that distinct texts collide), is rejected, and so is the NUL character.</li>
 *   <li>Indexed texts (entrypoints, dedupe keys, schedule expressions) hold at most {@value #MAX_KEY_BYTES} bytes in
 *       UTF-8, whatever their content: PostgreSQL's B-tree indexes cap an entry at 2,704 bytes, and the widest index
 *       (a schedule's expression with its entrypoint) holds two such texts.</li>
 *   <li>A payload holds at most {@value #MAX_PAYLOAD_BYTES} bytes, and a job's headers at most
 *       {@value #MAX_HEADERS_BYTES} bytes of keys and values in UTF-8: well inside PostgreSQL's field limits
 *       ({@code bytea} 1 GB, {@code jsonb} 255 MB), so that a batch fits in one statement and memory stays
 *       bounded.</li>
 * </ul>
 */
public final class Limits {

  /** The most UTF-8 bytes of an entrypoint, a dedupe key or a schedule expression. */
  public static final int MAX_KEY_BYTES = 1024;
  /** The most bytes of a payload (64 MiB). */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;
  /** The most UTF-8 bytes of one job's header keys and values together (1 MiB). */
  public static final int MAX_HEADERS_BYTES = 1024 * 1024;

  private Limits() {}
}
