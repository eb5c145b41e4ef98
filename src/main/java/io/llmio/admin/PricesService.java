package io.llmio.admin;

import java.util.Map;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.json.StrictObject;
import io.llmio.pricing.PriceSync;
import io.llmio.pricing.PriceTable;
import io.llmio.store.SettingKeys;
import io.llmio.store.AssociationStore;
import io.llmio.store.Columns;
import io.llmio.pricing.ModelPrice;
import io.llmio.pricing.PriceStore;
import io.llmio.store.SettingStore;

/** {@code /api/prices}: prices per million tokens by model name or association, and the catalogue sync. */
public final class PricesService implements HttpService {
    private final PriceStore prices;
    private final PriceTable table;
    private final AssociationStore associations;
    private final PriceSync sync;
    private final SettingStore settings;

    public PricesService(PriceStore prices, PriceTable table, AssociationStore associations, PriceSync sync,
                         SettingStore settings) {
        this.prices = prices;
        this.table = table;
        this.associations = associations;
        this.sync = sync;
        this.settings = settings;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/prices", (req, res) -> Api.ok(res, Map.of("items", prices.list())))
                .put("/prices", this::put)
                .post("/prices/sync", this::sync)
                .delete("/prices/{id}", this::delete);
    }

    private void put(ServerRequest req, ServerResponse res) {
        StrictObject b = Api.body(req, Columns.PRICES).ignore("id", "source", "updated_at");
        String model = b.string("model_name", null);
        Long associationId = b.longOrNull("association_id", null, 1);
        double input = b.number("input_per_mtok", 0.0, 0);
        double output = b.number("output_per_mtok", 0.0, 0);
        Double cached = b.number("cached_input_per_mtok", null, 0);
        b.finish();
        if ((associationId == null) == (model == null || model.isBlank())) {
            throw ApiError.invalid("send exactly one of `model_name` and `association_id`");
        }
        if (associationId != null && associations.get(associationId).isEmpty()) {
            throw ApiError.invalid("`association_id`: no association with id " + associationId);
        }
        ModelPrice stored = prices.upsert(new ModelPrice(0, associationId == null ? model.trim() : null, associationId, input,
                                                         output, cached, ModelPrice.MANUAL, null));
        table.reload();
        Api.ok(res, stored);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        long id = Api.id(req);
        if (!prices.delete(id)) {
            throw ApiError.notFound("no price with id " + id);
        }
        table.reload();
        Api.noContent(res);
    }

    private void sync(ServerRequest req, ServerResponse res) {
        String url = settings.get(SettingKeys.PRICE_SYNC_URL, "").trim();
        if (req.content().hasEntity()) {
            StrictObject b = Api.body(req);
            url = b.string("url", url).trim();
            b.finish();
        }
        if (url.isEmpty()) {
            throw ApiError.invalid("`url` is required (or set the `price_sync_url` setting)");
        }
        try {
            SettingKeys.validate(SettingKeys.PRICE_SYNC_URL, url);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage().replace(SettingKeys.PRICE_SYNC_URL, "url"));
        }
        try {
            Api.ok(res, sync.sync(url));
        } catch (IllegalStateException e) {
            throw ApiError.upstream(e.getMessage());
        }
    }
}
