package dev.pgqueuer.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.CancellationEvent;
import dev.pgqueuer.HealthCheckEvent;
import dev.pgqueuer.JobId;
import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.TableChangedEvent;
import dev.pgqueuer.TableOperation;
import dev.pgqueuer.TracebackRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void headersRoundTripAndNoHeadersIsJsonNull() {
    assertThat(Json.headers(Map.of())).isNull();
    String json = Json.headers(Map.of("b", "2", "a", "1"));
    assertThat(json).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
    assertThat(Json.readHeaders(json)).isEqualTo(Map.of("a", "1", "b", "2"));
    assertThat(Json.readHeaders("null")).isEmpty();
    assertThat(Json.readHeaders(null)).isEmpty();
  }

  @Test
  void headerValuesOfOtherJsonTypesReadAsTheirJsonText() {
    assertThat(Json.readHeaders("{\"n\": 1, \"o\": {\"x\": true}, \"z\": null}"))
        .isEqualTo(Map.of("n", "1", "o", "{\"x\":true}", "z", ""));
  }

  @Test
  void tracebackRoundTripsWithPgQueuersSixKeys() {
    TracebackRecord record = new TracebackRecord(JobId.of(7), Instant.parse("2026-01-02T03:04:05.123456Z"),
        "IllegalStateException", "boom", "at x", Map.of("entrypoint", "e"));
    String json = Json.traceback(record);
    assertThat(json).startsWith("{\"job_id\":7,\"timestamp\":\"2026-01-02T03:04:05.123456Z\",\"exception_type\":");
    assertThat(Json.readTraceback(json, JobId.of(7))).isEqualTo(record);
  }

  @Test
  void pythonWrittenTracebackIsRead() {
    String python = "{\"job_id\": 3, \"timestamp\": \"2026-01-02T03:04:05.5+00:00\", \"exception_type\": "
        + "\"ValueError\", \"exception_message\": \"bad\", \"traceback\": \"Traceback...\", "
        + "\"additional_context\": null}";
    TracebackRecord r = Json.readTraceback(python, JobId.of(3));
    assertThat(r).isNotNull();
    assertThat(r.timestamp()).isEqualTo(Instant.parse("2026-01-02T03:04:05.5Z"));
    assertThat(r.additionalContext()).isEmpty();
  }

  @Test
  void triggerPayloadParsesToATableChangedEvent() {
    QueueEvent e = Json.readEvent("s.ch_pgqueuer", "{\"channel\" : \"s.ch_pgqueuer\", \"operation\" : \"delete\", "
        + "\"sent_at\" : \"2026-01-01T01:00:00.000001+01:00\", \"table\" : \"pgqueuer\", "
        + "\"type\" : \"table_changed_event\"}").orElseThrow();
    assertThat(e).isEqualTo(new TableChangedEvent("s.ch_pgqueuer", Instant.parse("2026-01-01T00:00:00.000001Z"),
        TableOperation.DELETE, "pgqueuer"));
  }

  @Test
  void clientEventsParseAndReceivedAtFromPgQueuerIsIgnored() {
    assertThat(Json.readEvent("c", "{\"channel\":\"c\",\"sent_at\":\"2026-01-01T00:00:00Z\","
        + "\"type\":\"cancellation_event\",\"received_at\":\"2026-01-01T00:00:01Z\",\"ids\":[3,1]}"))
        .contains(new CancellationEvent("c", Instant.parse("2026-01-01T00:00:00Z"), List.of(JobId.of(3),
            JobId.of(1))));
    UUID id = UUID.randomUUID();
    assertThat(Json.readEvent("c", "{\"channel\":\"c\",\"sent_at\":\"2026-01-01T00:00:00Z\","
        + "\"type\":\"health_check_event\",\"id\":\"" + id + "\"}"))
        .contains(new HealthCheckEvent("c", Instant.parse("2026-01-01T00:00:00Z"), id));
  }

  @Test
  void unknownOrMalformedPayloadsAreDropped() {
    assertThat(Json.readEvent("c", "{\"type\":\"other\",\"sent_at\":\"2026-01-01T00:00:00Z\"}")).isEmpty();
    assertThat(Json.readEvent("c", "not json")).isEmpty();
    assertThat(Json.readEvent("c", "{\"type\":\"health_check_event\",\"sent_at\":\"x\"}")).isEmpty();
  }

  @Test
  void cancellationChunksAreJsonArrays() {
    assertThat(Json.idArray(List.of(JobId.of(1), JobId.of(22)))).isEqualTo("[1,22]");
  }
}
