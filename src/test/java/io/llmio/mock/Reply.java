package io.llmio.mock;

import java.util.List;
import java.util.Map;

/**
 * The normal answer to a request, before faults. {@code frames} is null for a plain body; for a
 * stream it holds the pieces written one flush each (SSE events, or JSON array pieces).
 */
record Reply(int status, Map<String, String> headers, byte[] body, List<String> frames) {

    boolean streaming() {
        return frames != null;
    }
}
