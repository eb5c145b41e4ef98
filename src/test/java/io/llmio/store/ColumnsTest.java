package io.llmio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The limits the API validates against are the column sizes every dialect's migration declares. */
class ColumnsTest {
    private static final Pattern TABLE = Pattern.compile("CREATE TABLE (\\w+) \\((.*?)\\n\\)", Pattern.DOTALL);

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mysql", "embedded"})
    void limitsMatchTheMigrations(String dialect) throws IOException {
        String sql = Files.readString(Path.of("migrations", dialect, "V1__schema.sql"));
        check(sql, "providers", Map.of("name", "name", "type", "type", "base_url", "base_url", "api_key", "api_key",
                                       "headers", "headers", "proxy", "proxy", "error_matcher", "error_matcher",
                                       "console", "console"), Columns.PROVIDERS);
        check(sql, "models", Map.of("name", "name", "remark", "remark", "strategy", "strategy"), Columns.MODELS);
        check(sql, "model_providers", Map.of("provider_model", "provider_model", "headers", "headers",
                                             "extra_body", "extra_body"), Columns.ASSOCIATIONS);
        check(sql, "auth_keys", Map.of("name", "name", "models", "models"), Columns.AUTH_KEYS);
        check(sql, "settings", Map.of("value", "value_text"), Columns.SETTINGS);
        check(sql, "model_prices", Map.of("model_name", "model_name"), Columns.PRICES);
    }

    private static void check(String sql, String table, Map<String, String> fieldToColumn, Map<String, Columns.Limit> limits) {
        assertThat(limits.keySet()).as(table).isEqualTo(fieldToColumn.keySet());
        Matcher t = TABLE.matcher(sql);
        String body = null;
        while (t.find()) {
            if (t.group(1).equals(table)) {
                body = t.group(2);
            }
        }
        assertThat(body).as("table " + table).isNotNull();
        for (Map.Entry<String, String> e : fieldToColumn.entrySet()) {
            Matcher c = Pattern.compile("\\n\\s*" + e.getValue() + "\\s+(VARCHAR\\((\\d+)\\)|TEXT)").matcher(body);
            assertThat(c.find()).as(table + "." + e.getValue()).isTrue();
            Columns.Limit limit = limits.get(e.getKey());
            if (c.group(1).equals("TEXT")) {
                assertThat(limit).as(table + "." + e.getValue()).isEqualTo(Columns.TEXT);
            } else {
                assertThat(limit).as(table + "." + e.getValue())
                        .isEqualTo(new Columns.Limit(Integer.parseInt(c.group(2)), false));
            }
        }
    }
}
