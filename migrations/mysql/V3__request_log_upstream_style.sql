-- llmio schema V3, MySQL / MariaDB: the protocol spoken to the upstream of an attempt (SPEC §11), next to `style`,
-- the caller's protocol. Equal to `style` for same-protocol passthrough, another protocol when the request was
-- translated (an OpenAI chat caller served by an Anthropic provider: style `openai`, upstream_style `anthropic`).
-- Rows written before this migration keep '' (passthrough was the only way then).

ALTER TABLE request_logs ADD COLUMN upstream_style VARCHAR(32) NOT NULL DEFAULT '';
