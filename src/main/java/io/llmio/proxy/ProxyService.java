package io.llmio.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.auth.Caller;
import io.llmio.auth.CallerAuth;
import io.llmio.config.RelayLimits;
import io.llmio.limits.ClientIpResolver;
import io.llmio.registry.Model;
import io.llmio.registry.ProviderType;
import io.llmio.routing.AttemptLoop;
import io.llmio.tracing.RequestSpan;
import io.llmio.tracing.Tracing;
import io.llmio.registry.Needs;
import io.llmio.registry.Registry;
import io.llmio.registry.RegistrySnapshot;
import io.llmio.registry.Route;
import io.llmio.errors.GatewayError;
import io.llmio.proxy.protocol.Family;
import io.llmio.proxy.protocol.ProtocolCodec;
import io.llmio.proxy.protocol.Style;
import io.llmio.proxy.protocol.UsageTap;

/** The proxy endpoints of SPEC §2 for the OpenAI, Anthropic and Gemini families. */
public final class ProxyService implements HttpService {
    /** the most of a refused request body read and dropped before answering (twice the largest body allowed) */
    private static final long DISCARD_LIMIT = 64L << 20;
    /** 32 MiB: the largest request the vendors document (Anthropic's limit; images inline) */
    private static final int MAX_REQUEST = 32 * 1024 * 1024;
    /** all bodies in flight together: a sixth of the heap, since a parsed body costs about twice its bytes */
    private final BodyBudget bodies = new BodyBudget(Math.max(MAX_REQUEST + (1L << 20),
                                                              Runtime.getRuntime().maxMemory() / 6), MAX_REQUEST);
    /** the base URLs clients are told to use (README), each also with a trailing slash */
    private static final List<String> BASE_URLS = List.of("/v1", "/openai/v1", "/anthropic", "/gemini");
    /** the paths below which everything is the proxy's */
    private static final List<String> PREFIXES = List.of("/v1", "/openai", "/anthropic", "/gemini");
    private static final ProtocolCodec OPENAI = Codecs.OPENAI;
    private static final ProtocolCodec ANTHROPIC = Codecs.ANTHROPIC;
    private static final ProtocolCodec GEMINI = Codecs.GEMINI;

    private final Tracing tracing;
    private final CallerAuth auth;
    private final Registry registry;
    private final AttemptLoop loop;
    private final Forwarder forwarder;
    private final ClientIpResolver clientIps;
    private final InFlight inFlight = new InFlight();
    private final RelayLimits relay;
    private final KeyGuard keys;

    public ProxyService(CallerAuth auth, Registry registry, AttemptLoop loop, io.llmio.upstream.UpstreamClient upstream,
                        io.llmio.requestlog.LogSink logs, ClientIpResolver clientIps, KeyGuard keys) {
        this(auth, registry, loop, upstream, logs, clientIps, RelayLimits.DEFAULTS, keys);
    }

    public ProxyService(CallerAuth auth, Registry registry, AttemptLoop loop, io.llmio.upstream.UpstreamClient upstream,
                        io.llmio.requestlog.LogSink logs, ClientIpResolver clientIps, RelayLimits relay, KeyGuard keys) {
        this(auth, registry, loop, upstream, logs, clientIps, relay, keys, Tracing.OFF);
    }

    public ProxyService(CallerAuth auth, Registry registry, AttemptLoop loop, io.llmio.upstream.UpstreamClient upstream,
                        io.llmio.requestlog.LogSink logs, ClientIpResolver clientIps, RelayLimits relay, KeyGuard keys,
                        Tracing tracing) {
        this.tracing = tracing;
        this.keys = keys;
        this.auth = auth;
        this.registry = registry;
        this.loop = loop;
        this.forwarder = new Forwarder(upstream, new UpstreamRequests(), logs, inFlight, relay);
        this.clientIps = clientIps;
        this.relay = relay;
    }

    /**
     * What the HTTP/1 protocol of the server must carry for the proxy to notice callers that leave
     * while it waits for an upstream ({@link ClientLink}).
     */
    public static io.helidon.webserver.http1.Http1ConnectionListener connectionListener() {
        return ClientLink.LISTENER;
    }

