package io.llmio.registry;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * The UTC periods of key budgets. A day is numbered from the epoch ({@code 1970-01-01} is 0), a month as
 * {@code year * 12 + month - 1}; the Redis scripts compute the same numbers from the server's clock. The
 * database labels them {@code total}, {@code day:2026-12-03} and {@code month:2026-12}.
 */
public final class UsagePeriods {
    public static final String TOTAL = "total";
    private static final long DAY_MS = 86_400_000L;

    private UsagePeriods() {
    }

    public static long day(long epochMillis) {
        return Math.floorDiv(epochMillis, DAY_MS);
    }

    public static long month(long epochMillis) {
        LocalDate d = LocalDate.ofEpochDay(day(epochMillis));
        return d.getYear() * 12L + d.getMonthValue() - 1;
    }

    /** Start of the next UTC day. */
    public static Instant nextDay(long epochMillis) {
        return Instant.ofEpochMilli((day(epochMillis) + 1) * DAY_MS);
    }

    /** Start of the next UTC month. */
    public static Instant nextMonth(long epochMillis) {
        return YearMonth.from(LocalDate.ofEpochDay(day(epochMillis))).plusMonths(1).atDay(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public static String dayLabel(long epochMillis) {
        return "day:" + LocalDate.ofEpochDay(day(epochMillis));
    }

    public static String monthLabel(long epochMillis) {
        return "month:" + YearMonth.from(LocalDate.ofEpochDay(day(epochMillis)));
    }
}
