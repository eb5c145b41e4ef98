package io.llmio.requestlog;

import java.time.Instant;

/** One row of {@code request_bodies}: the request and response text of a logged attempt (models with io_log). */
public record RequestBody(long logId, String requestBody, String responseBody, Instant createdAt) {
}
