-- llmio schema, MySQL 8+ / MariaDB 10.6+. Applied by the server at start (Flyway); a DBA may run it by hand: mysql llmio < V1__schema.sql
-- Times are DATETIME(3) holding UTC (the application connects with connectionTimeZone=UTC); JSON-ish fields are TEXT
-- (MySQL allows no literal DEFAULT on TEXT, so the application always writes them).

CREATE TABLE providers (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    name            VARCHAR(191) NOT NULL,
    type            VARCHAR(32)  NOT NULL,
    base_url        VARCHAR(1024) NOT NULL,
    api_key         TEXT         NOT NULL,
    headers         TEXT         NOT NULL,
    proxy           VARCHAR(1024) NOT NULL DEFAULT '',
    error_matcher   TEXT         NOT NULL,
    rpm_limit       INT          NOT NULL DEFAULT 0,
    ip_lock_minutes INT          NOT NULL DEFAULT 0,
    console         VARCHAR(1024) NOT NULL DEFAULT '',
    enabled         BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at      DATETIME(3)  NOT NULL,
    updated_at      DATETIME(3)  NOT NULL,
    CONSTRAINT uq_providers_name UNIQUE (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE models (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    name            VARCHAR(191) NOT NULL,
    remark          TEXT         NOT NULL,
    strategy        VARCHAR(32)  NOT NULL DEFAULT 'lottery',
    max_retry       INT          NOT NULL DEFAULT 3,
    timeout_seconds INT          NOT NULL DEFAULT 60,
    io_log          BOOLEAN      NOT NULL DEFAULT FALSE,
    breaker         BOOLEAN      NOT NULL DEFAULT FALSE,
    enabled         BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at      DATETIME(3)  NOT NULL,
    updated_at      DATETIME(3)  NOT NULL,
    CONSTRAINT uq_models_name UNIQUE (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE model_providers (
    id                BIGINT AUTO_INCREMENT PRIMARY KEY,
    model_id          BIGINT       NOT NULL,
    provider_id       BIGINT       NOT NULL,
    provider_model    VARCHAR(191) NOT NULL,
    weight            INT          NOT NULL DEFAULT 1,
    tool_call         BOOLEAN      NOT NULL DEFAULT FALSE,
    structured_output BOOLEAN      NOT NULL DEFAULT FALSE,
    image             BOOLEAN      NOT NULL DEFAULT FALSE,
    with_header       BOOLEAN      NOT NULL DEFAULT FALSE,
    headers           TEXT         NOT NULL,
    extra_body        TEXT         NOT NULL,
    enabled           BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at        DATETIME(3)  NOT NULL,
    updated_at        DATETIME(3)  NOT NULL,
    CONSTRAINT uq_model_providers UNIQUE (model_id, provider_id, provider_model),
    CONSTRAINT fk_model_providers_model FOREIGN KEY (model_id) REFERENCES models (id) ON DELETE CASCADE,
    CONSTRAINT fk_model_providers_provider FOREIGN KEY (provider_id) REFERENCES providers (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ix_model_providers_provider ON model_providers (provider_id);

CREATE TABLE auth_keys (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    name         VARCHAR(191) NOT NULL,
    key_hash     CHAR(64)     NOT NULL,
    key_prefix   VARCHAR(64)  NOT NULL,
    enabled      BOOLEAN      NOT NULL DEFAULT TRUE,
    allow_all    BOOLEAN      NOT NULL DEFAULT FALSE,
    models       TEXT         NOT NULL,
    expires_at   DATETIME(3)  NULL,
    usage_count  BIGINT       NOT NULL DEFAULT 0,
    last_used_at DATETIME(3)  NULL,
    created_at   DATETIME(3)  NOT NULL,
    updated_at   DATETIME(3)  NOT NULL,
    CONSTRAINT uq_auth_keys_hash UNIQUE (key_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- ids come from the application (time-ordered, JS-safe); no foreign key to providers: ids plus a name snapshot
CREATE TABLE request_logs (
    id                BIGINT       NOT NULL PRIMARY KEY,
    trace_id          VARCHAR(64)  NOT NULL,
    created_at        DATETIME(3)  NOT NULL,
    model             VARCHAR(191) NOT NULL,
    provider_id       BIGINT       NULL,
    provider_name     VARCHAR(191) NOT NULL DEFAULT '',
    provider_model    VARCHAR(191) NOT NULL DEFAULT '',
    style             VARCHAR(32)  NOT NULL,
    stream            BOOLEAN      NOT NULL DEFAULT FALSE,
    auth_key_id       BIGINT       NULL,
    client_ip         VARCHAR(64)  NOT NULL DEFAULT '',
    user_agent        VARCHAR(512) NOT NULL DEFAULT '',
    attempt           INT          NOT NULL DEFAULT 0,
    status            VARCHAR(16)  NOT NULL,
    http_status       INT          NULL,
    error             TEXT         NULL,
    proxy_ms          BIGINT       NULL,
    first_token_ms    BIGINT       NULL,
    total_ms          BIGINT       NULL,
    prompt_tokens     BIGINT       NOT NULL DEFAULT 0,
    completion_tokens BIGINT       NOT NULL DEFAULT 0,
    total_tokens      BIGINT       NOT NULL DEFAULT 0,
    cached_tokens     BIGINT       NOT NULL DEFAULT 0,
    reasoning_tokens  BIGINT       NOT NULL DEFAULT 0,
    usage_source      VARCHAR(16)  NOT NULL DEFAULT 'none',
    tokens_per_second DOUBLE PRECISION NOT NULL DEFAULT 0,
    response_bytes    BIGINT       NOT NULL DEFAULT 0,
    cost              DOUBLE PRECISION NOT NULL DEFAULT 0,
    has_body          BOOLEAN      NOT NULL DEFAULT FALSE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ix_request_logs_created ON request_logs (created_at);
CREATE INDEX ix_request_logs_model ON request_logs (model, created_at);
CREATE INDEX ix_request_logs_provider ON request_logs (provider_id, created_at);
CREATE INDEX ix_request_logs_auth_key ON request_logs (auth_key_id, created_at);
CREATE INDEX ix_request_logs_status ON request_logs (status, created_at);
CREATE INDEX ix_request_logs_trace ON request_logs (trace_id);
CREATE INDEX ix_request_logs_style ON request_logs (style, created_at);

CREATE TABLE request_bodies (
    log_id        BIGINT      NOT NULL PRIMARY KEY,
    request_body  LONGTEXT    NULL,
    response_body LONGTEXT    NULL,
    created_at    DATETIME(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- "name" is the setting key and "value_text" its value (KEY is reserved in MySQL, VALUE in H2)
CREATE TABLE settings (
    name       VARCHAR(191) NOT NULL PRIMARY KEY,
    value_text TEXT         NOT NULL,
    updated_at DATETIME(3)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- a price applies to one association (association_id set) or to a public model name (association_id null)
CREATE TABLE model_prices (
    id                    BIGINT AUTO_INCREMENT PRIMARY KEY,
    model_name            VARCHAR(191) NULL,
    association_id        BIGINT       NULL,
    input_per_mtok        DOUBLE PRECISION NOT NULL DEFAULT 0,
    output_per_mtok       DOUBLE PRECISION NOT NULL DEFAULT 0,
    cached_input_per_mtok DOUBLE PRECISION NULL,
    source                VARCHAR(16)  NOT NULL DEFAULT 'manual',
    updated_at            DATETIME(3)  NOT NULL,
    CONSTRAINT uq_model_prices_model UNIQUE (model_name),
    CONSTRAINT uq_model_prices_association UNIQUE (association_id),
    CONSTRAINT fk_model_prices_association FOREIGN KEY (association_id) REFERENCES model_providers (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- one row; bumped in the same transaction as every registry change so other instances reload
CREATE TABLE registry_version (
    id      INT    NOT NULL PRIMARY KEY,
    version BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT INTO registry_version (id, version) VALUES (1, 1);
