package io.llmio.pricing;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmio.registry.Registry;
import io.llmio.registry.RegistrySnapshot;
import io.llmio.store.SettingStore;
import io.llmio.store.SettingKeys;

/**
 * Price sync from a models.dev-style catalogue ({@code {"<provider>":{"models":{"<id>":{"cost":{"input",
 * "output","cache_read"}}}}}}, USD per million tokens). Every public model name gets the catalogue price of
 * its own name, else of one of its associations' upstream model ids; manual prices are never overwritten.
 * Runs every {@code price_sync_hours} when {@code price_sync_url} is set.
 */
public final class PriceSync implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PriceSync.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PriceStore prices;
    private final PriceTable table;
    private final SettingStore settings;
    private final Registry registry;
    private final InstantSource clock;
    /** control plane, a few calls a day: Helidon's WebClient (the proxy path has its own client) */
    private final WebClient http = WebClient.builder()
            .socketOptions(so -> so.connectTimeout(Duration.ofSeconds(10)))
            .followRedirects(true)
            .build();
    private volatile Instant lastRun = Instant.EPOCH;
    private volatile Future<?> schedule;

    public PriceSync(PriceStore prices, PriceTable table, SettingStore settings, Registry registry, InstantSource clock) {
        this.prices = prices;
        this.table = table;
        this.settings = settings;
        this.registry = registry;
        this.clock = clock;
    }

    public record Result(int updated, int catalogueModels) {
    }

    /** Fetches the catalogue at {@code url} and applies it; IllegalStateException when it cannot be read. */
    public Result sync(String url) {
        JsonNode root;
        try {
            try (HttpClientResponse r = http.get().uri(URI.create(url)).readTimeout(Duration.ofSeconds(60))
                    .header(HeaderNames.ACCEPT, "application/json").request()) {
                if (r.status().code() / 100 != 2) {
                    throw new IllegalStateException("price catalogue " + url + " answered " + r.status().code());
                }
                root = JSON.readTree(r.inputStream());
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read price catalogue " + url + ": " + e.getMessage(), e);
        }
        Map<String, JsonNode> costs = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            JsonNode models = it.next().getValue().path("models");
            for (Iterator<Map.Entry<String, JsonNode>> m = models.fields(); m.hasNext(); ) {
                Map.Entry<String, JsonNode> e = m.next();
                JsonNode cost = e.getValue().path("cost");
                if (cost.path("input").isNumber() && cost.path("output").isNumber()) {
                    costs.putIfAbsent(e.getKey(), cost);
                }
            }
        }
        int updated = 0;
        for (RegistrySnapshot.ModelEntry entry : registry.current().models()) {
            String name = entry.model().name();
            Set<String> candidates = new LinkedHashSet<>();
            candidates.add(name);
            entry.routes().forEach(r -> candidates.add(r.association().providerModel()));
            JsonNode cost = candidates.stream().map(costs::get).filter(c -> c != null).findFirst().orElse(null);
            if (cost == null) {
                continue;
            }
            ModelPrice current = prices.forModel(name).orElse(null);
            if (current != null && ModelPrice.MANUAL.equals(current.source())) {
                continue;
            }
            Double cached = cost.path("cache_read").isNumber() ? cost.get("cache_read").asDouble() : null;
            prices.upsert(new ModelPrice(0, name, null, cost.get("input").asDouble(), cost.get("output").asDouble(), cached,
                                         ModelPrice.SYNC, null));
            updated++;
        }
        table.reload();
        lastRun = clock.instant();
        return new Result(updated, costs.size());
    }

    /** Checks now (on {@code scheduler}) and then every 10 minutes whether a sync is due, until {@link #close()}. */
    public void start(ScheduledExecutorService scheduler) {
        schedule = scheduler.scheduleWithFixedDelay(this::syncIfDue, 0, 10, TimeUnit.MINUTES);
    }

    private void syncIfDue() {
        try {
            String url = settings.get(SettingKeys.PRICE_SYNC_URL, "").trim();
            long hours = SettingKeys.number(settings, SettingKeys.PRICE_SYNC_HOURS);
            if (!url.isEmpty() && hours > 0 && clock.instant().isAfter(lastRun.plus(Duration.ofHours(hours)))) {
                Result r = sync(url);
                LOG.info("Price sync: " + r.updated() + " model price(s) updated from " + url);
            }
        } catch (RuntimeException e) { // a periodic task that throws is never run again
            lastRun = clock.instant();
            LOG.log(Level.WARNING, "Price sync failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        Future<?> f = schedule;
        if (f != null) {
            f.cancel(true);
        }
    }
}
