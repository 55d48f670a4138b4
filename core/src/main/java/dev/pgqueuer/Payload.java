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

  /** Wraps {@code bytes} without copying; for adapters that own a fresh array. Not for user code. */
  public static Payload wrapOwned(byte[] bytes) {
    return new Payload(Objects.requireNonNull(bytes, "bytes"));
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

  /** The stored array itself; callers must not modify it. For adapters that serialise without copying. */
  public byte[] unsafeBytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Payload other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Payload[" + bytes.length + " bytes: " + toUtf8() + "]";
  }
}
