package io.llmio.admin;

/** Statistics, logs, health and config routes on the embedded database (inherits the route contract too). */
class AdminStatsEmbeddedTest extends AdminStatsContract {
    @Override
    String databaseType() {
        return "embedded";
    }
}
