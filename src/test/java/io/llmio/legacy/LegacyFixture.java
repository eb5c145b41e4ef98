package io.llmio.legacy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.llmio.store.Dialect;

/**
 * A database of the original llmio (Go), built from shared/LEGACY.md in its own database
 * ({@code llmio_legacy_src_pg} on PostgreSQL, {@code llmio_legacy_src_my} on MariaDB), with rows in every
 * state the importer meets: soft-deleted, NULL columns, the {@code codex} type, keys with allow-lists and
 * expiry, unmappable rows, and a request log longer than a few cursor steps. Also the fresh llmio database
 * the tests import into ({@code llmio_legacy_dst_*}), dropped before each scenario.
 */
public final class LegacyFixture {
    /** MariaDB's DATETIMEs are written as wall time in this zone, named by the source DSN's loc= */
    static final ZoneId MYSQL_WALL = ZoneId.of("Asia/Shanghai");
    public static final String TEAM_KEY = "sk-legacy-team-key-0001";
    public static final String ALL_KEY = "sk-legacy-all-0002";
    public static final String EXPIRED_KEY = "sk-legacy-expired-0003";
    public static final String OFF_KEY = "sk-legacy-off-0004";
    public static final String DELETED_KEY = "sk-legacy-deleted-0005";
    static final Instant LOG_TIME = Instant.parse("2025-08-01T10:00:00Z");
    static final Instant DELETED = Instant.parse("2025-07-01T00:00:00Z");
    /** rows of the request log besides the five hand-made ones: more than two cursor steps */
    static final int BULK_LOGS = 2 * LegacyImport.LOG_BATCH + 203;

    public final Dialect dialect;

