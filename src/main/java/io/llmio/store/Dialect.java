package io.llmio.store;

import java.util.Locale;

/** The three databases llmio runs on. {@link #wire()} is the {@code DATABASE_TYPE} value. */
public enum Dialect {
    POSTGRES,
    MYSQL,
    EMBEDDED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code db/statements-<wire>.yaml} on the classpath. */
    public String statementsResource() {
        return "db/statements-" + wire() + ".yaml";
    }

    /** Flyway location of this dialect's migrations (the repo's {@code migrations/<wire>/}, packaged in the jar). */
    public String migrationsLocation() {
        return "classpath:db/migrations/" + wire();
    }

    @Override
    public String toString() {
        return wire();
    }
}
