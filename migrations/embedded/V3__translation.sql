-- llmio schema V3, H2 (embedded): cross-protocol translation (SPEC §11).
-- request_logs.upstream_style: the protocol spoken to the upstream of an attempt, next to `style` (the caller's).
-- Equal to `style` for same-protocol passthrough, another protocol when the request was translated (an OpenAI
-- chat caller served by an Anthropic provider: style `openai`, upstream_style `anthropic`). Rows written before
-- this migration keep '' (passthrough was the only way then).
-- providers.max_completion_tokens: a translated request's output limit goes to this OpenAI provider as
-- `max_completion_tokens` (OpenAI's reasoning models) instead of `max_tokens` (what most OpenAI-compatible
-- servers take).

ALTER TABLE request_logs ADD COLUMN upstream_style VARCHAR(32) NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN max_completion_tokens BOOLEAN NOT NULL DEFAULT FALSE;
