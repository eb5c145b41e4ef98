package io.llmio.config;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The outcome of the live reloads of the config file, for {@code /health/detail} and {@code /metrics}:
 * how many applied and failed, when the file last applied (the start counts), the last error, and the
 * settings changed in the file since the start that apply only at a restart.
 */
public final class ConfigReloads {
    /**
     * @param file           the config file watched
     * @param status         {@code ok} (the file as it is now applied) or {@code invalid} (the last reload failed:
     *                       the registry of the last good file is kept)
     * @param successes      reloads applied since the start
     * @param failures       reloads rejected since the start
     * @param lastSuccessAt  when the file last applied (the start, until a reload applies)
     * @param lastFailureAt  when a reload last failed, or null
     * @param lastError      why the last reload failed (names the key or line), null once a reload applies again
     * @param restartPending settings changed in the file since the start that apply only at the next start
     */
    public record Status(String file, String status, long successes, long failures, Instant lastSuccessAt,
                         Instant lastFailureAt, String lastError, List<String> restartPending) {
        public Status {
            restartPending = List.copyOf(restartPending);
        }
    }

    private final AtomicReference<Status> state;

    public ConfigReloads(String file, Instant startedAt) {
        state = new AtomicReference<>(new Status(file, "ok", 0, 0, startedAt, null, null, List.of()));
    }

    public void succeeded(Instant at, List<String> restartPending) {
        state.updateAndGet(s -> new Status(s.file(), "ok", s.successes() + 1, s.failures(), at, s.lastFailureAt(), null,
                                           restartPending));
    }

    public void failed(Instant at, String error) {
        state.updateAndGet(s -> new Status(s.file(), "invalid", s.successes(), s.failures() + 1, s.lastSuccessAt(), at,
                                           error, s.restartPending()));
    }

    public Status status() {
        return state.get();
    }

    public long successes() {
        return state.get().successes();
    }

    public long failures() {
        return state.get().failures();
    }

    public double lastSuccessEpochSeconds() {
        return state.get().lastSuccessAt().toEpochMilli() / 1000.0;
    }
}
