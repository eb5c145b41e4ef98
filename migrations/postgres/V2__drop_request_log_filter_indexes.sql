-- llmio schema V2, PostgreSQL: a request-log write maintains three B-trees instead of eight.
-- request_logs keeps two secondary indexes: created_at (newest-first log list walks it backwards and filters;
-- time-range statistics and health windows; retention deletes by age) and trace_id (trace lookup). The five
-- (column, created_at) indexes cost a B-tree insert per logged attempt (and again at commit on H2) and served
-- little: the row count of a log list filtered by that column (now a scan when no time range is given) and, on
-- MySQL, per-key statistics of a rarely used key (H2 never uses an index for the "any key or this key" filter).

DROP INDEX ix_request_logs_model;
DROP INDEX ix_request_logs_provider;
DROP INDEX ix_request_logs_auth_key;
DROP INDEX ix_request_logs_status;
DROP INDEX ix_request_logs_style;
