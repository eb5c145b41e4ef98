package io.llmio.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmio.stats.StatsStore.Totals;

/**
 * Dashboard numbers in the server's time zone. A request is a client request (one trace id, however
 * many attempts it took); it succeeded when one of its attempts did. Tokens and cost count every attempt.
 */
public final class Statistics {
    private static final Instant BEGINNING = Instant.EPOCH;
    private static final Instant END = Instant.parse("9999-01-01T00:00:00Z");

    private final StatsStore store;
    private final ZoneId zone;
    private final InstantSource clock;

    public Statistics(StatsStore store, ZoneId zone, InstantSource clock) {
        this.store = store;
        this.zone = zone;
        this.clock = clock;
    }

    /** The summary fields of the API. */
    public record Summary(long requests, long success, long errors, double successRate, long promptTokens,
                          long completionTokens, long totalTokens, double cost) {
        static Summary of(Totals t) {
            return new Summary(t.requests(), t.success(), t.requests() - t.success(),
                               t.requests() == 0 ? 0 : (double) t.success() / t.requests(), t.promptTokens(),
                               t.completionTokens(), t.totalTokens(), t.cost());
        }
    }

    public record Overview(Summary total, Summary today) {
    }

    public record Point(Instant ts, long requests, long success, long errors, long totalTokens, double cost) {
    }

    public record Series(String range, String bucket, String zone, List<Point> points) {
    }

    public record ModelRow(String model, long requests, double successRate, long totalTokens, double cost) {
    }

    public record KeyRow(Long authKeyId, long requests, double successRate, long totalTokens, double cost) {
    }

    public Overview summary(Long authKeyId) {
        Instant now = clock.instant();
        Instant startOfDay = now.atZone(zone).truncatedTo(ChronoUnit.DAYS).toInstant();
        return new Overview(Summary.of(store.totals(BEGINNING, END, authKeyId)),
                           Summary.of(store.totals(startOfDay, END, authKeyId)));
    }

    /** {@code range} is 24h (hour buckets) or 7d / 30d (day buckets); IllegalArgumentException otherwise. */
    public Series series(String range, Long authKeyId) {
        ChronoUnit unit;
        int count;
        switch (range) {
            case "24h" -> {
                unit = ChronoUnit.HOURS;
                count = 24;
            }
            case "7d" -> {
                unit = ChronoUnit.DAYS;
                count = 7;
            }
            case "30d" -> {
                unit = ChronoUnit.DAYS;
                count = 30;
            }
            default -> throw new IllegalArgumentException("range must be 24h, 7d or 30d, got `" + range + "`");
        }
        ZonedDateTime current = clock.instant().atZone(zone).truncatedTo(unit);
        Map<Instant, Totals> buckets = new LinkedHashMap<>();
        for (int i = count - 1; i >= 0; i--) {
            buckets.put(current.minus(i, unit).toInstant(), Totals.ZERO);
        }
        Instant from = current.minus(count - 1, unit).toInstant();
        for (StatsStore.Slot s : store.slots(from, END, authKeyId)) {
            Instant bucket = s.start().atZone(zone).truncatedTo(unit).toInstant();
            buckets.computeIfPresent(bucket, (k, t) -> t.plus(s.totals()));
        }
        List<Point> points = new ArrayList<>();
        buckets.forEach((ts, t) -> points.add(new Point(ts, t.requests(), t.success(), t.requests() - t.success(),
                                                        t.totalTokens(), t.cost())));
        return new Series(range, unit == ChronoUnit.HOURS ? "hour" : "day", zone.getId(), points);
    }

    /** Top models over {@code window} (null = all time). */
    public List<ModelRow> models(Long authKeyId, Duration window, int limit) {
        return store.byModel(from(window), END, authKeyId, limit).stream()
                .map(m -> new ModelRow(m.model(), m.totals().requests(), rate(m.totals()), m.totals().totalTokens(),
                                       m.totals().cost())).toList();
    }

    public List<KeyRow> keys(Duration window, int limit) {
        return store.byKey(from(window), END, limit).stream()
                .map(k -> new KeyRow(k.authKeyId(), k.totals().requests(), rate(k.totals()), k.totals().totalTokens(),
                                     k.totals().cost())).toList();
    }

    private Instant from(Duration window) {
        return window == null ? BEGINNING : clock.instant().minus(window);
    }

    private static double rate(Totals t) {
        return t.requests() == 0 ? 0 : (double) t.success() / t.requests();
    }
}
