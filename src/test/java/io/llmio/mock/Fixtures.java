package io.llmio.mock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads {@code fixtures/<protocol>/<endpoint>/<scenario>.{json,sse}} from the classpath and turns
 * them into replies. The only rewrite is the echoed model name ({@code model} / {@code
 * modelVersion}), plus what the real service does with {@code stream_options.include_usage}:
 * without it, OpenAI chat chunks carry no {@code usage} and the usage-only chunk is absent.
 */
final class Fixtures {

    private static final Pattern MODEL = Pattern.compile("(\"model(?:Version)?\"\\s*:\\s*\")([^\"\\\\]*)(\")");
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    static String load(String path) {
        return CACHE.computeIfAbsent(path, p -> {
            try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + p)) {
                if (in == null) {
                    throw new IllegalStateException("missing fixture fixtures/" + p);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static Reply reply(Route route, Scenario scenario) {
        return reply(route, route.endpoint().scenarioBased() ? scenario.file() : "default", UnaryOperator.identity());
    }

    /** The reply from fixture {@code name} of the route's endpoint, its text passed through {@code fill} first. */
    static Reply reply(Route route, String name, UnaryOperator<String> fill) {
        Endpoint e = route.endpoint();
        String stem = e.protocol().dir() + "/" + e.dir() + "/" + name;
        if (!route.stream()) {
            String body = rewrite(fill.apply(load(stem + ".json")), route.model());
            return new Reply(200, headers(e.protocol(), jsonType(e.protocol())), bytes(body), null);
        }
        List<String> frames = new ArrayList<>();
        for (String raw : SseFrames.splitRaw(fill.apply(load(stem + ".sse")))) {
            if (e == Endpoint.CHAT_COMPLETIONS && !route.includeUsage()) {
                if (raw.contains("\"choices\":[]")) {
                    continue;
                }
                raw = raw.replace(",\"usage\":null", "");
            }
            frames.add(rewrite(raw, route.model()));
        }
        if (!route.sse()) {
            return new Reply(200, headers(e.protocol(), jsonType(e.protocol())), null, jsonArray(frames));
        }
        return new Reply(200, headers(e.protocol(), "text/event-stream; charset=utf-8"), null, frames);
    }

    /** Gemini without {@code alt=sse}: the same chunks as one JSON array, streamed piece by piece. */
    static List<String> jsonArray(List<String> sseFrames) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < sseFrames.size(); i++) {
            String data = SseFrames.parse(sseFrames.get(i)).getFirst().data();
            out.add((i == 0 ? "[" : "\r\n,") + data);
        }
        out.add("]");
        return out;
    }

    static Map<String, String> headers(MockProtocol p, String contentType) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", contentType);
        switch (p) {
            case OPENAI -> {
                h.put("x-request-id", "req_b3c7f1d2a9e84f5c8a1d0e6f7a8b9c0d");
                h.put("openai-processing-ms", "212");
            }
            case ANTHROPIC -> h.put("request-id", "req_011CSHoEeqs5C35K2UUqR7Fy");
            case GEMINI -> h.put("Vary", "Origin, X-Origin, Referer");
        }
        return h;
    }

    static String jsonType(MockProtocol p) {
        return p == MockProtocol.GEMINI ? "application/json; charset=UTF-8" : "application/json";
    }

    static String rewrite(String text, String model) {
        if (model == null) {
            return text;
        }
        Matcher m = MODEL.matcher(text);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + model + r.group(3)));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