    /**
     * Shutdown, at the end of the grace period: every answer still being relayed is ended (a stream with its
     * protocol's error event, its row {@code error} "server shutting down"), and no new upstream call starts.
     */
    public void endInFlight() {
        inFlight.endAll();
    }

    /** Upstream answers being relayed right now. */
    public int relaying() {
        return inFlight.size();
    }

    @Override
    public void routing(HttpRules rules) {
        for (String prefix : List.of("", "/openai")) {
            rules.post(prefix + "/v1/chat/completions", (req, res) -> proxy(Style.OPENAI_CHAT, req, res))
                    .post(prefix + "/v1/responses", (req, res) -> proxy(Style.OPENAI_RESPONSES, req, res))
                    .post(prefix + "/v1/embeddings", (req, res) -> proxy(Style.OPENAI_EMBEDDINGS, req, res));
        }
        rules.get("/openai/v1/models", (req, res) -> models(OPENAI, req, res))
                // the root list answers in Anthropic's shape when an Anthropic client asks
                .get("/v1/models", (req, res) -> models(anthropicClient(req) ? ANTHROPIC : OPENAI, req, res));
        for (String prefix : List.of("", "/anthropic")) {
            rules.post(prefix + "/v1/messages", (req, res) -> proxy(Style.ANTHROPIC, req, res))
                    .post(prefix + "/v1/messages/count_tokens", (req, res) -> proxy(Style.ANTHROPIC_COUNT_TOKENS, req, res))
                    .post(prefix + "/api/event_logging/batch", this::telemetry);
        }
        rules.get("/anthropic/v1/models", (req, res) -> models(ANTHROPIC, req, res));
        for (String version : List.of("v1beta", "v1")) {
            rules.get("/gemini/" + version + "/models", (req, res) -> models(GEMINI, req, res))
                    .post("/gemini/" + version + "/models/*", this::gemini);
        }
        // clients probe the base URL they are given (Claude Code sends HEAD to ANTHROPIC_BASE_URL): 200, no auth
        rules.head("/", (req, res) -> res.send());
        for (String base : BASE_URLS) {
            rules.head(base, (req, res) -> res.send()).head(base + "/", (req, res) -> res.send());
        }
        // any other path below a proxy prefix: a JSON 404 in that protocol's envelope, never the WebUI's page
        for (String prefix : PREFIXES) {
            rules.any(prefix, this::unknownPath).any(prefix + "/*", this::unknownPath);
        }
    }

    private void unknownPath(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        ProtocolCodec codec = path.startsWith("/gemini") ? GEMINI
                : path.startsWith("/anthropic") || (path.startsWith("/v1") && anthropicClient(req)) ? ANTHROPIC : OPENAI;
        sendError(res, codec, new GatewayError(404, "No endpoint " + req.prologue().method().text() + " " + path
                + " (see the README for the endpoints of each protocol)."), traceId());
    }

    private static boolean anthropicClient(ServerRequest req) {
        return req.headers().contains(HeaderNames.create("anthropic-version"))
                || req.headers().contains(HeaderNames.create("x-api-key"));
    }

