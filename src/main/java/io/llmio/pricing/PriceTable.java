package io.llmio.pricing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import io.llmio.proxy.protocol.Style;
import io.llmio.requestlog.AttemptLog;


/**
 * The cost function of the log queue: prices per million tokens held in memory (never a database
 * read per request), refreshed with {@link #reload()} after every price change. An association's own
 * price wins over the public model name's price. Cached prompt tokens are priced at
 * {@code cached_input_per_mtok} when it is set (else at the input price).
 */
public final class PriceTable implements ToDoubleFunction<AttemptLog> {
    private final PriceStore store;
    private volatile Map<Long, ModelPrice> byAssociation = Map.of();
    private volatile Map<String, ModelPrice> byModel = Map.of();

    public PriceTable(PriceStore store) {
        this.store = store;
    }

    public synchronized void reload() {
        Map<Long, ModelPrice> a = new HashMap<>();
        Map<String, ModelPrice> m = new HashMap<>();
        List<ModelPrice> all = store.list();
        for (ModelPrice p : all) {
            if (p.associationId() != null) {
                a.put(p.associationId(), p);
            } else if (p.modelName() != null) {
                m.put(p.modelName(), p);
            }
        }
        byAssociation = Map.copyOf(a);
        byModel = Map.copyOf(m);
    }

    /** The price that applies to an attempt, or null. */
    public ModelPrice priceFor(Long associationId, String model) {
        ModelPrice p = associationId == null ? null : byAssociation.get(associationId);
        return p != null ? p : model == null ? null : byModel.get(model);
    }

    /** A token count ({@link Style#countsTokens()}) costs nothing: its prompt tokens were counted, not spent. */
    @Override
    public double applyAsDouble(AttemptLog log) {
        if (Style.countsTokens(log.style)) {
            return 0;
        }
        return cost(priceFor(log.associationId, log.model), log.promptTokens, log.cachedTokens, log.completionTokens);
    }

    /** Cost in currency units: tokens × price per million; cached tokens are part of the prompt tokens. */
    public static double cost(ModelPrice p, long promptTokens, long cachedTokens, long completionTokens) {
        if (p == null) {
            return 0;
        }
        long cached = Math.max(0, Math.min(cachedTokens, promptTokens));
        double cachedPrice = p.cachedInputPerMtok() == null ? p.inputPerMtok() : p.cachedInputPerMtok();
        return ((promptTokens - cached) * p.inputPerMtok() + cached * cachedPrice
                + completionTokens * p.outputPerMtok()) / 1_000_000.0;
    }
}
