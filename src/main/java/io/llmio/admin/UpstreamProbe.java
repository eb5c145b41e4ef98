package io.llmio.admin;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmio.proxy.anthropic.AnthropicCodec;
import io.llmio.proxy.gemini.GeminiCodec;
import io.llmio.proxy.sse.SseEvent;
import io.llmio.proxy.sse.SseReader;
import io.llmio.registry.Association;
import io.llmio.registry.Provider;
import io.llmio.registry.ProviderUrls;
import io.llmio.registry.Redactor;
import io.llmio.registry.Registry;
import io.llmio.upstream.UpstreamClient;
import io.llmio.upstream.UpstreamException;
import io.llmio.upstream.UpstreamResponse;

/**
 * Small real calls to a provider for the admin: the test button (one tiny completion through an
 * association) and the provider's own model list. URLs and auth headers are built like the proxy's:
 * base URL + the protocol's path, the provider's key in its protocol's header, then the provider's
 * and the association's static headers.
 */
public final class UpstreamProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** a model list of a big provider is a few hundred KB */
    private static final int MAX_TEXT = 16 * 1024 * 1024;
    private static final String PROMPT = "Say hi";

    private final UpstreamClient client;
    private final Registry registry;

    /** @param registry its redactor removes known secrets from what upstreams answer (SPEC §4.3) */
    public UpstreamProbe(UpstreamClient client, Registry registry) {
        this.client = client;
        this.registry = registry;
    }

    /** The answer of the test button. */
    public record TestResult(boolean ok, int status, long latencyMs, String reply, String error) {
    }

    /** A model the provider itself lists. */
    public record UpstreamModel(String id, String ownedBy) {
    }

    public TestResult test(Provider p, Association a) {
        String model = a.providerModel();
        ObjectNode body = Api.JSON.createObjectNode();
        String path = switch (p.type()) {
            case OPENAI, AZURE -> {
                body.put("model", model);
                body.putArray("messages").addObject().put("role", "user").put("content", PROMPT);
                body.put("max_tokens", 16);
                yield "/chat/completions";
            }
            case OPENAI_RESPONSES -> {
                body.put("model", model);
                body.put("input", PROMPT);
                body.put("max_output_tokens", 16);
                yield "/responses";
            }
            case ANTHROPIC -> {
                body.put("model", model);
                body.put("max_tokens", 16);
                body.putArray("messages").addObject().put("role", "user").put("content", PROMPT);
                yield "/messages";
            }
            case GEMINI -> {
                body.putArray("contents").addObject().put("role", "user").putArray("parts").addObject().put("text", PROMPT);
                body.putObject("generationConfig").put("maxOutputTokens", 16);
                yield GeminiCodec.modelPath(model, "generateContent");
            }
        };
        JsonNode extra = parse(a.extraBody());
        if (extra instanceof ObjectNode o) {
            body.setAll(o);
        }
        Map<String, String> headers = headers(p);
        headers.putAll(a.headers());
        headers.put("Content-Type", "application/json");
        long start = System.nanoTime();
        try (UpstreamResponse r = client.send(new UpstreamClient.Request("POST", URI.create(ProviderUrls.url(p, path, model, "")), headers,
                Api.JSON.writeValueAsBytes(body), TIMEOUT, p.proxy()))) {
            int status = r.status();
            String text = r.text(MAX_TEXT);
            long latency = (System.nanoTime() - start) / 1_000_000;
            if (status / 100 != 2) {
                return new TestResult(false, status, latency, null, redactor(p).redact(errorMessage(text)));
            }
            return new TestResult(true, status, latency, redactor(p).redact(reply(p, parse(text))), null);
        } catch (Exception e) {
            long latency = (System.nanoTime() - start) / 1_000_000;
            return new TestResult(false, 0, latency, null,
                                  redactor(p).redact("cannot reach " + p.baseUrl() + ": " + describe(e)));
        }
    }

    /** The answer of the "Test tools" button: the tool calls the upstream streamed, and whether they hold. */
    public record ToolTestResult(boolean ok, int status, long latencyMs, List<ToolProbe.ToolCall> toolCalls, String reply,
                                 String error) {
    }

    /** The tool-calling check ({@link ToolProbe}): one streamed request with a tool, asking for two calls in order. */
    public ToolTestResult testTools(Provider p, Association a) {
        ObjectNode body = ToolProbe.body(p.type(), a.providerModel());
        JsonNode extra = parse(a.extraBody());
        if (extra instanceof ObjectNode o) {
            body.setAll(o);
        }
        Map<String, String> headers = headers(p);
        headers.putAll(a.headers());
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "text/event-stream");
        Redactor redactor = redactor(p);
        long start = System.nanoTime();
        try (UpstreamResponse r = client.send(new UpstreamClient.Request("POST",
                URI.create(ProviderUrls.url(p, ToolProbe.path(p.type(), a.providerModel()), a.providerModel(),
                                           ToolProbe.query(p.type()))), headers,
                Api.JSON.writeValueAsBytes(body), TIMEOUT, p.proxy()))) {
            int status = r.status();
            if (status / 100 != 2) {
                String text = r.text(MAX_TEXT);
                return new ToolTestResult(false, status, millisSince(start), List.of(), null,
                                          redactor.redact(errorMessage(text)));
            }
            if (!"text/event-stream".equals(r.mediaType())) {
                return new ToolTestResult(false, status, millisSince(start), List.of(), null,
                                          "the upstream did not stream (content type `" + r.mediaType() + "`)");
            }
            ToolProbe.Collector collector = new ToolProbe.Collector(p.type());
            SseReader reader = new SseReader(r.inputStream());
            for (SseEvent e = reader.next(); e != null; e = reader.next()) {
                collector.event(e.data());
            }
            List<ToolProbe.ToolCall> calls = collector.calls().stream()
                    .map(c -> new ToolProbe.ToolCall(c.name(), redactor.redact(c.arguments()))).toList();
            String problem = collector.error() != null ? collector.error() : ToolProbe.problem(calls);
            return new ToolTestResult(problem == null, status, millisSince(start), calls, redactor.redact(collector.text()),
                                      redactor.redact(problem));
        } catch (Exception e) {
            return new ToolTestResult(false, 0, millisSince(start), List.of(), null,
                                      redactor.redact("cannot reach " + p.baseUrl() + ": " + describe(e)));
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The provider's models, or a 502 {@link ApiError} with the upstream's message. */
    public List<UpstreamModel> models(Provider p) {
        String query = switch (p.type()) {
            case ANTHROPIC -> "limit=1000";
            case GEMINI -> "pageSize=1000";
            case OPENAI, OPENAI_RESPONSES, AZURE -> "";
        };
        Map<String, String> headers = headers(p);
        String text;
        int status;
        try (UpstreamResponse r = client.send(new UpstreamClient.Request("GET", URI.create(ProviderUrls.url(p, "/models", "", query)),
                headers, null, TIMEOUT, p.proxy()))) {
            status = r.status();
            text = r.text(MAX_TEXT);
        } catch (Exception e) {
            throw ApiError.upstream(redactor(p).redact("cannot reach " + p.baseUrl() + ": " + describe(e)));
        }
        if (status / 100 != 2) {
            throw ApiError.upstream(redactor(p).redact("upstream answered " + status + ": " + errorMessage(text)));
        }
        JsonNode root = parse(text);
        List<UpstreamModel> out = new ArrayList<>();
        JsonNode list = p.type() == io.llmio.registry.ProviderType.GEMINI ? root.path("models") : root.path("data");
        for (JsonNode m : list) {
            String id = p.type() == io.llmio.registry.ProviderType.GEMINI ? m.path("name").asText("") : m.path("id").asText("");
            if (id.startsWith("models/")) {
                id = id.substring("models/".length());
            }
            if (!id.isEmpty()) {
                String owner = m.hasNonNull("owned_by") ? m.get("owned_by").asText() : null;
                out.add(new UpstreamModel(id, owner));
            }
        }
        if (out.isEmpty() && !list.isArray()) {
            throw ApiError.upstream("upstream model list has no `" + (p.type() == io.llmio.registry.ProviderType.GEMINI
                    ? "models" : "data") + "` array");
        }
        return out;
    }

    /** Every known secret, and the probed provider's own (it may be newer than the snapshot). */
    private Redactor redactor(Provider p) {
        return registry.redactor().and(Redactor.of(p));
    }

    private static Map<String, String> headers(Provider p) {
        Map<String, String> h = new LinkedHashMap<>();
        switch (p.type()) {
            case OPENAI, OPENAI_RESPONSES -> h.put("Authorization", "Bearer " + p.apiKey().value());
            case AZURE -> h.put("api-key", p.apiKey().value());
            case ANTHROPIC -> {
                h.put("x-api-key", p.apiKey().value());
                h.put("anthropic-version", AnthropicCodec.DEFAULT_VERSION);
            }
            case GEMINI -> h.put("x-goog-api-key", p.apiKey().value());
        }
        h.putAll(p.headers());
        return h;
    }

    private static String reply(Provider p, JsonNode root) {
        StringBuilder sb = new StringBuilder();
        switch (p.type()) {
            case OPENAI, AZURE -> sb.append(root.path("choices").path(0).path("message").path("content").asText(""));
            case OPENAI_RESPONSES -> {
                for (JsonNode item : root.path("output")) {
                    for (JsonNode c : item.path("content")) {
                        if ("output_text".equals(c.path("type").asText())) {
                            sb.append(c.path("text").asText(""));
                        }
                    }
                }
            }
            case ANTHROPIC -> {
                for (JsonNode c : root.path("content")) {
                    if ("text".equals(c.path("type").asText())) {
                        sb.append(c.path("text").asText(""));
                    }
                }
            }
            case GEMINI -> {
                for (JsonNode part : root.path("candidates").path(0).path("content").path("parts")) {
                    if (!part.path("thought").asBoolean(false)) {
                        sb.append(part.path("text").asText(""));
                    }
                }
            }
        }
        return sb.toString();
    }

    /** The upstream's own error message (any of the three envelopes), else the start of the body. */
    static String errorMessage(String text) {
        JsonNode root = parse(text);
        JsonNode err = root.isArray() ? root.path(0).path("error") : root.path("error");
        if (err.hasNonNull("message")) {
            return err.get("message").asText();
        }
        if (err.isTextual()) {
            return err.asText();
        }
        if (root.hasNonNull("message")) {
            return root.get("message").asText();
        }
        String t = text == null ? "" : text.strip();
        return t.isEmpty() ? "(empty body)" : t.length() > 500 ? t.substring(0, 500) + "…" : t;
    }

    static JsonNode parse(String text) {
        try {
            JsonNode n = text == null || text.isBlank() ? null : Api.JSON.readTree(text);
            return n == null ? Api.JSON.missingNode() : n;
        } catch (Exception e) {
            return Api.JSON.missingNode();
        }
    }

    private static String describe(Exception e) {
        if (e instanceof UpstreamException u) {
            return u.getMessage(); // already says what failed, without secrets
        }
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
