package io.llmio.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises a database of the original llmio (Go): its tables ({@code model_with_providers},
 * {@code chat_logs}, …) and no llmio schema history. Pointing {@code DATABASE_DSN} at one is a
 * mistake with a known fix (import it), told in one paragraph instead of Flyway's "non-empty
 * schema" error; {@code llmio import-legacy} uses the same test on its {@code --from} database.
 */
public final class OriginalSchema {
    /** Tables only the original creates (llmio's association table is {@code model_providers}). */
    static final Set<String> MARKERS = Set.of("model_with_providers", "chat_logs");

    private OriginalSchema() {
    }

    /** The lower-cased names of the tables in the connection's current database and schema. */
    public static Set<String> tables(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** True when the tables are the original llmio's: its marker tables, no llmio migration history. */
    public static boolean isOriginal(Set<String> tables) {
        return tables.containsAll(MARKERS) && !tables.contains("flyway_schema_history");
    }

    /**
     * The paragraph for an operator whose {@code DATABASE_DSN} names the original's database: what it is,
     * and the command that imports it (the password left out).
     */
    static String paragraph(Dsn dsn) {
        return "DATABASE_DSN points at a database of the original llmio (Go): " + dsn.describe()
               + " holds its tables (providers, models, model_with_providers, auth_keys, chat_logs) and no llmio "
               + "schema. llmio does not run on that schema, it imports from it and leaves it untouched: point "
               + "DATABASE_DSN at a new, empty database for llmio (or unset DATABASE_TYPE and DATABASE_DSN for the "
               + "embedded one in ./data/), then run `./llmio import-legacy --from '" + dsn.commandForm()
               + "'` (or `java -jar llmio.jar import-legacy --from '…'`). It copies the providers, models, "
               + "associations, API keys (the keys your clients use keep working), prices and settings; add --dry-run "
               + "to see first what would change, and --logs to bring the request history too.";
    }
}
