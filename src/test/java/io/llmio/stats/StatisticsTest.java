package io.llmio.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.llmio.store.Database;
import io.llmio.store.Dsn;
import io.llmio.requestlog.LogIds;
import io.llmio.requestlog.LogStore;
import io.llmio.requestlog.RequestLog;

/**
 * Dashboard numbers from hand-made request-log rows on an embedded database in a temp dir, with a fixed
 * clock: requests counted per trace, success when any attempt succeeded, tokens and cost per attempt,
 * buckets and "today" in the server's zone.
 */
class StatisticsTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:30:00Z");
    private static final InstantSource CLOCK = InstantSource.fixed(NOW);
    private static final LogIds IDS = new LogIds();
    private static Path dir;
    private static Database db;

    @BeforeAll
    static void fill() throws Exception {
        dir = Files.createTempDirectory("llmio-statistics");
        db = Database.open(Dsn.embedded(dir), true);
        new LogStore(db).insert(List.of(
                // t1: two attempts, the second succeeds: one request, a success; tokens of both count
                row("t1", 0, "gpt", 1L, "error", Instant.parse("2026-06-01T12:10:00Z"), 10, 0, 0.0),
                row("t1", 1, "gpt", 1L, "success", Instant.parse("2026-06-01T12:10:02Z"), 10, 5, 0.5),
                // t2: failed
                row("t2", 0, "gpt", 2L, "error", Instant.parse("2026-06-01T11:20:00Z"), 0, 0, 0.0),
                // t3: yesterday 20:00 UTC (today 05:00 in Tokyo)
                row("t3", 0, "claude", 2L, "success", Instant.parse("2026-05-31T20:00:00Z"), 100, 50, 1.25),
                // t4: eight days ago, only all-time
                row("t4", 0, "claude", 1L, "success", Instant.parse("2026-05-24T08:00:00Z"), 1, 1, 0.0),
                // t5: still running: not counted anywhere
                row("t5", 0, "gpt", 1L, "running", Instant.parse("2026-06-01T12:29:00Z"), 0, 0, 0.0)));
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void summaryCountsRequestsPerTraceAndTokensPerAttempt() {
        Statistics.Overview o = stats(ZoneOffset.UTC).summary(null);
        assertThat(o.total()).isEqualTo(new Statistics.Summary(4, 3, 1, 0.75, 121, 56, 177, 1.75));
        assertThat(o.today()).isEqualTo(new Statistics.Summary(2, 1, 1, 0.5, 20, 5, 25, 0.5));
    }

    @Test
    void todayIsTheServersDay() {
        Statistics.Overview o = stats(ZoneId.of("Asia/Tokyo")).summary(null);
        assertThat(o.today().requests()).isEqualTo(3); // t3 is 05:00 on June 1st in Tokyo
    }

    @Test
    void summaryOfOneKey() {
        Statistics.Overview o = stats(ZoneOffset.UTC).summary(2L);
        assertThat(o.total().requests()).isEqualTo(2);
        assertThat(o.total().success()).isEqualTo(1);
        assertThat(o.today().requests()).isEqualTo(1);
        assertThat(o.today().successRate()).isZero();
    }

    @Test
    void hourlySeriesHasTwentyFourBucketsEndingWithTheCurrentHour() {
        Statistics.Series s = stats(ZoneOffset.UTC).series("24h", null);
        assertThat(s.bucket()).isEqualTo("hour");
        assertThat(s.zone()).isEqualTo("Z");
        assertThat(s.points()).hasSize(24);
        assertThat(s.points().getLast().ts()).isEqualTo(Instant.parse("2026-06-01T12:00:00Z"));
        assertThat(s.points().getFirst().ts()).isEqualTo(Instant.parse("2026-05-31T13:00:00Z"));
        assertThat(s.points().getLast()).isEqualTo(new Statistics.Point(Instant.parse("2026-06-01T12:00:00Z"), 1, 1, 0,
                                                                         25, 0.5));
        assertThat(point(s, "2026-06-01T11:00:00Z")).isEqualTo(new Statistics.Point(
                Instant.parse("2026-06-01T11:00:00Z"), 1, 0, 1, 0, 0.0));
        assertThat(point(s, "2026-05-31T20:00:00Z").requests()).isEqualTo(1);
        assertThat(s.points().stream().mapToLong(Statistics.Point::requests).sum()).isEqualTo(3);
    }

    @Test
    void dailySeriesInTheServersZone() {
        Statistics.Series s = stats(ZoneId.of("Asia/Tokyo")).series("7d", null);
        assertThat(s.bucket()).isEqualTo("day");
        assertThat(s.points()).hasSize(7);
        Instant todayTokyo = Instant.parse("2026-05-31T15:00:00Z"); // midnight of June 1st in Tokyo
        assertThat(s.points().getLast().ts()).isEqualTo(todayTokyo);
        assertThat(s.points().getLast().requests()).isEqualTo(3);
        assertThat(s.points().stream().mapToLong(Statistics.Point::requests).sum()).isEqualTo(3); // t4 is 8 days back
        assertThat(stats(ZoneOffset.UTC).series("30d", null).points()).hasSize(30)
                .extracting(Statistics.Point::requests).contains(1L).doesNotContain(5L);
    }

    @Test
    void topModelsAndKeys() {
        Statistics st = stats(ZoneOffset.UTC);
        assertThat(st.models(null, null, 10)).containsExactly(
                new Statistics.ModelRow("claude", 2, 1.0, 152, 1.25),
                new Statistics.ModelRow("gpt", 2, 0.5, 25, 0.5));
        assertThat(st.models(null, Duration.ofHours(24), 10)).extracting(Statistics.ModelRow::model)
                .containsExactly("gpt", "claude");
        assertThat(st.models(null, null, 1)).hasSize(1);
        assertThat(st.keys(null, 10)).extracting(Statistics.KeyRow::authKeyId).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void anUnknownRangeIsRefused() {
        assertThatThrownBy(() -> stats(ZoneOffset.UTC).series("1y", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("24h, 7d or 30d");
    }

    private static Statistics stats(ZoneId zone) {
        return new Statistics(new StatsStore(db), zone, CLOCK);
    }

    private static Statistics.Point point(Statistics.Series s, String ts) {
        return s.points().stream().filter(p -> p.ts().equals(Instant.parse(ts))).findFirst().orElseThrow();
    }

    private static RequestLog row(String trace, int attempt, String model, Long key, String status, Instant at,
                                  long prompt, long completion, double cost) {
        return new RequestLog(IDS.next(), trace, at, model, 1L, "p", "up", "chat", false, key, "127.0.0.1", "test",
                              attempt, status, status.equals("error") ? 502 : 200, null, 1L, 10L, 20L, prompt, completion,
                              prompt + completion, 0, 0, "upstream", 0, 0, cost, false, "");
    }
}
