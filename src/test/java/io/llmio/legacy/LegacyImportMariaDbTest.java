package io.llmio.legacy;

import io.llmio.store.Dialect;

/** The import contract with the original's database and llmio's on MariaDB. */
class LegacyImportMariaDbTest extends LegacyImportContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
