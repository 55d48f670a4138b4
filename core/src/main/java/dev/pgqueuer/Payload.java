package dev.pgqueuer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An opaque job payload (PostgreSQL {@code bytea}). Immutable: the bytes are copied in and out, and equality is by
 * content. A job without a payload has a {@code null} payload, which is distinct from an empty one.
 */
public final class Payload {

  private final byte[] bytes;

  private Payload(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A payload holding a copy of {@code bytes}. @throws NullPointerException when {@code bytes} is null */
  public static Payload of(byte[] bytes) {
    return new Payload(Objects.requireNonNull(bytes, "bytes").clone());
  }

  /** A payload holding the UTF-8 encoding of {@code text}. */
  public static Payload ofUtf8(String text) {
    return new Payload(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** The bytes decoded as UTF-8. */
  public String toUtf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The number of bytes. */
  public int size() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Payload other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The size and, for at most the first 64 bytes, the content as UTF-8. */
  @Override
  public String toString() {
    String shown = bytes.length <= 64 ? toUtf8() : new String(bytes, 0, 64, StandardCharsets.UTF_8) + "\u2026";
    return "Payload[" + bytes.length + " bytes: " + shown + "]";
  }
}
