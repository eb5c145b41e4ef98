package io.llmio.admin;

/** Statistics, logs, health and config routes on the postgres database (inherits the route contract too). */
class AdminStatsPostgresTest extends AdminStatsContract {
    @Override
    String databaseType() {
        return "postgres";
    }
}
