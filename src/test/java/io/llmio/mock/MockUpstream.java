package io.llmio.mock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local fake of the OpenAI, Anthropic and Gemini HTTP APIs on one loopback port.
 *
 * <pre>{@code
 * try (MockUpstream mock = MockUpstream.start("sk-upstream")) {
 *     mock.script().next(Fault.rateLimited(2)).next(Fault.dropAfter(3));
 *     String openAiBase = mock.baseUrl(MockProtocol.OPENAI);   // http://127.0.0.1:PORT/v1
 *     ... call it ...
 *     RecordedRequest r = mock.lastRequest();
 * }
 * }</pre>
 *
 * With {@link #agent(AgentScript)} it plays a coding agent's tool-call exchange instead.
 *
 * Azure OpenAI's paths ({@code /openai/...}, key in {@code api-key}) serve the OpenAI fixtures.
 * Protocol of {@code GET /v1/models}: Anthropic when {@code anthropic-version} or {@code x-api-key}
 * is present, Gemini when {@code x-goog-api-key} or {@code ?key=} is, else OpenAI. Every other
 * path belongs to exactly one protocol. Scenario: see {@link Scenario}.
 */
public final class MockUpstream implements AutoCloseable {

    /** Request header that picks the scenario of one request. */
    public static final String SCENARIO_HEADER = "x-mock-scenario";

    private final MockHttpServer server;
    private final String apiKey;
    private final FaultScript script = new FaultScript();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger served = new AtomicInteger();
    private volatile Scenario defaultScenario;
    private volatile AgentScript agent;

    private MockUpstream(int port, String apiKey, Scenario scenario) throws IOException {
        this.apiKey = apiKey;
        this.defaultScenario = scenario;
        this.server = new MockHttpServer(port, this::handle);
    }

    /** Starts on an ephemeral port; upstream key {@code apiKey} ({@code null} = accept any). */
    public static MockUpstream start(String apiKey) {
        return builder().apiKey(apiKey).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:PORT/v1} for OpenAI and Anthropic, {@code .../v1beta} for Gemini. */
    public String baseUrl(MockProtocol protocol) {
        return rootUrl() + (protocol == MockProtocol.GEMINI ? "/v1beta" : "/v1");
    }

    /** {@code http://127.0.0.1:PORT}, for SDKs that append the version themselves. */
    public String rootUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    public String apiKey() {
        return apiKey;
    }

    /** The fault programme of this instance. */
    public FaultScript script() {
        return script;
    }

    public MockUpstream defaultScenario(Scenario s) {
        this.defaultScenario = s;
        return this;
    }

    /**
     * Plays {@code script} on every generation endpoint from now on (tool call, then final text after the
     * tool result; see {@link AgentScript}); {@code null} turns it off.
     */
    public MockUpstream agent(AgentScript script) {
        this.agent = script;
        return this;
    }

    /** Every request received, in arrival order (also those answered with a fault or auth error). */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public RecordedRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("the mock has received no request");
        }
        return requests.getLast();
    }

    /** How many requests this instance has received. */
    public int requestCount() {
        return served.get();
    }

    /** Polls until at least {@code count} requests arrived; returns the last one. */
    public RecordedRequest awaitRequests(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (served.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " requests, got " + served.get());
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
        return lastRequest();
    }

    /** Forgets requests, zeroes the counter, clears the fault script. */
    public void reset() {
        requests.clear();
        served.set(0);
        script.clear();
    }

    private void handle(RecordedRequest req, MockWire wire) throws IOException {
        requests.add(req);
        served.incrementAndGet();
        Optional<Route> found = Route.resolve(req);
        if (found.isEmpty() && req.path().startsWith("/openai/")) {
            FaultRunner.sendRaw(MockProtocol.OPENAI, 404, ErrorBodies.azure("404", "Resource not found"), wire);
            return;
        }
        if (found.isEmpty()) {
            MockProtocol p = req.path().startsWith("/v1beta") ? MockProtocol.GEMINI
                    : req.header("anthropic-version").isPresent() ? MockProtocol.ANTHROPIC : MockProtocol.OPENAI;
            FaultRunner.sendError(p, 404, null, null, wire);
            return;
        }
        Route route = found.get();
        if (route.azure() ? !MockAuth.checkAzure(req, apiKey, wire) : !MockAuth.check(route.protocol(), req, apiKey, wire)) {
            return;
        }
        if (route.badJson()) {
            FaultRunner.sendError(route.protocol(), 400, null, null, wire);
            return;
        }
        Scenario scenario = req.header(SCENARIO_HEADER).flatMap(Scenario::parse)
                .or(() -> Scenario.fromModel(route.model()))
                .orElse(defaultScenario);
        AgentScript playing = agent;
        Optional<String> agentTurn = playing == null ? Optional.empty() : playing.stem(route.endpoint(), Route.parse(req.body()));
        FaultRunner.run(script.take(), route, () -> agentTurn.map(stem -> Fixtures.reply(route, stem, playing.filler()))
                .orElseGet(() -> Fixtures.reply(route, scenario)), wire);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Options: port (0 = ephemeral), upstream key, default scenario. */
    public static final class Builder {
        private int port;
        private String apiKey = "mock-upstream-key";
        private Scenario scenario = Scenario.TEXT;

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder scenario(Scenario scenario) {
            this.scenario = scenario;
            return this;
        }

        public MockUpstream start() {
            try {
                return new MockUpstream(port, apiKey, scenario);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