    private void telemetry(ServerRequest req, ServerResponse res) {
        try (InputStream in = req.content().inputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException ignored) {
            // telemetry is discarded either way
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json").send("{}");
    }

    private void gemini(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        String tail = path.substring(path.indexOf("/models/") + "/models/".length());
        int colon = tail.lastIndexOf(':');
        String model = colon < 0 ? tail : tail.substring(0, colon);
        String method = colon < 0 ? "" : tail.substring(colon + 1);
        Style style = switch (method) {
            case "generateContent", "streamGenerateContent" -> Style.GEMINI;
            case "countTokens" -> Style.GEMINI_COUNT_TOKENS;
            case "embedContent", "batchEmbedContents" -> Style.GEMINI_EMBEDDINGS;
            default -> null;
        };
        if (style == null) {
            String trace = traceId();
            sendError(res, GEMINI, new GatewayError(404, "Unknown Gemini method `" + method
                    + "`: use generateContent, streamGenerateContent, countTokens, embedContent or batchEmbedContents."),
                      trace);
            return;
        }
        handle(style, req, res, java.net.URLDecoder.decode(model, java.nio.charset.StandardCharsets.UTF_8), method);
    }

    private void proxy(Style style, ServerRequest req, ServerResponse res) {
        handle(style, req, res, null, null);
    }

    private void handle(Style style, ServerRequest req, ServerResponse res, String pathModel, String geminiMethod) {
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        String traceId = traceId();
        ProtocolCodec codec = codec(style.family());
        res.header(HeaderNames.create("x-llmio-trace-id"), traceId);
        RequestSpan span = tracing.request(name -> req.headers().first(HeaderNames.create(name)).orElse(null), "POST",
                                           req.path().path(), operation(style), pathModel, style.wire(), traceId);
        String failure = null;
        BodyBudget.Lease lease = null;
        KeyGuard.Lease slot = KeyGuard.Lease.NONE;
        ClientLink client = null;
        try {
            Caller caller = auth.authenticate(codec.callerKey(req));
            lease = readBody(req, res);
            byte[] body = lease.body();
            JsonNode json = parse(body);
            String modelName = pathModel != null ? pathModel : modelOf(json);
            if (pathModel == null) {
                span.model(modelName);
            }
            if (!caller.allows(modelName)) {
                throw new GatewayError(403, "This API key may not use model `" + modelName + "`.", null, "model");
            }
            RegistrySnapshot.ModelEntry entry = registry.current().model(modelName)
                    .filter(e -> e.model().enabled())
                    .orElseThrow(() -> new GatewayError(404, "The model `" + modelName + "` does not exist or is not enabled.",
                                                        null, "model"));
            boolean stream = geminiMethod != null ? geminiMethod.equals("streamGenerateContent")
                    : json.path("stream").asBoolean(false);
            Needs needs = codec.needs(style, json);
            // same-type routes first (passthrough), then other types through translation (SPEC §11)
            java.util.Set<ProviderType> crossTypes = Translations.crossTypes(style, geminiMethod);
            List<Route> servable = RegistrySnapshot.servable(entry, style.servedBy());
            List<Route> crossServable = crossTypes.isEmpty() ? List.of() : RegistrySnapshot.servable(entry, crossTypes);
            if (servable.isEmpty() && crossServable.isEmpty() && style == Style.ANTHROPIC_COUNT_TOKENS
                    && !RegistrySnapshot.servable(entry, Translations.crossTypes(Style.ANTHROPIC, null)).isEmpty()) {
                // served through translation only: other vendors' tokenizers count differently, so no estimate
                throw GatewayError.badRequest("count_tokens needs an Anthropic provider: model `" + modelName
                        + "` is served by other provider types through translation, whose token counts differ; "
                        + "no estimate is given.", "model");
            }
            if (servable.isEmpty() && crossServable.isEmpty()) {
                throw new GatewayError(503, "Model `" + modelName + "` has no enabled provider of type "
                        + servingTypes(style).stream().map(ProviderType::wire).toList() + " for this endpoint.");
            }
            List<Route> candidates = RegistrySnapshot.candidates(servable, needs);
            List<Route> fallback = RegistrySnapshot.candidates(crossServable, needs);
            if (candidates.isEmpty() && fallback.isEmpty()) {
                throw GatewayError.badRequest("No provider of model `" + modelName + "` supports " + needs.describe()
                                                      + ".", "model");
            }
            Translations translations = Translations.NONE;
            if (!fallback.isEmpty()) {
                translations = Translations.of(style, body, geminiMethod, fallback,
                                               relay.translateMaxTokens());
                fallback = translations.usable(fallback);
                if (candidates.isEmpty() && fallback.isEmpty()) {
                    throw translations.failure();
                }
            }
            slot = keys.admit(caller);
            String clientIp = clientIps.resolve(req);
            client = ClientLink.open(relay.clientWriteTimeout());
            Call call = new Call(style, codec, traceId, start, startedAt, caller, clientIp,
                                 req.headers().first(HeaderNames.USER_AGENT).orElse(""), entry, body, json, stream,
                                 geminiMethod, upstreamQuery(req.query().rawValue()), req.headers(),
                                 registry.redactor(), client, span, translations);
            AttemptLoop.Outcome outcome = loop.run(entry.model(), candidates, fallback,
                                                   new AttemptLoop.Caller(clientIp, caller.keyId()),
                                                   (route, n) -> forwarder.attempt(call, route, n, res));
            if (outcome instanceof AttemptLoop.Outcome.Exhausted ex) {
                throw exhausted(entry.model(), ex);
            }
            if (!res.isSent() && client.gone()) {
                // the caller left before its answer: nobody reads this, but Helidon wants every route answered
                try {
                    sendError(res, codec, new GatewayError(502, "The client disconnected."), traceId);
                } catch (RuntimeException ignored) {
                    // the connection is gone
                }
            }
        } catch (GatewayError e) {
            failure = e.getMessage();
            if (client != null) {
                client.answered();
                client.beforeAnswer(res);
            }
            sendError(res, codec, e, traceId);
        } finally {
            span.end(res.status().code(), failure);
            keys.release(slot);
            if (client != null) {
                client.close();
            }
            if (lease != null) {
                lease.close();
            }
        }
    }

    /** gen_ai.operation.name of an endpoint (OpenTelemetry GenAI semantic conventions; count_tokens is ours). */
    private static String operation(Style style) {
        return switch (style) {
            case OPENAI_CHAT, OPENAI_RESPONSES, ANTHROPIC, GEMINI -> "chat";
            case OPENAI_EMBEDDINGS, GEMINI_EMBEDDINGS -> "embeddings";
            case ANTHROPIC_COUNT_TOKENS, GEMINI_COUNT_TOKENS -> "count_tokens";
        };
    }

    private static GatewayError exhausted(Model model, AttemptLoop.Outcome.Exhausted ex) {
        String last = ex.last() == null ? "" : " Last error: " + ex.last().error();
        return switch (ex.reason()) {
            case LIMITED -> new GatewayError(429, "Every provider of model `" + model.name()
                    + "` is rate limited or locked right now." + last, ex.retryAfter(), null);
            case BREAKER_OPEN -> new GatewayError(503, "Every provider of model `" + model.name()
                    + "` is failing (circuit open); retry shortly.", java.time.Duration.ofSeconds(5), null);
            case OVERLOADED -> new GatewayError(503, "Upstream overloaded after " + ex.attempts() + " attempt(s)." + last,
                                                java.time.Duration.ofSeconds(1), null);
            case TIMEOUT -> new GatewayError(504, "Upstream timed out after " + ex.attempts() + " attempt(s)." + last);
            case UPSTREAM -> new GatewayError(502, "Upstream failed after " + ex.attempts() + " attempt(s)." + last);
        };
    }

    private void models(ProtocolCodec codec, ServerRequest req, ServerResponse res) {
        String traceId = traceId();
        try {
            Caller caller = auth.authenticate(codec.callerKey(req));
            java.util.Set<ProviderType> types = switch (codec.family()) {
                case OPENAI -> servingTypes(Style.OPENAI_CHAT, Style.OPENAI_RESPONSES);
                case ANTHROPIC -> servingTypes(Style.ANTHROPIC);
                case GEMINI -> servingTypes(Style.GEMINI);
            };
            List<Model> models = registry.current().modelsServing(types).stream()
                    .filter(m -> caller.allows(m.name())).toList();
            res.header(HeaderNames.CONTENT_TYPE, "application/json").send(codec.modelList(models));
        } catch (GatewayError e) {
            sendError(res, codec, e, traceId);
        }
    }

    /** The provider types that serve these styles, directly or through translation. */
    private static java.util.Set<ProviderType> servingTypes(Style... styles) {
        java.util.Set<ProviderType> all = java.util.EnumSet.noneOf(ProviderType.class);
        for (Style style : styles) {
            all.addAll(style.servedBy());
            all.addAll(Translations.crossTypes(style, null));
        }
        return all;
    }

    static void sendError(ServerResponse res, ProtocolCodec codec, GatewayError e, String traceId) {
        if (res.isSent()) {
            return;
        }
        res.status(Status.create(e.quota() ? codec.quotaStatus() : e.status()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        if (e.retryAfter() != null) {
            res.header(HeaderNames.RETRY_AFTER, RetryAfter.header(e.retryAfter()));
        }
        String message = e.getMessage() + " (trace_id: " + traceId + ")";
        res.send(e.quota() ? codec.quotaError(message) : codec.error(e.status(), message, e.param()));
    }

    /**
     * The whole body under the budget. When it cannot be read whole (malformed chunk, too large, budget
     * exhausted, client gone) the answer closes the connection, so that Helidon does not try to read
     * the rest of a body that may never come or cannot be parsed.
     */
    /** Reads and drops the rest of a body; false when it is longer than {@code limit} or breaks off. */
    private static boolean discard(InputStream in, long limit) {
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        try {
            for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
                n += r;
                if (n > limit) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private BodyBudget.Lease readBody(ServerRequest req, ServerResponse res) {
        InputStream in = req.content().inputStream();
        BodyBudget.Lease lease;
        try {
            lease = bodies.read(in, req.headers().contentLength().orElse(-1L));
        } catch (GatewayError e) {
            // a refused body (too large, budget exhausted) is read to its end and dropped, up to a bound:
            // closing on a client that is still sending resets the connection, and its TCP stack then
            // discards our answer unread (the caller sees a broken connection instead of a 413 or 503)
            if (!discard(in, DISCARD_LIMIT)) {
                res.header(HeaderValues.CONNECTION_CLOSE);
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            res.header(HeaderValues.CONNECTION_CLOSE);
            throw GatewayError.badRequest("Could not read the request body: " + e.getMessage(), null);
        }
        try {
            in.close();
        } catch (IOException e) {
            // read to its end already
        }
        return lease;
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw GatewayError.badRequest("The request body is empty; send a JSON object.", null);
        }
        JsonNode json;
        try {
            json = UsageTap.JSON.readTree(body);
        } catch (IOException e) {
            String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage()
                    : e.getMessage();
            throw GatewayError.badRequest("The request body is not valid JSON: " + msg, null);
        }
        if (json == null || !json.isObject()) {
            throw GatewayError.badRequest("The request body must be a JSON object.", null);
        }
        return json;
    }

    private static String modelOf(JsonNode json) {
        JsonNode model = json.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw GatewayError.badRequest("The request has no `model`: name the model to use.", "model");
        }
        return model.asText();
    }

    /**
     * The client's query string without the caller's Gemini key, whatever its spelling: each name is
     * percent-decoded before it is compared (Helidon decodes {@code ?%6bey=} to {@code key} and
     * authenticates with it), case is ignored, every repetition goes, and a name that cannot be decoded
     * goes too. Every other parameter is forwarded exactly as the client wrote it.
     */
    static String upstreamQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        if (raw.indexOf('%') < 0 && !containsIgnoreCase(raw, "key")) {
            return raw; // the usual case: nothing that could spell the name `key`
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (String part : raw.split("&")) {
            if (part.isEmpty() || isCallerKey(part)) {
                continue;
            }
            out.append(out.isEmpty() ? "" : "&").append(part);
        }
        return out.toString();
    }

    private static boolean isCallerKey(String part) {
        int eq = part.indexOf('=');
        String name = eq < 0 ? part : part.substring(0, eq);
        try {
            return java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8).strip().equalsIgnoreCase("key");
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static boolean containsIgnoreCase(String s, String part) {
        for (int i = 0; i + part.length() <= s.length(); i++) {
            if (s.regionMatches(true, i, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }

    private static ProtocolCodec codec(Family family) {
        return Codecs.of(family);
    }

    /**
     * 32 hex digits: 12 of the epoch milliseconds, then 80 random bits. Time-ordered, so the
     * request_logs trace index grows at its end instead of taking each insert at a random leaf
     * (random ids made that index the log writer's largest cost: docs/design-notes.md).
     * Not UUID.randomUUID(): that draws from the shared SecureRandom on every request.
     */
    static String traceId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(System.currentTimeMillis()).substring(4) + hex.toHexDigits((short) r.nextInt())
                + hex.toHexDigits(r.nextLong());
    }
}
