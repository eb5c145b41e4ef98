package io.llmio.observe;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.llmio.requestlog.AttemptLog;
import io.llmio.requestlog.AttemptStatus;

/**
 * The last {@link #SIZE} outcomes and the last error of every provider and association, in memory, fed
 * by {@link LogQueue#onFinished}: the "strip" of the health detail. Cheap: one small synchronized deque each.
 */
public final class RecentOutcomes {
    public static final int SIZE = 20;

    private final Map<Long, Track> providers = new ConcurrentHashMap<>();
    private final Map<Long, Track> associations = new ConcurrentHashMap<>();

    /** Oldest first; {@code lastError} null when none was seen. */
    public record View(List<String> recent, String lastError, Instant lastErrorAt) {
        public static final View EMPTY = new View(List.of(), null, null);
    }

    public void record(AttemptLog log) {
        if (log.providerId != null) {
            providers.computeIfAbsent(log.providerId, k -> new Track()).add(log);
        }
        if (log.associationId != null) {
            associations.computeIfAbsent(log.associationId, k -> new Track()).add(log);
        }
    }

    public View provider(long id) {
        Track t = providers.get(id);
        return t == null ? View.EMPTY : t.view();
    }

    public View association(long id) {
        Track t = associations.get(id);
        return t == null ? View.EMPTY : t.view();
    }

    private static final class Track {
        private final Deque<String> outcomes = new ArrayDeque<>(SIZE);
        private String lastError;
        private Instant lastErrorAt;

        synchronized void add(AttemptLog log) {
            if (outcomes.size() == SIZE) {
                outcomes.removeFirst();
            }
            outcomes.addLast(log.status.wire());
            if (log.status != AttemptStatus.SUCCESS) {
                lastError = (log.httpStatus == null ? "" : log.httpStatus + " ") + (log.error == null ? "" : log.error);
                lastErrorAt = Instant.now();
            }
        }

        synchronized View view() {
            return new View(new ArrayList<>(outcomes), lastError == null ? null : lastError.strip(), lastErrorAt);
        }
    }
}
