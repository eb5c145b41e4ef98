package io.llmio.requestlog;

import java.time.Instant;
import java.util.List;

/**
 * One attempt of one client request, as it becomes a row of {@code request_logs} (SPEC §6).
 * Filled in by the one virtual thread that runs the attempt, then handed to the log queue twice:
 * when it starts ({@code running}) and when it ends. Most fields are public for a plain data carrier
 * (the proxy fills them, metrics and pricing read them); the queue copies them into an immutable
 * {@link RequestLog} when it accepts the row. {@code id} is the queue's own.
 */
public final class AttemptLog {
    /** assigned by the {@link LogQueue} on the first {@code record}; 0 before */
    long id;
    public String traceId;
    public Instant createdAt;
    public String model;
    public Long providerId;
    public String providerName;
    public String providerModel;
    public String style;
    /** the protocol spoken to the upstream: {@link #style} for passthrough, another when translated (SPEC §11) */
    public String upstreamStyle;
    public boolean stream;
    public Long authKeyId;
    public String clientIp;
    public String userAgent;
    public int attempt;
    public AttemptStatus status = AttemptStatus.RUNNING;
    public Integer httpStatus;
    public String error;
    public Long proxyMs;
    public Long firstTokenMs;
    public Long totalMs;
    public long promptTokens;
    public long completionTokens;
    public long totalTokens;
    public long cachedTokens;
    public long reasoningTokens;
    public UsageSource usageSource = UsageSource.NONE;
    public Double tokensPerSecond;
    public long responseBytes;
    public Double cost;
    /** association used, for statistics and cost; not a column of its own */
    public Long associationId;

    /** Bodies kept when the model has io_log (null otherwise). */
    public byte[] requestBody;
    public byte[] responseBody;
    public List<String> responseEvents;

    public boolean finished() {
        return switch (status) {
            case RUNNING -> false;
            case SUCCESS, ERROR -> true;
        };
    }

    /** Bodies were kept for io_log (the request body is always kept when any is). */
    boolean hasBody() {
        return requestBody != null;
    }
}
