package io.llmio.requestlog;

import java.time.Instant;

/**
 * One row of {@code request_logs}: one attempt of one client request (SPEC §6). {@code id} comes from
 * {@link LogIds}; null fields are unknown (e.g. no HTTP status when the connection failed).
 */
public record RequestLog(long id,
                         String traceId,
                         Instant createdAt,
                         String model,
                         Long providerId,
                         String providerName,
                         String providerModel,
                         String style,
                         boolean stream,
                         Long authKeyId,
                         String clientIp,
                         String userAgent,
                         int attempt,
                         String status,
                         Integer httpStatus,
                         String error,
                         Long proxyMs,
                         Long firstTokenMs,
                         Long totalMs,
                         long promptTokens,
                         long completionTokens,
                         long totalTokens,
                         long cachedTokens,
                         long reasoningTokens,
                         String usageSource,
                         double tokensPerSecond,
                         long responseBytes,
                         double cost,
                         boolean hasBody,
                         String upstreamStyle) {
    /** {@link AttemptStatus#wire()} values, as the column holds them. */
    public static final String RUNNING = "running";
    public static final String SUCCESS = "success";
    public static final String ERROR = "error";

    public RequestLog {
        providerName = providerName == null ? "" : providerName;
        providerModel = providerModel == null ? "" : providerModel;
        clientIp = clientIp == null ? "" : clientIp;
        userAgent = userAgent == null ? "" : userAgent;
        usageSource = usageSource == null ? UsageSource.NONE.wire() : usageSource;
        status = status == null ? RUNNING : status;
        upstreamStyle = upstreamStyle == null ? "" : upstreamStyle;
    }
}
