package io.llmio.limits;

import java.time.Duration;

import io.llmio.registry.KeyLimits;
import io.llmio.registry.KeySpend;
import io.llmio.registry.UsagePeriods;

/**
 * The budget side of {@link Limiter#admitKey}: which budget a key has used up, and when it resets. The Redis
 * script {@link RedisScript#ADMIT_KEY} checks in the same order.
 */
final class KeyBudgets {
    private KeyBudgets() {
    }

    /** The first budget used up, or null: a budget is used up when the usage has reached it. */
    static String exhausted(KeyLimits l, KeySpend s) {
        if (over(l.usd(), s.usd())) {
            return "usd";
        }
        if (over(l.usdMonthly(), s.usdMonth())) {
            return "usd_monthly";
        }
        if (over(l.usdDaily(), s.usdDay())) {
            return "usd_daily";
        }
        if (over(l.tokens(), s.tokens())) {
            return "tokens";
        }
        if (over(l.tokensMonthly(), s.tokensMonth())) {
            return "tokens_monthly";
        }
        if (over(l.tokensDaily(), s.tokensDay())) {
            return "tokens_daily";
        }
        return null;
    }

    /** Time until the budget {@code reason} resets: the next UTC day or month; zero for the totals. */
    static Duration resetIn(String reason, long nowMs) {
        return switch (reason) {
            case "usd_daily", "tokens_daily" -> Duration.ofMillis(UsagePeriods.nextDay(nowMs).toEpochMilli() - nowMs);
            case "usd_monthly", "tokens_monthly" ->
                    Duration.ofMillis(UsagePeriods.nextMonth(nowMs).toEpochMilli() - nowMs);
            default -> Duration.ZERO;
        };
    }

    private static boolean over(double budget, double used) {
        return budget > 0 && used >= budget;
    }
}
