-- llmio schema V4: budgets and limits per API key, a TPM limit per provider (issue 16).
-- 0 means none. What each key used is kept per period in auth_key_usage: one row for the total, one per UTC
-- day (period 'day:2026-12-03') and one per UTC month ('month:2026-12'); the request-log writer adds to them
-- off the request path, and the limiter is seeded from them at start so that budgets survive restarts.

ALTER TABLE providers ADD COLUMN tpm_limit INT NOT NULL DEFAULT 0;

ALTER TABLE auth_keys ADD COLUMN budget_usd DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE auth_keys ADD COLUMN budget_usd_daily DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE auth_keys ADD COLUMN budget_usd_monthly DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE auth_keys ADD COLUMN budget_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE auth_keys ADD COLUMN budget_tokens_daily BIGINT NOT NULL DEFAULT 0;
ALTER TABLE auth_keys ADD COLUMN budget_tokens_monthly BIGINT NOT NULL DEFAULT 0;
ALTER TABLE auth_keys ADD COLUMN rpm_limit INT NOT NULL DEFAULT 0;
ALTER TABLE auth_keys ADD COLUMN tpm_limit INT NOT NULL DEFAULT 0;
ALTER TABLE auth_keys ADD COLUMN max_parallel INT NOT NULL DEFAULT 0;

CREATE TABLE auth_key_usage (
    auth_key_id BIGINT           NOT NULL,
    period      VARCHAR(16)      NOT NULL,
    cost        DOUBLE PRECISION NOT NULL DEFAULT 0,
    tokens      BIGINT           NOT NULL DEFAULT 0,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (auth_key_id, period)
);
