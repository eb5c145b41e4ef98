package io.llmio.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code settings} table: string values by key (columns {@code name} and {@code value_text}: KEY and VALUE are reserved words). */
public final class SettingStore {
    private final Database database;

    public SettingStore(Database database) {
        this.database = database;
    }

    public Optional<String> get(String key) {
        return Sql.one(database.db().execute(), "select-setting", Sql.params("name", key), r -> Rows.str(r, "value_text"));
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    /** Inserts or replaces one setting. */
    public void put(String key, String value) {
        if (key == null || key.isBlank() || value == null) {
            throw new IllegalArgumentException("a setting needs a key and a value");
        }
        Sql.dml(database.db().execute(), "upsert-setting", Sql.params("name", key, "value", value, "now", database.time(Rows.now())));
    }

    /** Every setting, sorted by key. */
    public Map<String, String> all() {
        Map<String, String> out = new LinkedHashMap<>();
        Sql.list(database.db().execute(), "select-settings", Map.of(), r -> Map.entry(Rows.str(r, "name"), Rows.str(r, "value_text")))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    public boolean delete(String key) {
        return Sql.dml(database.db().execute(), "delete-setting", Sql.params("name", key)) > 0;
    }
}
