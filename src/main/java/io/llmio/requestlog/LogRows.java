package io.llmio.requestlog;

import io.helidon.dbclient.DbRow;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import io.llmio.store.Database;
import io.llmio.store.Rows;

/** Maps {@link RequestLog} to the positional parameters of the batch statements and back from rows. */
final class LogRows {
    private LogRows() {
    }

    /**
     * Binds every column except {@code id}, in table order, from parameter {@code i}, each text cut to its column's
     * width; returns the next index.
     */
    static int bindColumns(PreparedStatement ps, int i, RequestLog l, Database db, LogColumns cols) throws SQLException {
        ps.setString(i++, cols.fit("trace_id", l.traceId()));
        setTime(ps, i++, db.time(l.createdAt()));
        ps.setString(i++, cols.fit("model", l.model()));
        setLong(ps, i++, l.providerId());
        ps.setString(i++, cols.fit("provider_name", l.providerName()));
        ps.setString(i++, cols.fit("provider_model", l.providerModel()));
        ps.setString(i++, cols.fit("style", l.style()));
        ps.setBoolean(i++, l.stream());
        setLong(ps, i++, l.authKeyId());
        ps.setString(i++, cols.fit("client_ip", l.clientIp()));
        ps.setString(i++, cols.fit("user_agent", l.userAgent()));
        ps.setInt(i++, l.attempt());
        ps.setString(i++, cols.fit("status", l.status()));
        if (l.httpStatus() == null) {
            ps.setNull(i++, Types.INTEGER);
        } else {
            ps.setInt(i++, l.httpStatus());
        }
        if (l.error() == null) {
            ps.setNull(i++, Types.VARCHAR);
        } else {
            ps.setString(i++, cols.fit("error", l.error()));
        }
        setLong(ps, i++, l.proxyMs());
        setLong(ps, i++, l.firstTokenMs());
        setLong(ps, i++, l.totalMs());
        ps.setLong(i++, l.promptTokens());
        ps.setLong(i++, l.completionTokens());
        ps.setLong(i++, l.totalTokens());
        ps.setLong(i++, l.cachedTokens());
        ps.setLong(i++, l.reasoningTokens());
        ps.setString(i++, cols.fit("usage_source", l.usageSource()));
        ps.setDouble(i++, l.tokensPerSecond());
        ps.setLong(i++, l.responseBytes());
        ps.setDouble(i++, l.cost());
        ps.setBoolean(i++, l.hasBody());
        ps.setString(i++, cols.fit("upstream_style", l.upstreamStyle()));
        return i;
    }

    static void bindBody(PreparedStatement ps, RequestBody b, Database db) throws SQLException {
        ps.setLong(1, b.logId());
        ps.setString(2, b.requestBody());
        ps.setString(3, b.responseBody());
        setTime(ps, 4, db.time(b.createdAt()));
    }

    private static void setTime(PreparedStatement ps, int i, Object time) throws SQLException {
        if (time == null) {
            ps.setNull(i, Types.TIMESTAMP);
        } else {
            ps.setObject(i, time);
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    static RequestLog map(DbRow r) {
        return new RequestLog(Rows.lng(r, "id"), Rows.str(r, "trace_id"), Rows.instant(r, "created_at"), Rows.str(r, "model"),
                              Rows.lngOrNull(r, "provider_id"), Rows.str(r, "provider_name"), Rows.str(r, "provider_model"),
                              Rows.str(r, "style"), Rows.bool(r, "stream"), Rows.lngOrNull(r, "auth_key_id"),
                              Rows.str(r, "client_ip"), Rows.str(r, "user_agent"), Rows.integer(r, "attempt"),
                              Rows.str(r, "status"), Rows.intOrNull(r, "http_status"), Rows.str(r, "error"),
                              Rows.lngOrNull(r, "proxy_ms"), Rows.lngOrNull(r, "first_token_ms"), Rows.lngOrNull(r, "total_ms"),
                              Rows.lng(r, "prompt_tokens"), Rows.lng(r, "completion_tokens"), Rows.lng(r, "total_tokens"),
                              Rows.lng(r, "cached_tokens"), Rows.lng(r, "reasoning_tokens"), Rows.str(r, "usage_source"),
                              Rows.dbl(r, "tokens_per_second"), Rows.lng(r, "response_bytes"), Rows.dbl(r, "cost"),
                              Rows.bool(r, "has_body"), Rows.str(r, "upstream_style"));
    }

    static RequestBody mapBody(DbRow r) {
        return new RequestBody(Rows.lng(r, "log_id"), Rows.str(r, "request_body"), Rows.str(r, "response_body"),
                               Rows.instant(r, "created_at"));
    }
}
