package io.llmio.legacy;

import io.llmio.store.Dialect;

/** The import contract with the original's database and llmio's on PostgreSQL. */
class LegacyImportPostgresTest extends LegacyImportContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRES;
    }
}
