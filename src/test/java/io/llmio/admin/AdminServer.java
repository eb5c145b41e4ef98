package io.llmio.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.llmio.Main;
import io.llmio.config.ConfigLoader;

/** Starts llmio in-process on port 0 against one of the three databases (named llmio_admin_test). */
final class AdminServer {
    static final String TOKEN = "admin-test-token-0123456789";
    static final String PG_DSN = "postgres://postgres@127.0.0.1:5432/llmio_admin_test?sslmode=disable";
    static final String MARIADB_DSN = "root:@tcp(127.0.0.1:3306)/llmio_admin_test?parseTime=True";

    private AdminServer() {
    }

    static Main.App start(String type, Map<String, String> extra) {
        try {
            Path dir = Files.createTempDirectory("llmio-admin-test");
            Map<String, String> env = new HashMap<>();
            env.put("TOKEN", TOKEN);
            env.put("LLMIO_SERVER_PORT", "0");
            env.put("TZ", "UTC");
            switch (type) {
                case "embedded" -> {
                    env.put("DATABASE_TYPE", "embedded");
                    env.put("DATABASE_DSN", "jdbc:h2:file:" + dir.resolve("llmio")
                            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
                }
                case "postgres" -> {
                    env.put("DATABASE_TYPE", "postgres");
                    env.put("DATABASE_DSN", PG_DSN);
                }
                case "mysql" -> {
                    env.put("DATABASE_TYPE", "mysql");
                    env.put("DATABASE_DSN", MARIADB_DSN);
                }
                default -> throw new IllegalArgumentException(type);
            }
            env.putAll(extra);
            Main.App app = Main.App.start(ConfigLoader.load(env, dir));
            if (!type.equals("embedded")) {
                var ex = app.database().db().execute();
                for (String table : new String[] {"request_bodies", "request_logs", "model_prices", "model_providers",
                                                  "models", "providers", "auth_keys", "settings"}) {
                    ex.createDelete("DELETE FROM " + table).execute();
                }
                app.loader().reload();
            }
            return app;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