    public LegacyFixture(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The source DSN in the form the original's users write it (password-less test servers). */
    public String sourceDsn() {
        return dialect == Dialect.POSTGRES
                ? "postgres://postgres@127.0.0.1:5432/llmio_legacy_src_pg?sslmode=disable"
                : "root:@tcp(127.0.0.1:3306)/llmio_legacy_src_my?charset=utf8mb4&parseTime=True&loc=Asia%2FShanghai";
    }

    public String targetDsn() {
        return dialect == Dialect.POSTGRES
                ? "postgres://postgres@127.0.0.1:5432/llmio_legacy_dst_pg?sslmode=disable"
                : "root:@tcp(127.0.0.1:3306)/llmio_legacy_dst_my?charset=utf8mb4&parseTime=True";
    }

    public String targetType() {
        return dialect == Dialect.POSTGRES ? "postgres" : "mysql";
    }

    /** Drops llmio's test database (the next open creates it empty). */
    public void dropTarget() {
        String name = dialect == Dialect.POSTGRES ? "llmio_legacy_dst_pg" : "llmio_legacy_dst_my";
        admin(dialect == Dialect.POSTGRES ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"
                      : "DROP DATABASE IF EXISTS " + name);
    }

    /** Creates the source database afresh with the original's tables and the rows of every state. */
    public void build(String openAiUrl, String anthropicUrl) {
        String name = dialect == Dialect.POSTGRES ? "llmio_legacy_src_pg" : "llmio_legacy_src_my";
        admin(dialect == Dialect.POSTGRES ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"
                      : "DROP DATABASE IF EXISTS " + name);
        admin("CREATE DATABASE " + name);
        try (Connection c = source()) {
            try (Statement st = c.createStatement()) {
                for (String ddl : ddl()) {
                    st.execute(ddl);
                }
            }
            rows(c, openAiUrl, anthropicUrl);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection to the source, for the tests' own changes. */
    public Connection source() throws SQLException {
        return dialect == Dialect.POSTGRES
                ? DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/llmio_legacy_src_pg", props("postgres"))
                : DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/llmio_legacy_src_my", props("root"));
    }

    private List<String> ddl() {
        boolean pg = dialect == Dialect.POSTGRES;
        String id = pg ? "id BIGSERIAL PRIMARY KEY" : "id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY";
        String time = pg ? "TIMESTAMPTZ" : "DATETIME(3)";
        String text = pg ? "TEXT" : "LONGTEXT";
        String str = pg ? "TEXT" : "VARCHAR(191)";
        String num = "BIGINT";
        String flag = pg ? "SMALLINT" : "TINYINT";
        String base = id + ", created_at " + time + ", updated_at " + time + ", deleted_at " + time + ", ";
        String key = pg ? "\"key\"" : "`key`";
        return List.of(
                "CREATE TABLE providers (" + base + "name " + str + ", type " + str + ", config " + text + ", console "
                + text + ", rpm_limit " + num + ", ip_lock_minutes " + num + ")",
                "CREATE TABLE models (" + base + "name " + str + " UNIQUE, remark " + text + ", max_retry " + num
                + ", time_out " + num + ", io_log " + flag + ", strategy " + str + ", breaker " + flag + ", status " + flag + ")",
                "CREATE TABLE model_with_providers (" + base + "model_id " + num + ", provider_id " + num + ", provider_model "
                + str + ", tool_call " + flag + ", structured_output " + flag + ", image " + flag + ", with_header " + flag
                + ", status " + flag + ", customer_headers " + text + ", weight " + num + ")",
                "CREATE TABLE auth_keys (" + base + "name " + str + ", " + key + " " + str + " UNIQUE, status " + flag
                + ", allow_all " + flag + ", models " + text + ", expires_at " + time + ", usage_count " + num
                + ", last_used_at " + time + ")",
                "CREATE TABLE configs (" + base + key + " " + str + " UNIQUE, value " + text + ")",
                "CREATE TABLE model_prices (" + base + "model_id " + str + ", provider " + str + ", input DOUBLE PRECISION, "
                + "output DOUBLE PRECISION, cache_read DOUBLE PRECISION, cache_write DOUBLE PRECISION)",
                "CREATE TABLE chat_logs (" + base + "uuid " + str + ", name " + str + ", provider_model " + str
                + ", provider_name " + str + ", status " + str + ", style " + str + ", user_agent " + text + ", remote_ip "
                + str + ", auth_key_id " + num + ", error " + text + ", retry " + num + ", proxy_time_ms " + num
                + ", first_chunk_time_ms " + num + ", chunk_time_ms " + num + ", tps DOUBLE PRECISION, size " + num
                + ", prompt_tokens " + num + ", completion_tokens " + num + ", total_tokens " + num
                + ", prompt_tokens_details " + text + ", total_cost DOUBLE PRECISION)",
                "CREATE TABLE chat_io (" + base + "log_id " + num + ", input " + text + ", output_string " + text
                + ", output_string_array " + text + ")");
    }

    private void rows(Connection c, String openAiUrl, String anthropicUrl) throws SQLException {
        // providers: 1-3 imported (codex, NULL limits, anthropic with version), 4 deleted, 5 unknown type, 6 bad config
        insert(c, "providers", row(1, null, "name", "oa", "type", "openai", "config",
                                   "{\"base_url\":\"" + openAiUrl + "/\",\"api_key\":\"sk-upstream-openai\",\"extra\":1}",
                                   "console", "", "rpm_limit", 0, "ip_lock_minutes", 0));
        insert(c, "providers", row(2, null, "name", "codexp", "type", "codex", "config",
                                   "{\"base_url\":\"" + openAiUrl + "\",\"api_key\":\"sk-upstream-openai\"}"));
        insert(c, "providers", row(3, null, "name", "claude", "type", "anthropic", "config",
                                   "{\"base_url\":\"" + anthropicUrl + "\",\"api_key\":\"sk-upstream-openai\",\"version\":\"2023-06-01\"}",
                                   "console", "https://console.anthropic.com", "rpm_limit", 60, "ip_lock_minutes", 5));
        insert(c, "providers", row(4, DELETED, "name", "gone", "type", "openai", "config",
                                   "{\"base_url\":\"https://gone.example\",\"api_key\":\"k\"}"));
        insert(c, "providers", row(5, null, "name", "weird", "type", "bedrock", "config",
                                   "{\"base_url\":\"https://weird.example\",\"api_key\":\"k\"}"));
        insert(c, "providers", row(6, null, "name", "broken", "type", "openai", "config", "not json"));

        // models: gpt (every field set), nulls (every field NULL), old (deleted), strat (unknown strategy)
        insert(c, "models", row(1, null, "name", "gpt", "remark", "main", "max_retry", 3, "time_out", 30, "io_log", 1,
                                "strategy", "rotor", "breaker", 1, "status", 1));
        insert(c, "models", row(2, null, "name", "nulls"));
        insert(c, "models", row(3, DELETED, "name", "old"));
        insert(c, "models", row(4, null, "name", "strat", "strategy", "fastest"));

        // associations
        insert(c, "model_with_providers", row(1, null, "model_id", 1, "provider_id", 1, "provider_model", "gpt-up",
                                              "tool_call", 1, "structured_output", 1, "image", 0, "with_header", 0,
                                              "status", 1, "customer_headers", "{\"X-Team\":\"a\"}", "weight", 5));
        insert(c, "model_with_providers", row(2, null, "model_id", 1, "provider_id", 2, "provider_model", "gpt-up"));
        insert(c, "model_with_providers", row(3, null, "model_id", 2, "provider_id", 3, "provider_model", "claude-up",
                                              "customer_headers", ""));
        insert(c, "model_with_providers", row(4, null, "model_id", 1, "provider_id", 4, "provider_model", "gpt-up"));
        insert(c, "model_with_providers", row(5, DELETED, "model_id", 1, "provider_id", 1, "provider_model", "gone-up"));
        insert(c, "model_with_providers", row(6, null, "model_id", 1, "provider_id", 1, "provider_model", "x",
                                              "customer_headers", "not json", "weight", 1));
        insert(c, "model_with_providers", row(7, null, "model_id", 3, "provider_id", 1, "provider_model", "old-up"));

        // API keys
        insert(c, "auth_keys", row(1, null, "name", "team", "key", TEAM_KEY, "status", 1, "allow_all", 0, "models",
                                   "[\"gpt\"]", "expires_at", Instant.parse("2099-01-01T00:00:00Z"), "usage_count", 42,
                                   "last_used_at", Instant.parse("2025-06-01T08:30:00Z")));
        insert(c, "auth_keys", row(2, null, "name", "all", "key", ALL_KEY));
        insert(c, "auth_keys", row(3, null, "name", "expired", "key", EXPIRED_KEY, "status", 1, "allow_all", 1,
                                   "expires_at", Instant.parse("2020-01-01T00:00:00Z")));
        insert(c, "auth_keys", row(4, null, "name", "off", "key", OFF_KEY, "status", 0, "allow_all", 1, "models", "[]"));
        insert(c, "auth_keys", row(5, DELETED, "name", "deleted", "key", DELETED_KEY, "status", 1, "allow_all", 1));
        insert(c, "auth_keys", row(6, null, "name", "empty", "key", ""));

        insert(c, "configs", row(1, null, "key", "log_cleanup_policy", "value", "{\"enabled\":true,\"retention_days\":14}"));
        insert(c, "configs", row(2, null, "key", "anthropic_count_tokens", "value", "{\"base_url\":\"x\"}"));
        insert(c, "configs", row(3, DELETED, "key", "old_setting", "value", "1"));

        insert(c, "model_prices", row(1, null, "model_id", "gpt", "provider", "openai", "input", 2.5, "output", 10.0,
                                      "cache_read", 1.25, "cache_write", 0.0));
        insert(c, "model_prices", row(2, null, "model_id", "gpt", "provider", "azure", "input", 3.0, "output", 12.0));
        insert(c, "model_prices", row(3, null, "model_id", "claude-sonnet-4", "provider", "anthropic", "input", 3.0,
                                      "output", 15.0, "cache_write", 3.75));
        insert(c, "model_prices", row(4, DELETED, "model_id", "old", "input", 1.0));

        // request log: 1 success streamed with body, 2 codex error with NULLs, 3 deleted, 4 unknown style, 5 deleted key
        insert(c, "chat_logs", row(1, null, "uuid", "u-1", "name", "gpt", "provider_model", "gpt-up", "provider_name", "oa",
                                   "status", "success", "style", "openai", "user_agent", "ua/1", "remote_ip", "10.0.0.1",
                                   "auth_key_id", 1, "error", "", "retry", 0, "proxy_time_ms", 120,
                                   "first_chunk_time_ms", 300, "chunk_time_ms", 700, "tps", 50.5, "size", 2048,
                                   "prompt_tokens", 100, "completion_tokens", 20, "total_tokens", 120,
                                   "prompt_tokens_details", "{\"cached_tokens\":40}", "total_cost", 0.0012,
                                   "created_at", LOG_TIME));
        insert(c, "chat_logs", row(2, null, "uuid", "u-2", "name", "gpt", "provider_name", "codexp", "status", "error",
                                   "style", "codex", "error", "upstream 500", "auth_key_id", 0,
                                   "created_at", LOG_TIME.plusSeconds(1)));
        insert(c, "chat_logs", row(3, DELETED, "uuid", "u-3", "name", "gpt", "status", "success", "style", "openai",
                                   "created_at", LOG_TIME.plusSeconds(2)));
        insert(c, "chat_logs", row(4, null, "uuid", "u-4", "name", "gpt", "status", "success", "style", "mystery",
                                   "created_at", LOG_TIME.plusSeconds(3)));
        insert(c, "chat_logs", row(5, null, "uuid", "u-5", "name", "gpt", "status", "success", "style", "anthropic",
                                   "auth_key_id", 5, "created_at", LOG_TIME.plusSeconds(4)));
        insert(c, "chat_io", row(1, null, "log_id", 1, "input", "{\"model\":\"gpt\",\"stream\":true}", "output_string", "",
                                 "output_string_array", "[\"{\\\"choices\\\":[]}\",\"[DONE]\"]"));
        insert(c, "chat_io", row(2, null, "log_id", 2, "input", "{\"model\":\"gpt\"}", "output_string", "boom",
                                 "output_string_array", null));
        insert(c, "chat_io", row(3, DELETED, "log_id", 5, "input", "gone"));
        bulkLogs(c);
    }

    private void bulkLogs(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO chat_logs (id, created_at, uuid, name, provider_name, "
                                                       + "status, style, prompt_tokens, total_tokens) VALUES (?, ?, ?, "
                                                       + "'gpt', 'oa', 'success', 'openai', 1, 1)")) {
            for (int i = 0; i < BULK_LOGS; i++) {
                ps.setLong(1, 100 + i);
                ps.setObject(2, time(LOG_TIME.plusSeconds(100 + i)));
                ps.setString(3, "bulk-" + i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    /** A row with its id, times and the given columns (name, value pairs). */
    private static Map<String, Object> row(long id, Instant deletedAt, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("created_at", Instant.parse("2025-05-01T00:00:00Z"));
        m.put("updated_at", Instant.parse("2025-05-01T00:00:00Z"));
        m.put("deleted_at", deletedAt);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    public void insert(Connection c, String table, Map<String, Object> row) throws SQLException {
        List<String> cols = new ArrayList<>();
        for (String k : row.keySet()) {
            cols.add(k.equals("key") ? (dialect == Dialect.POSTGRES ? "\"key\"" : "`key`") : k);
        }
        String sql = "INSERT INTO " + table + " (" + String.join(", ", cols) + ") VALUES ("
                     + String.join(", ", java.util.Collections.nCopies(cols.size(), "?")) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object v : row.values()) {
                ps.setObject(i++, v instanceof Instant t ? time(t) : v);
            }
            ps.executeUpdate();
        }
    }

    /** PostgreSQL: an instant with its offset; MariaDB: the wall time the original wrote (its loc zone). */
    private Object time(Instant t) {
        return dialect == Dialect.POSTGRES ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC)
                : java.time.LocalDateTime.ofInstant(t, MYSQL_WALL);
    }

    private void admin(String sql) {
        try (Connection c = dialect == Dialect.POSTGRES
                ? DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", props("postgres"))
                : DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/", props("root"));
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static Properties props(String user) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", "");
        return p;
    }
}
