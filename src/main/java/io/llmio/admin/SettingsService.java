package io.llmio.admin;

import java.util.Map;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.json.StrictObject;
import io.llmio.store.SettingKeys;
import io.llmio.store.Columns;
import io.llmio.store.SettingStore;

/** {@code /api/settings}: retention and price-sync settings, validated per key. */
public final class SettingsService implements HttpService {
    private final SettingStore settings;

    public SettingsService(SettingStore settings) {
        this.settings = settings;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/settings", (req, res) -> Api.ok(res, Map.of("items", SettingKeys.all(settings))))
                .put("/settings/{key}", this::put);
    }

    private void put(ServerRequest req, ServerResponse res) {
        String key = req.path().pathParameters().get("key");
        if (!SettingKeys.DEFAULTS.containsKey(key)) {
            throw ApiError.notFound("unknown setting `" + key + "`; known: " + String.join(", ", SettingKeys.DEFAULTS.keySet()));
        }
        StrictObject b = Api.body(req, Columns.SETTINGS).ignore("key");
        if (!b.has("value")) {
            throw ApiError.invalid("`value` is required");
        }
        String value = valueText(b);
        b.finish();
        String normalised;
        try {
            normalised = SettingKeys.validate(key, value);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage());
        }
        settings.put(key, normalised);
        Api.ok(res, Map.of("key", key, "value", normalised));
    }

    /** A string, or a number the UI sent as a number. */
    private static String valueText(StrictObject b) {
        if (!b.isNumber("value")) {
            return b.string("value", "");
        }
        Double n = b.number("value", null, Double.NEGATIVE_INFINITY);
        return n == Math.rint(n) ? Long.toString(n.longValue()) : n.toString();
    }
}
