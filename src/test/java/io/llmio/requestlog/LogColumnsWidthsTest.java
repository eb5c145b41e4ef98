package io.llmio.requestlog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import io.llmio.store.Database;
import io.llmio.store.Dsn;

/** Hardening item 7: the widths log values are cut to are the migrations' column sizes. */
class LogColumnsWidthsTest {
    private static final Pattern VARCHAR = Pattern.compile("^\\s+(\\w+)\\s+VARCHAR\\((\\d+)\\)", Pattern.MULTILINE);

    @Test
    void theFallbackWidthsAreTheSizesInEveryDialectsMigrations() throws Exception {
        for (String dialect : new String[] {"postgres", "mysql", "embedded"}) {
            String sql = Files.readString(Path.of("migrations", dialect, "V1__schema.sql"));
            int start = sql.indexOf("CREATE TABLE request_logs");
            String table = sql.substring(start, sql.indexOf(");", start));
            Map<String, Integer> sizes = new HashMap<>();
            Matcher m = VARCHAR.matcher(table);
            while (m.find()) {
                sizes.put(m.group(1), Integer.parseInt(m.group(2)));
            }
            assertThat(sizes).as(dialect).hasSize(9);
            sizes.forEach((column, size) -> assertThat(LogColumns.MIGRATED.get(column)).as(dialect + " " + column)
                    .isEqualTo(size));
            // no later migration changes a request_logs column
            try (var files = Files.list(Path.of("migrations", dialect))) {
                files.filter(f -> !f.getFileName().toString().startsWith("V1__")).forEach(f -> {
                    try {
                        assertThat(Files.readString(f)).as(f.toString()).doesNotContainPattern("(?i)(MODIFY|ALTER COLUMN|TYPE)\\s");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
        }
    }

    @Test
    void theWidthsReadFromTheDatabaseAreTheMigratedOnes() throws Exception {
        try (Database db = Database.open(Dsn.embedded(Files.createTempDirectory("llmio-widths")), true);
             Connection c = db.dataSource().getConnection()) {
            LogColumns read = LogColumns.read(c);
            LogColumns.MIGRATED.forEach((column, width) -> assertThat(read.width(column)).as(column).isEqualTo(width));
            assertThat(read.fit("user_agent", "u".repeat(600))).hasSize(512);
            assertThat(LogColumns.cut("ab😀", 3)).isEqualTo("ab");
        }
    }
}
