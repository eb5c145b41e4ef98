package io.llmio.registry;

/**
 * Budgets and limits of one API key; 0 means none. Budgets (spend in USD and tokens, in total, per UTC day and
 * per UTC month) are checked before a request against what the key has used; the request that crosses a budget
 * is served (its cost is known only after it), the next is refused. Limits are rates: requests and tokens per
 * sliding minute, and requests at the same time.
 *
 * @param usd          spend budget in total, USD
 * @param usdDaily     spend budget per UTC day, USD
 * @param usdMonthly   spend budget per UTC month, USD
 * @param tokens       token budget in total (prompt plus completion tokens of each answer)
 * @param tokensDaily  token budget per UTC day
 * @param tokensMonthly token budget per UTC month
 * @param rpm          requests per sliding 60 s
 * @param tpm          tokens per sliding 60 s, counted from the usage of each answer
 * @param maxParallel  requests in flight at once
 */
public record KeyLimits(double usd, double usdDaily, double usdMonthly, long tokens, long tokensDaily,
                        long tokensMonthly, int rpm, int tpm, int maxParallel) {
    public static final KeyLimits NONE = new KeyLimits(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public KeyLimits {
        if (usd < 0 || usdDaily < 0 || usdMonthly < 0 || tokens < 0 || tokensDaily < 0 || tokensMonthly < 0
                || rpm < 0 || tpm < 0 || maxParallel < 0 || !Double.isFinite(usd + usdDaily + usdMonthly)) {
            throw new IllegalArgumentException("key budgets and limits must be finite and at least 0");
        }
    }

    /** Whether any budget or limit is set (a key without any is not checked on the request path). */
    public boolean any() {
        return !equals(NONE);
    }
}
