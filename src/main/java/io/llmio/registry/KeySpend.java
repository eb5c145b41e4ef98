package io.llmio.registry;

/**
 * What an API key has used: spend in USD and tokens, in total, in the current UTC day and in the current UTC
 * month (see {@link UsagePeriods}).
 */
public record KeySpend(double usd, long tokens, double usdDay, long tokensDay, double usdMonth, long tokensMonth) {
    public static final KeySpend ZERO = new KeySpend(0, 0, 0, 0, 0, 0);

    public KeySpend plus(double cost, long used) {
        return new KeySpend(usd + cost, tokens + used, usdDay + cost, tokensDay + used, usdMonth + cost,
                            tokensMonth + used);
    }
}
