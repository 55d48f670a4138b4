package dev.pgqueuer.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgqueuer.CancellationEvent;
import dev.pgqueuer.HealthCheckEvent;
import dev.pgqueuer.JobId;
import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.TableChangedEvent;
import dev.pgqueuer.TableOperation;
import dev.pgqueuer.TracebackRecord;
import dev.pgqueuer.internal.Times;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * PgQueuer's JSON shapes, with Jackson: job headers, traceback records and NOTIFY payloads. Values of other JSON
 * types written by PgQueuer (Python) are read as their JSON text. Stateless and thread-safe.
 */
final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** Headers as a JSON object, or {@code null} for none (stored as JSON {@code null}). */
  static @Nullable String headers(Map<String, String> headers) {
    if (headers.isEmpty()) {
      return null;
    }
    ObjectNode node = MAPPER.createObjectNode();
    headers.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> node.put(e.getKey(), e.getValue()));
    return write(node);
  }

  /** Parses stored headers; JSON {@code null}, SQL NULL and non-objects read as no headers. */
  static Map<String, String> readHeaders(@Nullable String json) {
    return json == null ? Map.of() : stringMap(read(json));
  }

  /** A traceback record with PgQueuer's six keys. */
  static @Nullable String traceback(@Nullable TracebackRecord record) {
    if (record == null) {
      return null;
    }
    ObjectNode node = MAPPER.createObjectNode();
    node.put("job_id", record.jobId().value());
    node.put("timestamp", record.timestamp().toString());
    node.put("exception_type", record.exceptionType());
    node.put("exception_message", record.exceptionMessage());
    node.put("traceback", record.traceback());
    if (record.additionalContext().isEmpty()) {
      node.putNull("additional_context");
    } else {
      ObjectNode ctx = node.putObject("additional_context");
      record.additionalContext().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> ctx.put(e.getKey(), e.getValue()));
    }
    return write(node);
  }

  /** Parses a stored traceback record, {@code null} for SQL NULL or JSON {@code null}. */
  static @Nullable TracebackRecord readTraceback(@Nullable String json, JobId fallbackJob) {
    if (json == null) {
      return null;
    }
    JsonNode node = read(json);
    if (!node.isObject()) {
      return null;
    }
    long id = node.path("job_id").asLong(fallbackJob.value());
    Instant at = parseInstant(node.path("timestamp").asText("")).orElse(Instant.EPOCH);
    return new TracebackRecord(
        id >= 1 ? JobId.of(id) : fallbackJob,
        at,
        text(node.get("exception_type")),
        text(node.get("exception_message")),
        text(node.get("traceback")),
        stringMap(node.path("additional_context")));
  }

  /**
   * Parses a NOTIFY payload of the queue's channel into an event.
   *
   * @return empty for an unknown type or a malformed payload (PgQueuer logs and drops those)
   */
  static Optional<QueueEvent> readEvent(String channel, String payload) {
    JsonNode node;
    try {
      node = MAPPER.readTree(payload);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    Optional<Instant> sentAt = parseInstant(node.path("sent_at").asText(""));
    if (sentAt.isEmpty()) {
      return Optional.empty();
    }
    Instant at = Times.truncate(sentAt.get());
    try {
      switch (node.path("type").asText("")) {
        case "table_changed_event":
          return Optional.of(new TableChangedEvent(channel, at,
              TableOperation.fromWire(node.path("operation").asText("")), node.path("table").asText("")));
        case "cancellation_event":
          List<JobId> ids = new ArrayList<>();
          for (JsonNode id : node.path("ids")) {
            ids.add(JobId.of(id.asLong()));
          }
          return Optional.of(new CancellationEvent(channel, at, ids));
        case "health_check_event":
          return Optional.of(new HealthCheckEvent(channel, at, UUID.fromString(node.path("id").asText(""))));
        default:
          return Optional.empty();
      }
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The {@code schema} key of a NOTIFY payload: the schema of the queue that sent it (this library's events), or
   * empty when absent (PgQueuer's events) or malformed.
   */
  static Optional<String> eventSchema(String payload) {
    try {
      JsonNode node = MAPPER.readTree(payload);
      JsonNode schema = node == null ? null : node.get("schema");
      return schema != null && schema.isTextual() ? Optional.of(schema.textValue()) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** The JSON array of {@code ids} (a cancellation chunk). */
  static String idArray(List<JobId> ids) {
    ArrayNode array = MAPPER.createArrayNode();
    for (JobId id : ids) {
      array.add(id.value());
    }
    return write(array);
  }

  private static Map<String, String> stringMap(JsonNode node) {
    if (node == null || !node.isObject()) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.put(clean(e.getKey()), text(e.getValue()));
    }
    return out;
  }

  private static String text(@Nullable JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "";
    }
    return clean(value.isTextual() ? value.textValue() : value.toString());
  }

  private static String clean(String s) {
    return s.indexOf('\0') >= 0 ? s.replace('\0', ' ') : s;
  }

  private static Optional<Instant> parseInstant(String text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  private static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("malformed JSON in the database: " + e.getOriginalMessage(), e);
    }
  }

  private static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot happen: a JSON tree failed to serialise", e);
    }
  }
}
