package io.llmio.proxy;

import java.time.Duration;
import java.time.Instant;

import io.llmio.requestlog.AttemptLog;
import io.llmio.requestlog.AttemptStatus;
import io.llmio.requestlog.LogSink;
import io.llmio.requestlog.UsageSource;
import io.llmio.routing.AttemptResult;
import io.llmio.registry.Route;
import io.llmio.proxy.protocol.Usage;

/** Fills an attempt's log row as it starts and ends, and hands it to the log sink each time. */
final class AttemptRecorder {
    private final LogSink logs;

    AttemptRecorder(LogSink logs) {
        this.logs = logs;
    }

    /** Where a streamed answer's SSE data payloads are collected for io_log (capped by the sink). */
    java.util.List<String> eventLog() {
        return logs.eventLog();
    }

    void started(AttemptLog log) {
        logs.record(log);
    }

    /**
     * The attempt failed before the client got a byte: another route may be tried, unless the
     * client itself left meanwhile (then the failure is the cancelled upstream call, and the row says so).
     */
    AttemptResult failed(AttemptLog log, Call call, int status, boolean timeout, Duration retryAfter, String error) {
        return failed(log, call, status, timeout, retryAfter, error, false);
    }

    /** {@link #failed}; {@code overloaded}: the gateway's connection cap to that upstream was full, nothing was sent. */
    AttemptResult failed(AttemptLog log, Call call, int status, boolean timeout, Duration retryAfter, String error,
                         boolean overloaded) {
        if (call.client().gone()) {
            return clientGone(log, call, null);
        }
        log.httpStatus = status == 0 ? null : status;
        String clean = call.redactor().redact(error);
        finish(log, call, AttemptStatus.ERROR, clean, null);
        return new AttemptResult.Failed(status, timeout, retryAfter, clean, overloaded);
    }

    void finish(AttemptLog log, Call call, AttemptStatus status, String error, Usage usage) {
        log.status = status;
        // upstream text (error bodies, exception messages) may echo a key: SPEC §4.3
        log.error = call.redactor().redact(error);
        log.totalMs = call.elapsedMs();
        if (usage != null) {
            log.promptTokens = usage.prompt();
            log.completionTokens = usage.completion();
            log.totalTokens = usage.total();
            log.cachedTokens = usage.cached();
            log.reasoningTokens = usage.reasoning();
            log.usageSource = UsageSource.UPSTREAM;
            // generation time: from the first token for a stream, the whole upstream call otherwise
            long from = log.stream && log.firstTokenMs != null ? log.firstTokenMs : log.proxyMs == null ? 0 : log.proxyMs;
            long genMs = log.totalMs - from;
            if (usage.completion() > 0) {
                log.tokensPerSecond = usage.completion() * 1000.0 / Math.max(1, genMs);
            }
        }
        logs.record(log);
    }

    AttemptLog newLog(Call call, Route route, int attempt) {
        AttemptLog log = new AttemptLog();
        log.traceId = call.traceId();
        log.createdAt = Instant.now();
        log.model = call.model().model().name();
        log.providerId = route.provider().id();
        log.providerName = route.provider().name();
        log.providerModel = route.association().providerModel();
        log.associationId = route.id();
        log.style = call.style().wire();
        log.upstreamStyle = call.upstreamStyle(route).wire();
        log.stream = call.stream();
        log.authKeyId = call.caller().keyId();
        log.clientIp = call.clientIp();
        log.userAgent = call.userAgent();
        log.attempt = attempt;
        return log;
    }

    /** The client went away (or stopped reading): the row says so and the attempt counts as answered. */
    AttemptResult.Answered clientGone(AttemptLog log, Call call, Usage usage) {
        finish(log, call, AttemptStatus.ERROR, call.client().goneReason(), usage);
        return new AttemptResult.Answered(false);
    }
}
