package io.llmio.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import io.llmio.errors.StartupException;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.mock.RecordedRequest;
import io.llmio.requestlog.RequestLog;
import io.llmio.tracing.Tracing;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * OpenTelemetry traces (README "Traces") against an in-test OTLP/HTTP receiver that decodes what the
 * exporter sends: a SERVER span per proxied request under the caller's traceparent, a CLIENT span per
 * upstream attempt (a failed one included), GenAI attributes and usage, the attempt's context sent upstream.
 */
class TracesTest {
    private static final LinkedBlockingQueue<Received> SPANS = new LinkedBlockingQueue<>();
    private static final HttpServer RECEIVER = receiver();
    private static final MockUpstream A = MockUpstream.start("key-a");
    private static final Gateway GW = Gateway.start("""
            providers:
              - name: dead
                type: openai
                base-url: http://127.0.0.1:%2$d/v1
                api-key: key-d
              - name: a
                type: openai
                base-url: %1$s
                api-key: key-a
            models:
              - name: m
                strategy: rotor
                breaker: false
                providers:
                  - {provider: dead, model: up-dead, weight: 10}
                  - {provider: a, model: up-a, weight: 5}
            """.formatted(A.baseUrl(MockProtocol.OPENAI), closedPort()),
            Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + RECEIVER.getAddress().getPort(),
                   "OTEL_BSP_SCHEDULE_DELAY", "50", "OTEL_SERVICE_NAME", "llmio-under-test"));

    private record Received(String service, Span span) {
    }

    @AfterAll
    static void stop() {
        GW.close();
        A.close();
        RECEIVER.stop(0);
    }

    @Test
    void aRequestIsAServerSpanUnderTheCallersTraceWithOneClientSpanPerAttempt() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callerSpan = "00f067aa0ba902b7";
        HttpResponse<String> res = GW.post("/v1/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + Gateway.TOKEN, "traceparent", "00-" + traceId + "-" + callerSpan + "-01");
        assertThat(res.statusCode()).isEqualTo(200);
        String llmioTrace = res.headers().firstValue("x-llmio-trace-id").orElseThrow();

        List<Received> spans = awaitSpans(traceId, 3);
        Span server = only(spans, Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(server.getName()).isEqualTo("chat m");
        assertThat(hex(server.getParentSpanId())).isEqualTo(callerSpan);
        Map<String, String> sa = attributes(server);
        assertThat(sa).containsEntry("gen_ai.operation.name", "chat").containsEntry("gen_ai.request.model", "m")
                .containsEntry("gen_ai.response.model", "up-a").containsEntry("gen_ai.provider.name", "openai")
                .containsEntry("http.response.status_code", "200").containsEntry("llmio.trace_id", llmioTrace)
                .containsEntry("url.path", "/v1/chat/completions");
        assertThat(spans).allSatisfy(r -> assertThat(r.service()).isEqualTo("llmio-under-test"));

        RequestLog row = GW.finishedLogs(llmioTrace, 2).stream().filter(l -> "up-a".equals(l.providerModel())).findFirst()
                .orElseThrow();
        assertThat(row.completionTokens()).isPositive();
        assertThat(sa).containsEntry("gen_ai.usage.input_tokens", String.valueOf(row.promptTokens()))
                .containsEntry("gen_ai.usage.output_tokens", String.valueOf(row.completionTokens()));

        List<Span> attempts = spans.stream().map(Received::span).filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
                .sorted((x, y) -> attributes(x).get("llmio.attempt").compareTo(attributes(y).get("llmio.attempt"))).toList();
        assertThat(attempts).hasSize(2).allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(server.getSpanId()));
        Span dead = attempts.get(0);
        Span ok = attempts.get(1);
        assertThat(attributes(dead)).containsEntry("llmio.provider", "dead").containsEntry("server.address", "127.0.0.1");
        assertThat(dead.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(attributes(ok)).containsEntry("llmio.provider", "a").containsEntry("gen_ai.request.model", "up-a")
                .containsEntry("http.response.status_code", "200").containsEntry("gen_ai.provider.name", "openai");
        assertThat(ok.getStatus().getCode()).isNotEqualTo(Status.StatusCode.STATUS_CODE_ERROR);

        // the upstream got the successful attempt's context: same trace, that span as parent
        RecordedRequest upstream = A.lastRequest();
        assertThat(upstream.header("traceparent")).hasValue("00-" + traceId + "-" + hex(ok.getSpanId()) + "-01");
    }

    @Test
    void withoutACallerTraceparentTheServerSpanStartsATrace() {
        HttpResponse<String> res = GW.post("/v1/chat/completions",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + Gateway.TOKEN);
        assertThat(res.statusCode()).isEqualTo(200);
        String upstreamParent = A.lastRequest().header("traceparent").orElseThrow();
        String traceId = upstreamParent.split("-")[1];
        List<Received> spans = awaitSpans(traceId, 3);
        Span server = only(spans, Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(server.getParentSpanId().isEmpty()).isTrue();
        assertThat(attributes(server)).containsEntry("gen_ai.request.model", "m");
    }

    @Test
    void offWithoutAnEndpointAndOnlyHttpProtobuf() {
        assertThat(Tracing.fromEnv(Map.of())).isSameAs(Tracing.OFF);
        assertThat(Tracing.fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1", "OTEL_SDK_DISABLED", "true")))
                .isSameAs(Tracing.OFF);
        assertThatThrownBy(() -> Tracing.fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1",
                                                        "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
                .isInstanceOf(StartupException.class).hasMessageContaining("HTTP/protobuf");
    }

    @Test
    void tracesOffSendNoTraceparentUpstream() {
        try (MockUpstream b = MockUpstream.start("key-b");
             Gateway plain = Gateway.start("""
                     providers:
                       - {name: b, type: openai, base-url: %s, api-key: key-b}
                     models:
                       - name: m
                         providers:
                           - {provider: b, model: up-b, weight: 1}
                     """.formatted(b.baseUrl(MockProtocol.OPENAI)))) {
            assertThat(plain.post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                                  "Authorization", "Bearer " + Gateway.TOKEN).statusCode()).isEqualTo(200);
            assertThat(b.lastRequest().header("traceparent")).isEmpty();
        }
    }

    private static List<Received> awaitSpans(String traceId, int count) {
        List<Received> found = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (found.size() < count) {
            Received r;
            try {
                r = SPANS.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (r == null) {
                throw new AssertionError("only " + found.size() + " of " + count + " spans of trace " + traceId + " arrived");
            }
            if (hex(r.span().getTraceId()).equals(traceId)) {
                found.add(r);
            }
        }
        return found;
    }

    private static Span only(List<Received> spans, Span.SpanKind kind) {
        List<Span> of = spans.stream().map(Received::span).filter(s -> s.getKind() == kind).toList();
        assertThat(of).hasSize(1);
        return of.get(0);
    }

    private static Map<String, String> attributes(Span s) {
        return s.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().hasIntValue()
                ? String.valueOf(kv.getValue().getIntValue()) : kv.getValue().getStringValue()));
    }

    private static String hex(com.google.protobuf.ByteString b) {
        return HexFormat.of().formatHex(b.toByteArray());
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpServer receiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/traces", ex -> {
                ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(ex.getRequestBody().readAllBytes());
                for (ResourceSpans rs : req.getResourceSpansList()) {
                    String service = rs.getResource().getAttributesList().stream()
                            .filter(kv -> kv.getKey().equals("service.name")).map(kv -> kv.getValue().getStringValue())
                            .findFirst().orElse("");
                    for (ScopeSpans ss : rs.getScopeSpansList()) {
                        for (Span s : ss.getSpansList()) {
                            SPANS.add(new Received(service, s));
                        }
                    }
                }
                byte[] ok = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                ex.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
                ex.getResponseBody().write(ok);
                ex.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
