package io.llmio.store;

import io.llmio.errors.StartupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DsnTest {
    private static final Path WORK = Path.of("/srv/llmio");

    @Test
    void noSettingsMeansEmbeddedUnderDataInTheWorkingDirectory() {
        Dsn d = Dsn.parse(null, null, WORK);
        assertThat(d.dialect()).isEqualTo(Dialect.EMBEDDED);
        assertThat(d.jdbcUrl()).isEqualTo("jdbc:h2:file:/srv/llmio/data/llmio;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                                          + "DEFAULT_NULL_ORDERING=HIGH;CACHE_SIZE=2048");
        assertThat(d.describe()).isEqualTo("embedded /srv/llmio/data/llmio");
        assertThat(Dsn.parse("embedded", "  ", WORK)).isEqualTo(d);
        assertThat(Dsn.parse(" EMBEDDED ", null, WORK).dialect()).isEqualTo(Dialect.EMBEDDED);
    }

    @Test
    void postgresUrl() {
        Dsn d = Dsn.parse(null, "postgres://llm%40io:p%40ss:w0rd@db.example:6543/gw?sslmode=disable&connect_timeout=5");
        assertThat(d.dialect()).isEqualTo(Dialect.POSTGRES);
        assertThat(d.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/gw?sslmode=disable&connectTimeout=5");
        assertThat(d.user()).isEqualTo("llm@io");
        assertThat(d.password().value()).isEqualTo("p@ss:w0rd");
        assertThat(d.describe()).isEqualTo("postgres db.example:6543/gw");
        assertThat(d.toString()).doesNotContain("w0rd");

        Dsn q = Dsn.parse("postgres", "postgresql://u@localhost/llmio");
        assertThat(q.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/llmio");
        assertThat(q.password().value()).isEmpty();
    }

    @Test
    void goStyleMysqlDropsGoOnlyParameters() {
        Dsn d = Dsn.parse(null, "root:s3cr@t@tcp(127.0.0.1:3306)/llmio?parseTime=True&loc=Local&charset=utf8mb4&timeout=5s");
        assertThat(d.dialect()).isEqualTo(Dialect.MYSQL);
        assertThat(d.jdbcUrl()).isEqualTo("jdbc:mysql://127.0.0.1:3306/llmio?characterEncoding=UTF-8&connectTimeout=5000");
        assertThat(d.user()).isEqualTo("root");
        assertThat(d.password().value()).isEqualTo("s3cr@t");
        assertThat(d.describe()).isEqualTo("mysql 127.0.0.1:3306/llmio");

        Dsn empty = Dsn.parse("mysql", "root:@tcp(db:3307)/x");
        assertThat(empty.jdbcUrl()).isEqualTo("jdbc:mysql://db:3307/x");
        assertThat(empty.password().value()).isEmpty();
        assertThat(Dsn.parse(null, "app@tcp(db)/x").port()).isEqualTo(3306);
    }

    @Test
    void commandFormIsTheOriginalsDsnWithThePasswordLeftOut() {
        assertThat(Dsn.parse(null, "postgres://llm%40io:p%40ss:w0rd@db.example:6543/gw?sslmode=disable").commandForm())
                .isEqualTo("postgres://llm%40io:<password>@db.example:6543/gw");
        assertThat(Dsn.parse(null, "root:s3cr@t@tcp(127.0.0.1:3306)/llmio?parseTime=True").commandForm())
                .isEqualTo("root:<password>@tcp(127.0.0.1:3306)/llmio");
        assertThat(Dsn.parse(null, "postgres://postgres@127.0.0.1:5432/llmio").commandForm())
                .isEqualTo("postgres://postgres@127.0.0.1:5432/llmio");
    }

    @Test
    void mysqlUrlAndJdbcUrls() {
        Dsn m = Dsn.parse(null, "mysql://app:pw@db:3306/llmio?useSSL=false");
        assertThat(m.dialect()).isEqualTo(Dialect.MYSQL);
        assertThat(m.jdbcUrl()).isEqualTo("jdbc:mysql://db:3306/llmio?useSSL=false");
        assertThat(m.password().value()).isEqualTo("pw");

        Dsn maria = Dsn.parse(null, "jdbc:mariadb://db/llmio?user=a&password=b");
        assertThat(maria.dialect()).isEqualTo(Dialect.MYSQL);
        assertThat(maria.jdbcUrl()).isEqualTo("jdbc:mysql://db/llmio?user=a&password=b");
        assertThat(maria.describe()).isEqualTo("mysql db:3306/llmio").doesNotContain("password");

        Dsn pg = Dsn.parse(null, "jdbc:postgresql://h:5433/d");
        assertThat(pg.dialect()).isEqualTo(Dialect.POSTGRES);
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5433/d");
        assertThat(pg.withDatabase("postgres").jdbcUrl()).isEqualTo("jdbc:postgresql://h:5433/postgres");

        Dsn h2 = Dsn.parse(null, "jdbc:h2:mem:x;MODE=PostgreSQL");
        assertThat(h2.dialect()).isEqualTo(Dialect.EMBEDDED);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "        | postgres://u:Sup3rSecret@host:notaport/db  | port",
        "mysql   | postgres://u:Sup3rSecret@host/db             | looks like a postgres",
        "postgres| u:Sup3rSecret@tcp(h:3306)/db                 | looks like a mysql",
        "oracle  | postgres://u:Sup3rSecret@host/db             | DATABASE_TYPE 'oracle' is not supported",
        "postgres|                                              | DATABASE_DSN is not set",
        "embedded| postgres://u:Sup3rSecret@host/db             | DATABASE_TYPE is embedded",
        "        | jdbc:sqlserver://h;password=Sup3rSecret     | unsupported database",
        "        | Sup3rSecret                                  | not a postgres DSN",
        "        | u:Sup3rSecret@unix(/run/mysqld.sock)/db      | unix socket",
        "        | postgres://u:Sup3rSecret%zz@host/db          | %-escape",
    })
    void malformedSettingsGiveOneParagraphWithoutThePassword(String type, String dsn, String expected) {
        assertThatThrownBy(() -> Dsn.parse(type, dsn, WORK))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining(expected)
                .hasMessageContaining("DATABASE_DSN")
                .hasMessageContaining("postgres://user:pass@host:5432/db?sslmode=disable")
                .hasMessageNotContaining("Sup3rSecret")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void dsnParamTlsValuesMapOrFailAtStart() {
        assertThat(Dsn.parse(null, "u:pw@tcp(h:3306)/d?tls=true").jdbcUrl()).endsWith("?sslMode=VERIFY_IDENTITY");
        assertThat(Dsn.parse(null, "u:pw@tcp(h:3306)/d?tls").jdbcUrl()).endsWith("?sslMode=VERIFY_IDENTITY");
        assertThat(Dsn.parse(null, "u:pw@tcp(h:3306)/d?tls=skip-verify").jdbcUrl()).endsWith("?sslMode=REQUIRED");
        assertThat(Dsn.parse(null, "u:pw@tcp(h:3306)/d?tls=preferred").jdbcUrl()).endsWith("?sslMode=PREFERRED");
        assertThat(Dsn.parse(null, "u:pw@tcp(h:3306)/d?tls=false").jdbcUrl()).endsWith("?sslMode=DISABLED");
        // a custom TLS config registered in Go code has no counterpart: never a silent DISABLED
        assertThatThrownBy(() -> Dsn.parse(null, "u:Sup3rSecret@tcp(h:3306)/d?tls=custom"))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("DATABASE_DSN")
                .hasMessageContaining("tls=custom")
                .hasMessageNotContaining("Sup3rSecret");
        assertThatThrownBy(() -> Dsn.parse(null, "mysql://u:Sup3rSecret@h/d?tls=mine"))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("tls=mine");
    }

    @ParameterizedTest
    @CsvSource({"10s,10000", "500ms,500", "1.5s,1500", "1m,60000", "1m30s,90000", "1h,3600000", "2000,2000",
                "0,0", "1500us,2", "90000000ns,90"})
    void dsnParamDurationsReadAsGoDoes(String value, long millis) {
        assertThat(Dsn.parse(null, "u:pw@tcp(h:3306)/d?timeout=" + value + "&readTimeout=" + value).jdbcUrl())
                .endsWith("?connectTimeout=" + millis + "&socketTimeout=" + millis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"timeout=abc", "readTimeout=5x", "timeout=", "readTimeout=-1s", "timeout=1.2.3s"})
    void dsnParamBadDurationFailsAtStartNamingIt(String param) {
        assertThatThrownBy(() -> Dsn.parse(null, "u:Sup3rSecret@tcp(h:3306)/d?" + param))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("DATABASE_DSN")
                .hasMessageContaining(param)
                .hasMessageNotContaining("Sup3rSecret");
    }
}
