package io.llmio.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fast OpenAI-compatible mock upstream for benchmarks (JDK HttpServer on virtual threads).
 *
 * <pre>
 *   POST /v1/chat/completions        non-stream: a small chat.completion JSON with usage
 *   POST /v1/chat/completions        "stream":true: N chat.completion.chunk events, a usage
 *                                    chunk, then data: [DONE]; the first event at once, then a
 *                                    delay before each further one (none before [DONE])
 *   GET  /v1/models                  one model
 *   POST /otlp/v1/traces             accepts OTLP/HTTP trace exports (drops them)
 * </pre>
 * Stream shape per request, first found wins: headers {@code x-mock-events} / {@code x-mock-delay-ms},
 * body {@code "metadata":{"mock_events":"20","mock_delay_ms":"10"}} (survives any passthrough proxy
 * that drops headers), then the defaults given on the command line.
 * Faults (for bench/soak), header {@code x-mock-fault} or body {@code "mock_fault"}: {@code 500} answers
 * an OpenAI-style 500 error; {@code hang} sends nothing for 10 minutes (the proxy must time out).
 * Usage: {@code java -Dsun.net.httpserver.nodelay=true -Dsun.net.httpserver.maxIdleConnections=100000
 *   -Dsun.net.httpserver.idleInterval=3600 io.llmio.bench.MockUpstream PORT [EVENTS DELAY_MS]}
 * (without the last two the JDK server closes pooled keep-alive connections under load, and a
 * proxy that just sent a request on one sees a premature close)
 */
public final class MockUpstream {
    private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]{1,200})\"");
    private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*true");
    private static final Pattern EVENTS = Pattern.compile("\"mock_events\"\\s*:\\s*\"?(\\d+)");
    private static final Pattern DELAY = Pattern.compile("\"mock_delay_ms\"\\s*:\\s*\"?(\\d+)");
    private static final Pattern FAULT = Pattern.compile("\"mock_fault\"\\s*:\\s*\"(\\w+)\"");
    private static final AtomicLong IDS = new AtomicLong();

    private final int defaultEvents;
    private final int defaultDelayMs;

    private MockUpstream(int defaultEvents, int defaultDelayMs) {
        this.defaultEvents = defaultEvents;
        this.defaultDelayMs = defaultDelayMs;
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        var mock = new MockUpstream(args.length > 1 ? Integer.parseInt(args[1]) : 20,
                args.length > 2 ? Integer.parseInt(args[2]) : 10);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 8192);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", mock::chat);
        server.createContext("/v1/models", mock::models);
        // an OTLP/HTTP trace sink for llmio's exporter (bench/ab with AB_ENV_B=OTEL_EXPORTER_OTLP_ENDPOINT=…)
        server.createContext("/otlp/v1/traces", ex -> {
            ex.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream());
            ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.createContext("/", ex -> send(ex, 404, "{\"error\":{\"message\":\"not found\",\"type\":\"invalid_request_error\"}}"));
        server.start();
        System.out.println("mock upstream listening on 127.0.0.1:" + port);
    }

    private void models(HttpExchange ex) throws IOException {
        send(ex, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"mock-model\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"bench\"}]}");
    }

    private void chat(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, "{\"error\":{\"message\":\"POST only\",\"type\":\"invalid_request_error\"}}");
                return;
            }
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String fault = ex.getRequestHeaders().getFirst("x-mock-fault");
            fault = fault != null ? fault.trim() : find(FAULT, body, "");
            if (fault.equals("500")) {
                send(ex, 500, "{\"error\":{\"message\":\"mock fault: internal error\",\"type\":\"server_error\"}}");
                return;
            }
            if (fault.equals("hang")) {
                sleep(600_000);
                return;
            }
            String model = find(MODEL, body, "mock-model");
            String id = "chatcmpl-bench" + IDS.incrementAndGet();
            if (STREAM.matcher(body).find()) {
                int events = intParam(ex, "x-mock-events", EVENTS, body, defaultEvents);
                int delay = intParam(ex, "x-mock-delay-ms", DELAY, body, defaultDelayMs);
                stream(ex, id, model, events, delay);
            } else {
                send(ex, 200, completion(id, model));
            }
        }
    }

    private static String completion(String id, String model) {
        return "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"" + model + "\","
                + "\"system_fingerprint\":\"fp_bench\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Hello! This is a short benchmark answer from the mock upstream.\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":13,"
                + "\"total_tokens\":32,\"prompt_tokens_details\":{\"cached_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}";
    }

    private static void stream(HttpExchange ex, String id, String model, int events, int delayMs) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        String head = "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
                + model + "\",\"system_fingerprint\":\"fp_bench\",\"choices\":[";
        OutputStream out = ex.getResponseBody();
        for (int i = 0; i < events; i++) {
            if (i > 0) sleep(delayMs);
            String delta = i == 0 ? "{\"role\":\"assistant\",\"content\":\"\"}" : "{\"content\":\"tok" + i + " \"}";
            String finish = i == events - 1 ? "\"stop\"" : "null";
            write(out, head + "{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]}\n\n");
        }
        sleep(delayMs);
        write(out, head + "],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":" + Math.max(0, events - 1)
                + ",\"total_tokens\":" + (19 + Math.max(0, events - 1)) + "}}\n\n");
        write(out, "data: [DONE]\n\n");
        out.close();
    }

    private static void write(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sleep(int ms) {
        if (ms <= 0) return;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int intParam(HttpExchange ex, String header, Pattern inBody, String body, int fallback) {
        String h = ex.getRequestHeaders().getFirst(header);
        if (h != null) return Integer.parseInt(h.trim());
        return Integer.parseInt(find(inBody, body, Integer.toString(fallback)));
    }

    private static String find(Pattern p, String body, String fallback) {
        Matcher m = p.matcher(body);
        return m.find() ? m.group(1) : fallback;
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
