package io.llmio.requestlog;

import java.util.List;

/** One page of request logs, newest first; {@code page} is 1-based, {@code total} counts all matching rows. */
public record LogPage(List<RequestLog> items, long total, int page, int pageSize) {
    public LogPage {
        items = List.copyOf(items);
    }
}
