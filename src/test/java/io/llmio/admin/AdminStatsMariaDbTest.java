package io.llmio.admin;

/** Statistics, logs, health and config routes on the mysql database (inherits the route contract too). */
class AdminStatsMariaDbTest extends AdminStatsContract {
    @Override
    String databaseType() {
        return "mysql";
    }
}
