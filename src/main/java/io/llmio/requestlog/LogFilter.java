package io.llmio.requestlog;

import java.time.Instant;

/** Filters of the log page; null fields do not filter. {@code from} is inclusive, {@code to} exclusive. */
public record LogFilter(String model,
                        Long providerId,
                        String status,
                        String style,
                        Long authKeyId,
                        String traceId,
                        Instant from,
                        Instant to) {
    public static LogFilter none() {
        return new LogFilter(null, null, null, null, null, null, null, null);
    }
}
